package io.ferrite.examples.trading;

/**
 * Event and output types of the trading application. Inputs are client commands journaled by the engine; outputs are
 * what {@link MatchingProcessor} emits.
 * <pre>
 *   input                     payload layout          outputs it can cause
 *   NEW_ORDER         1       {@link NewOrderCodec}           EXECUTION_REPORT (accepted/rejected/fills/cancelled), TRADE
 *   CANCEL_ORDER      2       {@link CancelOrderCodec}        EXECUTION_REPORT (cancelled/rejected)
 *   REDUCE_ORDER      3       {@link ReduceOrderCodec}        EXECUTION_REPORT (reduced/cancelled/rejected)
 *   MOVE_ORDER        4       {@link MoveOrderCodec}          EXECUTION_REPORT (moved/rejected/fills), TRADE
 *   any other type            -                       EXECUTION_REPORT rejected with {@link Reason#UNKNOWN_EVENT_TYPE}
 * </pre>
 */
public final class TradingEventType
{
    /**
     * Place a new order: limit (GTC), market, IOC or FOK.
     */
    public static final int NEW_ORDER = 1;

    /**
     * Cancel a resting order.
     */
    public static final int CANCEL_ORDER = 2;

    /**
     * Reduce a resting order's open quantity; it keeps its time priority.
     */
    public static final int REDUCE_ORDER = 3;

    /**
     * Move a resting order to a new price; it loses its time priority and may trade at once.
     */
    public static final int MOVE_ORDER = 4;

    /**
     * Output: an execution report about one order, see {@link ExecutionReportCodec}.
     */
    public static final int EXECUTION_REPORT = 101;

    /**
     * Output: a trade between a buy and a sell order, see {@link TradeCodec}.
     */
    public static final int TRADE = 102;

    private TradingEventType()
    {
    }

    /**
     * @param type an input or output type.
     * @return its name, or "TYPE(n)" for an unknown type.
     */
    public static String name(final int type)
    {
        switch (type)
        {
            case NEW_ORDER:
                return "NEW_ORDER";
            case CANCEL_ORDER:
                return "CANCEL_ORDER";
            case REDUCE_ORDER:
                return "REDUCE_ORDER";
            case MOVE_ORDER:
                return "MOVE_ORDER";
            case EXECUTION_REPORT:
                return "EXECUTION_REPORT";
            case TRADE:
                return "TRADE";
            default:
                return "TYPE(" + type + ")";
        }
    }
}
