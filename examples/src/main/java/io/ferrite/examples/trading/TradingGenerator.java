package io.ferrite.examples.trading;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;

import static io.ferrite.examples.support.Hashing.bounded;
import static io.ferrite.examples.support.Hashing.hash;
import static io.ferrite.examples.support.Hashing.mix64;
import static io.ferrite.examples.support.Hashing.unit;

/**
 * A deterministic order flow for {@link MatchingProcessor}: event {@code i} (from 1) is a pure function of
 * {@code (seed, i)}, timestamp included, computed from a counter-based hash ({@link
 * io.ferrite.examples.support.Hashing}) rather than a stateful random generator. Generating event {@code i} alone,
 * after {@code 1..i-1}, or in a generator resumed at {@code i}, gives the same bytes.
 * <p>
 * <b>Model.</b>
 * <ul>
 *   <li><b>Lanes.</b> Events are dealt round-robin to {@code lanes} client order slots (lane {@code (i-1) % lanes}).
 *   Each lane trades one instrument and runs cycles of commands about one order of its own, as {@link TradingMix}
 *   describes: a GTC limit order, then moves/reduces of it (and independent IOC/FOK orders), then a cancel or an
 *   aggressive move. A modification therefore names the order id placed at the start of the lane's current cycle,
 *   computed from {@code i} alone ({@link #orderId(long)}); that order may meanwhile have been filled or reduced to
 *   nothing, in which case the engine rejects the command with {@link Reason#UNKNOWN_ORDER}, as a real exchange
 *   would. Lanes start their cycles at staggered positions ({@code lane % cycleLength}) so that every stretch of the
 *   stream has the stated mix; a lane whose first cycle would contain only its end sends one IOC instead.</li>
 *   <li><b>Ids.</b> A new order's id is its event number {@code i}, so ids are unique; the account is
 *   {@code 1 + lane}.</li>
 *   <li><b>Instruments.</b> Lanes are spread over instruments with Zipf popularity (instrument {@code k} gets weight
 *   {@code 1/(k+1)}): with 64 instruments the busiest gets about 21% of the flow.</li>
 *   <li><b>Prices.</b> Each instrument has a base price of 1,000..9,999 ticks and a mid that moves with {@code i} as
 *   the sum of three octaves of integer value noise (periods 2^24, 2^20 and 2^14 events, amplitudes 1/16, 1/256 and
 *   1/4096 of the base), see {@link #mid(int, long)}. Passive prices sit 1..25 ticks (uniform) behind the mid;
 *   aggressive prices cross it by 1..6 ticks. New GTC orders are aggressive 5% of the time and moves 1.5%; IOC and FOK
 *   orders always are.</li>
 *   <li><b>Quantities.</b> GTC {@code 5 + floor(195 u^2)}, IOC {@code 1 + floor(60 u^2)}, FOK
 *   {@code 1 + floor(40 u^2)}, middle reduces 1..4, with {@code u} uniform in [0, 1); an end-of-cycle reduce asks for
 *   the order's whole original quantity.</li>
 *   <li><b>Time.</b> A synthetic clock: {@code timestamp(i) = EPOCH_NANOS + i * MEAN_GAP_NANOS + jitter}, jitter in
 *   {@code [0, MEAN_GAP_NANOS)}, so timestamps strictly increase (one million events per second of event time).</li>
 * </ul>
 * <b>Expected outcome</b> with {@link TradingMix#EXCHANGE_CORE} and the defaults (measured by
 * {@code TradingGeneratorTest} with seed 42 over 1M and 8M events): about 16% of all commands are rejected, all of
 * them as {@link Reason#UNKNOWN_ORDER} because the lane's order has meanwhile traded away or been reduced to nothing;
 * that is the fate of about 17% of the moves, 27% of the reduces and 29% of the cancels. The flow makes about 0.065
 * trades per event and the books hold at most about 12,700 resting orders, fewer than there are lanes.
 * <p>
 * <b>Threading and allocation:</b> not thread safe (one generator per producer); nothing is allocated per event.
 */
public final class TradingGenerator implements EventGenerator
{
    /**
     * Event time of event 0: 2024-01-01T00:00:00Z in nanoseconds since the epoch.
     */
    public static final long EPOCH_NANOS = 1_704_067_200_000_000_000L;

    /**
     * Mean gap between consecutive events' timestamps.
     */
    public static final long MEAN_GAP_NANOS = 1_000L;

    /**
     * Number of instruments of {@link #TradingGenerator(long)}.
     */
    public static final int DEFAULT_INSTRUMENTS = 64;

