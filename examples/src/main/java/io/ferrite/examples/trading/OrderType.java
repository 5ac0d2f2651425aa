package io.ferrite.examples.trading;

/**
 * Order types as encoded in {@link NewOrderCodec}. Zero is deliberately not a type.
 */
public final class OrderType
{
    /**
     * Limit, good till cancelled: trades what crosses, rests the remainder at its price.
     */
    public static final byte LIMIT = 1;

    /**
     * Market: trades at any price against what the book holds, the remainder is cancelled. The price field must be 0.
     */
    public static final byte MARKET = 2;

    /**
     * Immediate or cancel: trades what crosses its limit, the remainder is cancelled.
     */
    public static final byte IOC = 3;

    /**
     * Fill or kill: trades its whole quantity within its limit at once, or nothing at all.
     */
    public static final byte FOK = 4;

    private OrderType()
    {
    }

    /**
     * @param type an order type code.
     * @return true if it is one of the four types.
     */
    public static boolean isValid(final byte type)
    {
        return type >= LIMIT && type <= FOK;
    }

    /**
     * @param type an order type code.
     * @return its name, or "TYPE(n)" if invalid.
     */
    public static String name(final byte type)
    {
        switch (type)
        {
            case LIMIT:
                return "LIMIT";
            case MARKET:
                return "MARKET";
            case IOC:
                return "IOC";
            case FOK:
                return "FOK";
            default:
                return "ORDER_TYPE(" + type + ")";
        }
    }
}
