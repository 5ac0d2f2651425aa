package io.ferrite.examples.trading;

/**
 * Reason codes carried by {@link ExecutionReportCodec execution reports}: why a command was {@link ExecType#REJECTED
 * rejected} (1..99), or why an order was {@link ExecType#CANCELLED cancelled} (100..).
 * <p>
 * Rejections are decided before any state changes, so a rejected command leaves the books exactly as they were.
 */
public final class Reason
{
    /**
     * No reason: the report is not a rejection or a cancellation.
     */
    public static final short NONE = 0;

    /**
     * The payload length is not the one the event type's layout defines.
     */
    public static final short MALFORMED_PAYLOAD = 1;

    /**
     * The event type is not a trading command.
     */
    public static final short UNKNOWN_EVENT_TYPE = 2;

    /**
     * The instrument id is not in {@code [0, instrumentCount)}.
     */
    public static final short UNKNOWN_INSTRUMENT = 3;

    /**
     * The side is neither {@link Side#BUY} nor {@link Side#SELL}.
     */
    public static final short INVALID_SIDE = 4;

    /**
     * The order type is not one of {@link OrderType}.
     */
    public static final short INVALID_ORDER_TYPE = 5;

    /**
     * A quantity is not in {@code [1, MatchingProcessor.MAX_QUANTITY]}.
     */
    public static final short INVALID_QUANTITY = 6;

    /**
     * A limit price is not in {@code [1, MatchingProcessor.MAX_PRICE]}, or a market order's price is not 0.
     */
    public static final short INVALID_PRICE = 7;

    /**
     * The order id is not positive.
     */
    public static final short INVALID_ORDER_ID = 8;

    /**
     * An order with this id is resting in a book.
     */
    public static final short DUPLICATE_ORDER_ID = 9;

    /**
     * No resting order has this id: it never existed, or it was filled or cancelled.
     */
    public static final short UNKNOWN_ORDER = 10;

    /**
     * The order pool is full and the order would have to rest.
     */
    public static final short BOOK_FULL = 11;

    /**
     * Cancelled by a {@link TradingEventType#CANCEL_ORDER} command.
     */
    public static final short CANCELLED_BY_CLIENT = 100;

    /**
     * A {@link TradingEventType#REDUCE_ORDER} removed all the open quantity.
     */
    public static final short REDUCED_TO_ZERO = 101;

    /**
     * The part of an IOC order that did not trade at once.
     */
    public static final short IOC_REMAINDER = 102;

    /**
     * The part of a market order the opposite side of the book could not fill.
     */
    public static final short MARKET_NO_LIQUIDITY = 103;

    /**
     * A FOK order whose whole quantity could not trade at once within its limit.
     */
    public static final short FOK_NOT_FILLABLE = 104;

    private Reason()
    {
    }

    /**
     * @param reason a reason code.
     * @return its name, or "REASON(n)" if unknown.
     */
    public static String name(final short reason)
    {
        switch (reason)
        {
            case NONE:
                return "NONE";
            case MALFORMED_PAYLOAD:
                return "MALFORMED_PAYLOAD";
            case UNKNOWN_EVENT_TYPE:
                return "UNKNOWN_EVENT_TYPE";
            case UNKNOWN_INSTRUMENT:
                return "UNKNOWN_INSTRUMENT";
            case INVALID_SIDE:
                return "INVALID_SIDE";
            case INVALID_ORDER_TYPE:
                return "INVALID_ORDER_TYPE";
            case INVALID_QUANTITY:
                return "INVALID_QUANTITY";
            case INVALID_PRICE:
                return "INVALID_PRICE";
            case INVALID_ORDER_ID:
                return "INVALID_ORDER_ID";
            case DUPLICATE_ORDER_ID:
                return "DUPLICATE_ORDER_ID";
            case UNKNOWN_ORDER:
                return "UNKNOWN_ORDER";
            case BOOK_FULL:
                return "BOOK_FULL";
            case CANCELLED_BY_CLIENT:
                return "CANCELLED_BY_CLIENT";
            case REDUCED_TO_ZERO:
                return "REDUCED_TO_ZERO";
            case IOC_REMAINDER:
                return "IOC_REMAINDER";
            case MARKET_NO_LIQUIDITY:
                return "MARKET_NO_LIQUIDITY";
            case FOK_NOT_FILLABLE:
                return "FOK_NOT_FILLABLE";
            default:
                return "REASON(" + reason + ")";
        }
    }
}