    /**
     * Number of lanes (client order slots) of {@link #TradingGenerator(long)}.
     */
    public static final int DEFAULT_LANES = 16_384;

    private static final int MAX_PASSIVE_OFFSET = 25;
    private static final int MAX_CROSS = 6;
    private static final int AGGRESSIVE_LIMIT_PER_MILLE = 50;
    private static final int AGGRESSIVE_MOVE_PER_MILLE = 15;

    private static final long STREAM_TIME = 1;
    private static final long STREAM_KIND = 2;
    private static final long STREAM_SIDE = 3;
    private static final long STREAM_PRICE = 4;
    private static final long STREAM_AGGRESSIVE = 5;
    private static final long STREAM_QUANTITY = 6;
    private static final long STREAM_END = 7;
    private static final long STREAM_INSTRUMENT = 8;
    private static final long STREAM_BASE_PRICE = 9;
    private static final long STREAM_NOISE = 10;

    private final long seed;
    private final int instrumentCount;
    private final int lanes;
    private final TradingMix mix;
    private final int cycleLength;
    private final int[] laneInstrument;
    private final long[] basePrice;
    private final long[] noiseSeed;

    private final NewOrderCodec.Encoder newOrder = new NewOrderCodec.Encoder();
    private final CancelOrderCodec.Encoder cancelOrder = new CancelOrderCodec.Encoder();
    private final ReduceOrderCodec.Encoder reduceOrder = new ReduceOrderCodec.Encoder();
    private final MoveOrderCodec.Encoder moveOrder = new MoveOrderCodec.Encoder();

    // Where the last located event sits: set by locate(i), read right after it on the same thread.
    private int lane;
    private long cycleStart;
    private int kind;
    private boolean endOfCycle;

    /**
     * A generator with {@link #DEFAULT_INSTRUMENTS} instruments, {@link #DEFAULT_LANES} lanes and the
     * {@link TradingMix#EXCHANGE_CORE} mix.
     *
     * @param seed the seed.
     */
    public TradingGenerator(final long seed)
    {
        this(seed, DEFAULT_INSTRUMENTS, DEFAULT_LANES, TradingMix.EXCHANGE_CORE);
    }

    /**
     * @param seed            the seed.
     * @param instrumentCount instruments {@code 0..instrumentCount-1}; the processor must have at least as many.
     * @param lanes           client order slots: at most this many lane orders rest at once.
     * @param mix             the command mix.
     * @throws IllegalArgumentException if a count is not positive.
     */
    public TradingGenerator(final long seed, final int instrumentCount, final int lanes, final TradingMix mix)
    {
        if (instrumentCount < 1 || instrumentCount > MatchingProcessor.MAX_INSTRUMENTS)
        {
            throw new IllegalArgumentException("instrumentCount must be in [1, " + MatchingProcessor.MAX_INSTRUMENTS +
                "], was " + instrumentCount);
        }
        if (lanes < 1)
        {
            throw new IllegalArgumentException("lanes must be positive, was " + lanes);
        }
        this.seed = seed;
        this.instrumentCount = instrumentCount;
        this.lanes = lanes;
        this.mix = mix;
        this.cycleLength = mix.cycleLength();

        basePrice = new long[instrumentCount];
        noiseSeed = new long[instrumentCount];
        final double[] cumulative = new double[instrumentCount];
        double total = 0;
        for (int k = 0; k < instrumentCount; k++)
        {
            basePrice[k] = 1_000 + bounded(hash(seed, k, STREAM_BASE_PRICE), 9_000);
            noiseSeed[k] = mix64(seed ^ hash(seed, k, STREAM_NOISE));
            total += 1.0 / (k + 1);
            cumulative[k] = total;
        }
        laneInstrument = new int[lanes];
        for (int l = 0; l < lanes; l++)
        {
            final double target = unit(hash(seed, l, STREAM_INSTRUMENT)) * total;
            int low = 0;
            int high = instrumentCount - 1;
            while (low < high)
            {
                final int middle = (low + high) >>> 1;
                if (cumulative[middle] > target)
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }
            laneInstrument[l] = low;
        }
    }

    /**
     * @return the seed.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * @return the number of instruments orders are spread over.
     */
    public int instrumentCount()
    {
        return instrumentCount;
    }

    /**
     * @return the number of lanes.
     */
    public int lanes()
    {
        return lanes;
    }

