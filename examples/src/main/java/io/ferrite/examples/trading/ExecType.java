package io.ferrite.examples.trading;

/**
 * What an {@link ExecutionReportCodec execution report} says happened to an order. Meaning of the report's quantity
 * fields per type:
 * <pre>
 *   type               price             lastQuantity                 leavesQuantity
 *   ACCEPTED           order's limit     order quantity               order quantity
 *   REJECTED           as requested      as requested                 0
 *   PARTIALLY_FILLED   trade price       quantity of this fill        still open (&gt; 0)
 *   FILLED             trade price       quantity of this fill        0
 *   CANCELLED          order's limit     quantity removed             0
 *   REDUCED            order's limit     quantity removed             still open (&gt; 0)
 *   MOVED              new limit         0                            still open
 * </pre>
 */
public final class ExecType
{
    /**
     * A new order passed validation.
     */
    public static final byte ACCEPTED = 1;

    /**
     * A command was rejected; the reason field says why and no state changed.
     */
    public static final byte REJECTED = 2;

    /**
     * The order traded part of its quantity and is still open.
     */
    public static final byte PARTIALLY_FILLED = 3;

    /**
     * The order traded its last open quantity.
     */
    public static final byte FILLED = 4;

    /**
     * The order's open quantity was removed; the reason field says why.
     */
    public static final byte CANCELLED = 5;

    /**
     * A resting order's open quantity was reduced; it kept its time priority.
     */
    public static final byte REDUCED = 6;

    /**
     * A resting order got a new price and lost its time priority; fills may follow.
     */
    public static final byte MOVED = 7;

    private ExecType()
    {
    }

    /**
     * @param execType an execution type code.
     * @return its name, or "EXEC_TYPE(n)" if unknown.
     */
    public static String name(final byte execType)
    {
        switch (execType)
        {
            case ACCEPTED:
                return "ACCEPTED";
            case REJECTED:
                return "REJECTED";
            case PARTIALLY_FILLED:
                return "PARTIALLY_FILLED";
            case FILLED:
                return "FILLED";
            case CANCELLED:
                return "CANCELLED";
            case REDUCED:
                return "REDUCED";
            case MOVED:
                return "MOVED";
            default:
                return "EXEC_TYPE(" + execType + ")";
        }
    }
}
