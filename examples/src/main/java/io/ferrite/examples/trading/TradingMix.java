package io.ferrite.examples.trading;

import java.util.Locale;

/**
 * The command mix of a {@link TradingGenerator}, expressed the way the generator produces it: every client order
 * slot ("lane") runs cycles of {@code cycleLength} commands about one order of its own:
 * <pre>
 *   position 0                  NEW_ORDER LIMIT (GTC), the cycle's order
 *   positions 1..cycleLength-2  each drawn independently: MOVE / REDUCE of the cycle's order, or a new IOC / FOK order
 *                               (per mille weights {@code move, reduce, ioc, fok}, summing to 1000)
 *   position cycleLength-1      CANCEL of the cycle's order with probability {@code cancelAtEndPerMille}/1000,
 *                               otherwise a REDUCE by its whole original quantity (which removes whatever is left)
 * </pre>
 * so every modification references an order that was really placed, the generator needs no memory to know which,
 * and no lane order outlives its cycle. Over a long run the shares of the commands are (see
 * {@link #expectedShare(int)}):
 * <pre>
 *   limit = 1/C    cancel = e/C    reduce = (C-2)/C * r + (1-e)/C    move = (C-2)/C * m    ioc = (C-2)/C * i
 *   fok = (C-2)/C * f              with C = cycleLength, e = cancelAtEnd, m r i f the middle weights as fractions
 * </pre>
 * <p>
 * <b>Presets.</b> {@link #EXCHANGE_CORE}: C = 8, e = 560, m = 940, r = 20, i = 27, f = 13, giving 70.5% move, 12.5% new
 * limit (GTC), 7.0% reduce, 7.0% cancel, 2.0% IOC, 1.0% FOK: the mix exchange-core's throughput tests use (about 70%
 * move, 13% GTC, 7% reduce, 7% cancel, 2% IOC, a little FOK).
 * <p>
 * Immutable and thread safe.
 */
public final class TradingMix
{
    /**
     * Command kind: a new limit (GTC) order.
     */
    public static final int NEW_LIMIT = 1;

    /**
     * Command kind: a new IOC order.
     */
    public static final int NEW_IOC = 2;

    /**
     * Command kind: a new FOK order.
     */
    public static final int NEW_FOK = 3;

    /**
     * Command kind: move a resting order.
     */
    public static final int MOVE = 4;

    /**
     * Command kind: reduce a resting order.
     */
    public static final int REDUCE = 5;

    /**
     * Command kind: cancel a resting order.
     */
    public static final int CANCEL = 6;

    /**
     * The exchange-core benchmark mix: 70.5% move, 12.5% GTC, 7% reduce, 7% cancel, 2% IOC, 1% FOK.
     */
    public static final TradingMix EXCHANGE_CORE = new TradingMix("exchange-core", 8, 560, 940, 20, 27, 13);

    private final String name;
    private final int cycleLength;
    private final int cancelAtEndPerMille;
    private final int movePerMille;
    private final int reducePerMille;
    private final int iocPerMille;
    private final int fokPerMille;

