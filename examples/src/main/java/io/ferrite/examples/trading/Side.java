package io.ferrite.examples.trading;

/**
 * Order sides as encoded in payloads. Zero is deliberately not a side, so a zeroed payload is rejected.
 */
public final class Side
{
    /**
     * Buy: rests in the bids, trades against asks priced at or below its limit.
     */
    public static final byte BUY = 1;

    /**
     * Sell: rests in the asks, trades against bids priced at or above its limit.
     */
    public static final byte SELL = 2;

    private Side()
    {
    }

    /**
     * @param side a side code.
     * @return true if it is {@link #BUY} or {@link #SELL}.
     */
    public static boolean isValid(final byte side)
    {
        return side == BUY || side == SELL;
    }

    /**
     * @param side a side code.
     * @return its name, or "SIDE(n)" if invalid.
     */
    public static String name(final byte side)
    {
        switch (side)
        {
            case BUY:
                return "BUY";
            case SELL:
                return "SELL";
            default:
                return "SIDE(" + side + ")";
        }
    }
}
