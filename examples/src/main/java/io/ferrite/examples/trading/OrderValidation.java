package io.ferrite.examples.trading;

/**
 * The checks {@link MatchingProcessor} makes before a command changes anything ("no rollback"): each returns the
 * {@link Reason} to reject with, or {@link Reason#NONE}. Stateless and allocation free.
 */
final class OrderValidation
{
    private OrderValidation()
    {
    }

    /**
     * @return why a new order must be rejected, or {@link Reason#NONE}; the first failing check wins.
     */
    static short validateNewOrder(
        final OrderBooks books,
        final long orderId,
        final int instrument,
        final byte side,
        final byte type,
        final long price,
        final long quantity)
    {
        if (orderId <= 0)
        {
            return Reason.INVALID_ORDER_ID;
        }
        if (instrument < 0 || instrument >= books.instrumentCount)
        {
            return Reason.UNKNOWN_INSTRUMENT;
        }
        if (!Side.isValid(side))
        {
            return Reason.INVALID_SIDE;
        }
        if (!OrderType.isValid(type))
        {
            return Reason.INVALID_ORDER_TYPE;
        }
        if (!isValidQuantity(quantity))
        {
            return Reason.INVALID_QUANTITY;
        }
        if (type == OrderType.MARKET ? price != 0 : !isValidLimitPrice(price))
        {
            return Reason.INVALID_PRICE;
        }
        if (books.isResting(orderId))
        {
            return Reason.DUPLICATE_ORDER_ID;
        }
        return Reason.NONE;
    }

    /**
     * @return true if {@code quantity} is in {@code [1, MAX_QUANTITY]}.
     */
    static boolean isValidQuantity(final long quantity)
    {
        return quantity >= 1 && quantity <= MatchingProcessor.MAX_QUANTITY;
    }

    /**
     * @return true if {@code price} is a valid limit price, in {@code [1, MAX_PRICE]} ticks.
     */
    static boolean isValidLimitPrice(final long price)
    {
        return price >= 1 && price <= MatchingProcessor.MAX_PRICE;
    }
}