    /**
     * Define a mix; see the class description for what each parameter does.
     *
     * @param name                a short name for reports.
     * @param cycleLength         commands per order cycle, at least 2.
     * @param cancelAtEndPerMille chance in 1000 that a cycle ends with a cancel rather than a full reduce.
     * @param movePerMille        weight of MOVE among the middle positions.
     * @param reducePerMille      weight of REDUCE among the middle positions.
     * @param iocPerMille         weight of a new IOC among the middle positions.
     * @param fokPerMille         weight of a new FOK among the middle positions.
     * @throws IllegalArgumentException if a value is out of range or the middle weights do not sum to 1000.
     */
    public TradingMix(
        final String name,
        final int cycleLength,
        final int cancelAtEndPerMille,
        final int movePerMille,
        final int reducePerMille,
        final int iocPerMille,
        final int fokPerMille)
    {
        if (cycleLength < 2)
        {
            throw new IllegalArgumentException(
                "cycleLength must be at least 2, was " + cycleLength + " in mix " + name);
        }
        if (cancelAtEndPerMille < 0 || cancelAtEndPerMille > 1000)
        {
            throw new IllegalArgumentException(
                "cancelAtEndPerMille must be in [0, 1000], was " + cancelAtEndPerMille + " in mix " + name);
        }
        if (movePerMille < 0 || reducePerMille < 0 || iocPerMille < 0 || fokPerMille < 0 ||
            movePerMille + reducePerMille + iocPerMille + fokPerMille != 1000)
        {
            throw new IllegalArgumentException("middle weights must be non-negative and sum to 1000, were move=" +
                movePerMille + " reduce=" + reducePerMille + " ioc=" + iocPerMille + " fok=" + fokPerMille +
                " in mix " + name);
        }
        this.name = name;
        this.cycleLength = cycleLength;
        this.cancelAtEndPerMille = cancelAtEndPerMille;
        this.movePerMille = movePerMille;
        this.reducePerMille = reducePerMille;
        this.iocPerMille = iocPerMille;
        this.fokPerMille = fokPerMille;
    }

    /**
     * @return the mix's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return commands per order cycle.
     */
    public int cycleLength()
    {
        return cycleLength;
    }

    /**
     * @return chance in 1000 that a cycle ends with a cancel.
     */
    public int cancelAtEndPerMille()
    {
        return cancelAtEndPerMille;
    }

    /**
     * @return per mille weight of MOVE among middle positions.
     */
    public int movePerMille()
    {
        return movePerMille;
    }

    /**
     * @return per mille weight of REDUCE among middle positions.
     */
    public int reducePerMille()
    {
        return reducePerMille;
    }

    /**
     * @return per mille weight of a new IOC among middle positions.
     */
    public int iocPerMille()
    {
        return iocPerMille;
    }

    /**
     * @return per mille weight of a new FOK among middle positions.
     */
    public int fokPerMille()
    {
        return fokPerMille;
    }

    /**
     * @param kind one of the command kinds of this class.
     * @return the long-run share of that kind among all generated commands, in [0, 1].
     * @throws IllegalArgumentException for an unknown kind.
     */
    public double expectedShare(final int kind)
    {
        final double cycle = cycleLength;
        final double middle = (cycleLength - 2) / cycle / 1000.0;
        final double endCancel = cancelAtEndPerMille / 1000.0;
        switch (kind)
        {
            case NEW_LIMIT:
                return 1 / cycle;
            case CANCEL:
                return endCancel / cycle;
            case MOVE:
                return middle * movePerMille;
            case REDUCE:
                return middle * reducePerMille + (1 - endCancel) / cycle;
            case NEW_IOC:
                return middle * iocPerMille;
            case NEW_FOK:
                return middle * fokPerMille;
            default:
                throw new IllegalArgumentException("unknown command kind " + kind);
        }
    }

    /**
     * @param kind a command kind.
     * @return its name.
     */
    public static String kindName(final int kind)
    {
        switch (kind)
        {
            case NEW_LIMIT:
                return "NEW_LIMIT";
            case NEW_IOC:
                return "NEW_IOC";
            case NEW_FOK:
                return "NEW_FOK";
            case MOVE:
                return "MOVE";
            case REDUCE:
                return "REDUCE";
            case CANCEL:
                return "CANCEL";
            default:
                return "KIND(" + kind + ")";
        }
    }

    /**
     * @return the name and the long-run shares, e.g. "exchange-core: move 70.5%, limit 12.5%, ...".
     */
    @Override
    public String toString()
    {
        return String.format(Locale.ROOT,
            "%s: move %.1f%%, limit %.1f%%, reduce %.1f%%, cancel %.1f%%, ioc %.1f%%, fok %.1f%%",
            name,
            100 * expectedShare(MOVE),
            100 * expectedShare(NEW_LIMIT),
            100 * expectedShare(REDUCE),
            100 * expectedShare(CANCEL),
            100 * expectedShare(NEW_IOC),
            100 * expectedShare(NEW_FOK));
    }
}