    /**
     * @return the command mix.
     */
    public TradingMix mix()
    {
        return mix;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the event's sequence is below 1 or it cannot hold a new-order payload.
     */
    @Override
    public void generate(final MutableEvent event)
    {
        final long i = event.sequence();
        if (event.maxLength() < NewOrderCodec.LENGTH)
        {
            throw new IllegalArgumentException("trading events need " + NewOrderCodec.LENGTH +
                " payload bytes, the event holds " + event.maxLength());
        }
        locate(i);
        event.timestamp(timestamp(i));
        final MutableDirectBuffer buffer = event.buffer();
        final int offset = event.payloadOffset();
        final int instrument = laneInstrument[lane];
        switch (kind)
        {
            case TradingMix.NEW_LIMIT:
            {
                final byte side = laneSide(cycleStart);
                final long mid = mid(instrument, i);
                final boolean aggressive =
                    bounded(hash(seed, i, STREAM_AGGRESSIVE), 1000) < AGGRESSIVE_LIMIT_PER_MILLE;
                final long price = aggressive ? aggressivePrice(mid, side, i) : passivePrice(mid, side, i);
                encodeNewOrder(event, buffer, offset, i, instrument, side, OrderType.LIMIT, price, laneQuantity(i));
                break;
            }

            case TradingMix.NEW_IOC:
            case TradingMix.NEW_FOK:
            {
                final byte side = (hash(seed, i, STREAM_SIDE) & 1) == 0 ? Side.BUY : Side.SELL;
                final long price = aggressivePrice(mid(instrument, i), side, i);
                final double u = unit(hash(seed, i, STREAM_QUANTITY));
                final boolean ioc = kind == TradingMix.NEW_IOC;
                encodeNewOrder(event, buffer, offset, i, instrument, side, ioc ? OrderType.IOC : OrderType.FOK, price,
                    1 + (long)((ioc ? 60 : 40) * u * u));
                break;
            }

            case TradingMix.MOVE:
            {
                final byte side = laneSide(cycleStart);
                final long mid = mid(instrument, i);
                final boolean aggressive =
                    bounded(hash(seed, i, STREAM_AGGRESSIVE), 1000) < AGGRESSIVE_MOVE_PER_MILLE;
                final long price = aggressive ? aggressivePrice(mid, side, i) : passivePrice(mid, side, i);
                event.type(TradingEventType.MOVE_ORDER);
                moveOrder.wrap(buffer, offset).orderId(cycleStart).price(price);
                event.length(MoveOrderCodec.LENGTH);
                break;
            }

            case TradingMix.REDUCE:
            {
                // The end of a cycle removes whatever is left of the lane's order: its original quantity is enough.
                final long quantity =
                    endOfCycle ? laneQuantity(cycleStart) : 1 + bounded(hash(seed, i, STREAM_QUANTITY), 4);
                event.type(TradingEventType.REDUCE_ORDER);
                reduceOrder.wrap(buffer, offset).orderId(cycleStart).quantity(quantity);
                event.length(ReduceOrderCodec.LENGTH);
                break;
            }

            default: // CANCEL
                event.type(TradingEventType.CANCEL_ORDER);
                cancelOrder.wrap(buffer, offset).orderId(cycleStart);
                event.length(CancelOrderCodec.LENGTH);
                break;
        }
    }

    private void encodeNewOrder(
        final MutableEvent event,
        final MutableDirectBuffer buffer,
        final int offset,
        final long orderId,
        final int instrument,
        final byte side,
        final byte orderType,
        final long price,
        final long quantity)
    {
        event.type(TradingEventType.NEW_ORDER);
        newOrder.wrap(buffer, offset)
            .orderId(orderId)
            .accountId(1 + lane)
            .price(price)
            .quantity(quantity)
            .instrumentId(instrument)
            .side(side)
            .orderType(orderType);
        event.length(NewOrderCodec.LENGTH);
    }

    /**
     * @param i an event number, from 1.
     * @return the kind of command event {@code i} is, one of the {@link TradingMix} kinds.
     */
    public int command(final long i)
    {
        locate(i);
        return kind;
    }

    /**
     * @param i an event number, from 1.
     * @return for a new order, its id ({@code i}); for a move, reduce or cancel, the id of the order it targets,
     * which the NEW_LIMIT at event {@code orderId(i) < i} placed.
     */
    public long orderId(final long i)
    {
        locate(i);
        return kind == TradingMix.NEW_LIMIT || kind == TradingMix.NEW_IOC || kind == TradingMix.NEW_FOK ?
            i : cycleStart;
    }

    /**
     * @param i an event number, from 1.
     * @return the instrument event {@code i} trades.
     */
    public int instrument(final long i)
    {
        locate(i);
        return laneInstrument[lane];
    }

    /**
     * @param i an event number.
     * @return its timestamp in nanoseconds: strictly increasing in {@code i}.
     */
    public long timestamp(final long i)
    {
        return EPOCH_NANOS + i * MEAN_GAP_NANOS + bounded(hash(seed, i, STREAM_TIME), (int)MEAN_GAP_NANOS);
    }

    /**
     * The moving mid price of an instrument at event {@code i}: the base price plus three octaves of value noise, each
     * interpolating linearly between pseudo-random knots placed every 2^24, 2^20 and 2^14 events. Integer arithmetic
     * only, so it is exactly reproducible on every JVM.
     *
     * @param instrument an instrument id.
     * @param i          an event number.
     * @return the mid in ticks, within 8% of the instrument's base price, so always above 900.
     */
    public long mid(final int instrument, final long i)
    {
        final long base = basePrice[instrument];
        final long noise = noiseSeed[instrument];
        return base +
            octave(noise, i, 24, base / 16) +
            octave(noise, i, 20, base / 256) +
            octave(noise, i, 14, base / 4096);
    }

    private static long octave(final long noiseSeed, final long i, final int shift, final long amplitude)
    {
        final long knot = i >>> shift;
        final long fraction = i & ((1L << shift) - 1);
        final long from = knotValue(noiseSeed, knot, shift, amplitude);
        final long to = knotValue(noiseSeed, knot + 1, shift, amplitude);
        return from + (((to - from) * fraction) >> shift);
    }

    private static long knotValue(final long noiseSeed, final long knot, final int shift, final long amplitude)
    {
        return bounded(hash(noiseSeed, knot, shift), (int)(2 * amplitude + 1)) - amplitude;
    }

    private long laneQuantity(final long cycleStartEvent)
    {
        final double u = unit(hash(seed, cycleStartEvent, STREAM_QUANTITY));
        return 5 + (long)(195 * u * u);
    }

    private long passivePrice(final long mid, final byte side, final long i)
    {
        final long offset = 1 + bounded(hash(seed, i, STREAM_PRICE), MAX_PASSIVE_OFFSET);
        return side == Side.BUY ? mid - offset : mid + offset;
    }

    private long aggressivePrice(final long mid, final byte side, final long i)
    {
        final long cross = 1 + bounded(hash(seed, i, STREAM_PRICE), MAX_CROSS);
        return side == Side.BUY ? mid + cross : mid - cross;
    }

    private byte laneSide(final long cycleStartEvent)
    {
        return (hash(seed, cycleStartEvent, STREAM_SIDE) & 1) == 0 ? Side.BUY : Side.SELL;
    }

    /**
     * Place event {@code i} in its lane and cycle: sets {@link #lane}, {@link #cycleStart} (the event number of the
     * NEW_LIMIT that opened the cycle), {@link #kind} and {@link #endOfCycle}.
     */
    private void locate(final long i)
    {
        if (i < 1)
        {
            throw new IllegalArgumentException("event numbers start at 1, was " + i);
        }
        final long index = i - 1;
        final int lane = (int)(index % lanes);
        final long n = index / lanes;
        final int cycle = cycleLength;
        final int phase = lane % cycle;
        final long shifted = n + phase;
        final long cycleNumber = shifted / cycle;
        final int position = (int)(shifted % cycle);
        final long cycleStartN = Math.max(cycleNumber * cycle - phase, 0);

        this.lane = lane;
        this.cycleStart = cycleStartN * lanes + lane + 1;
        this.endOfCycle = false;
        if (cycleNumber == 0 && phase == cycle - 1)
        {
            // The lane's first cycle would hold only its end, with no order to end: send a self-contained IOC.
            kind = TradingMix.NEW_IOC;
        }
        else if (n == cycleStartN)
        {
            kind = TradingMix.NEW_LIMIT;
        }
        else if (position == cycle - 1)
        {
            endOfCycle = true;
            kind = bounded(hash(seed, cycleStart, STREAM_END), 1000) < mix.cancelAtEndPerMille() ?
                TradingMix.CANCEL : TradingMix.REDUCE;
        }
        else
        {
            final int draw = bounded(hash(seed, i, STREAM_KIND), 1000);
            final int move = mix.movePerMille();
            final int reduce = move + mix.reducePerMille();
            final int ioc = reduce + mix.iocPerMille();
            kind = draw < move ? TradingMix.MOVE :
                draw < reduce ? TradingMix.REDUCE :
                draw < ioc ? TradingMix.NEW_IOC : TradingMix.NEW_FOK;
        }
    }
}
