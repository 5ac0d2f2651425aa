package io.ferrite.examples.trading;

import io.ferrite.examples.support.StateHasher;
import org.agrona.collections.Long2LongHashMap;

/**
 * The state of {@link MatchingProcessor}: one bid and one ask {@link BookSide} per instrument, the order and level
 * pools they index into, and the map from client order id to order slot. It keeps the books' structure consistent
 * (queue links, level totals, emptied levels dropped) and answers queries; deciding what trades and what is reported
 * is the processor's job.
 * <p>
 * Everything is allocated by the constructor; the map is sized so that it never rehashes. Not thread safe: used on
 * the processor's thread or while the pipeline is stopped.
 */
final class OrderBooks
{
    static final int NULL = OrderPool.NULL;

    final int instrumentCount;
    final int orderCapacity;
    final BookSide[] bids;
    final BookSide[] asks;
    final OrderPool orders;
    final LevelPool levels;
    final Long2LongHashMap slotByOrderId;

    /**
     * @param instrumentCount number of instruments, already checked by the caller.
     * @param orderCapacity   most orders that can rest at once, already checked by the caller.
     */
    OrderBooks(final int instrumentCount, final int orderCapacity)
    {
        this.instrumentCount = instrumentCount;
        this.orderCapacity = orderCapacity;
        bids = new BookSide[instrumentCount];
        asks = new BookSide[instrumentCount];
        for (int i = 0; i < instrumentCount; i++)
        {
            bids[i] = new BookSide(true);
            asks[i] = new BookSide(false);
        }
        orders = new OrderPool(orderCapacity);
        levels = new LevelPool(orderCapacity);
        // Twice the capacity keeps the load factor under 0.5, below the 0.65 resize threshold: the map never rehashes.
        slotByOrderId = new Long2LongHashMap(Math.max(16, orderCapacity * 2), 0.65f, NULL);
    }

    /**
     * @param instrument a valid instrument id.
     * @param side       a valid side.
     * @return that side of the instrument's book.
     */
    BookSide side(final int instrument, final byte side)
    {
        return side == Side.BUY ? bids[instrument] : asks[instrument];
    }

    /**
     * @param instrument a valid instrument id.
     * @param side       the side of an incoming order.
     * @return the side it trades against.
     */
    BookSide opposite(final int instrument, final byte side)
    {
        return side == Side.BUY ? asks[instrument] : bids[instrument];
    }

    /**
     * @param instrument an instrument id from a caller.
     * @param side       a side from a caller.
     * @return that side of the instrument's book.
     * @throws IllegalArgumentException if the instrument or side is invalid.
     */
    BookSide checkedSide(final int instrument, final byte side)
    {
        if (instrument < 0 || instrument >= instrumentCount)
        {
            throw new IllegalArgumentException(
                "instrument must be in [0, " + instrumentCount + "), was " + instrument);
        }
        if (!Side.isValid(side))
        {
            throw new IllegalArgumentException("invalid side " + side);
        }
        return side(instrument, side);
    }

    /**
     * @param orderId a client order id.
     * @return its slot if it rests in a book, else {@link #NULL}.
     */
    int slotOf(final long orderId)
    {
        return (int)slotByOrderId.get(orderId);
    }

    /**
     * @param orderId a client order id.
     * @return true if an order with that id rests in a book.
     */
    boolean isResting(final long orderId)
    {
        return slotByOrderId.containsKey(orderId);
    }

    /**
     * Take a slot for a new order, set its fields and index it by id; it is not in a queue until {@link #rest}.
     *
     * @return the slot.
     */
    int allocate(
        final long orderId,
        final long accountId,
        final int instrument,
        final byte side,
        final long price,
        final long leaves)
    {
        final OrderPool orders = this.orders;
        final int slot = orders.allocate();
        orders.orderId[slot] = orderId;
        orders.accountId[slot] = accountId;
        orders.instrument[slot] = instrument;
        orders.side[slot] = side;
        orders.price[slot] = price;
        orders.leaves[slot] = leaves;
        slotByOrderId.put(orderId, slot);
        return slot;
    }

    /**
     * Forget an order that is no longer in any queue: drop its id and free its slot.
     */
    void release(final long orderId, final int slot)
    {
        slotByOrderId.remove(orderId);
        orders.release(slot);
    }

    /**
     * @return how much of {@code quantity} the opposite side could fill within the threshold, without changing it.
     */
    long fillableQuantity(final BookSide opposite, final long threshold, final long quantity)
    {
        long available = 0;
        for (int index = opposite.size - 1; index >= 0 && available < quantity; index--)
        {
            if (opposite.keys[index] < threshold)
            {
                break;
            }
            available += levels.quantity[opposite.levels[index]];
        }
        return Math.min(available, quantity);
    }

    /**
     * Put an order whose fields are set at the back of the queue at its price, creating the level if needed.
     */
    void rest(final int slot, final long sequence)
    {
        final OrderPool orders = this.orders;
        final LevelPool levels = this.levels;
        final long price = orders.price[slot];
        final BookSide own = ownSide(slot);
        int level = own.findLevel(price);
        if (level == NULL)
        {
            level = levels.allocate(price);
            own.insert(price, level);
        }
        append(level, slot);
        orders.entrySequence[slot] = sequence;
    }

    /**
     * Link an order at the back of a level's queue and add its open quantity to the level.
     */
    void append(final int level, final int slot)
    {
        final OrderPool orders = this.orders;
        final LevelPool levels = this.levels;
        final int tail = levels.tail[level];
        orders.prev[slot] = tail;
        orders.next[slot] = NULL;
        orders.level[slot] = level;
        if (tail == NULL)
        {
            levels.head[level] = slot;
        }
        else
        {
            orders.next[tail] = slot;
        }
        levels.tail[level] = slot;
        levels.count[level]++;
        levels.quantity[level] += orders.leaves[slot];
    }

    /**
     * Take an order out of its level's queue, dropping the level if it empties. The order keeps its slot and id.
     */
    void detach(final int slot)
    {
        final OrderPool orders = this.orders;
        final LevelPool levels = this.levels;
        final int level = orders.level[slot];
        final int prev = orders.prev[slot];
        final int next = orders.next[slot];
        if (prev == NULL)
        {
            levels.head[level] = next;
        }
        else
        {
            orders.next[prev] = next;
        }
        if (next == NULL)
        {
            levels.tail[level] = prev;
        }
        else
        {
            orders.prev[next] = prev;
        }
        levels.quantity[level] -= orders.leaves[slot];
        if (--levels.count[level] == 0)
        {
            ownSide(slot).remove(levels.price[level]);
            levels.release(level);
        }
    }

    private BookSide ownSide(final int slot)
    {
        return side(orders.instrument[slot], orders.side[slot]);
    }

    /**
     * @return how many orders rest in all books.
     */
    int restingOrderCount()
    {
        return slotByOrderId.size();
    }

    /**
     * @return the open quantity of all resting orders, in all books. Walks every level: not for a hot path.
     */
    long restingQuantity()
    {
        long total = 0;
        for (int i = 0; i < instrumentCount; i++)
        {
            total += sideQuantity(bids[i]) + sideQuantity(asks[i]);
        }
        return total;
    }

    private long sideQuantity(final BookSide side)
    {
        long total = 0;
        for (int index = 0; index < side.size; index++)
        {
            total += levels.quantity[side.levels[index]];
        }
        return total;
    }

    /**
     * Empty every book.
     */
    void clear()
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            bids[i].clear();
            asks[i].clear();
        }
        orders.clear();
        levels.clear();
        slotByOrderId.clear();
    }

    /**
     * Add every book to a digest in snapshot order: levels worst to best, orders oldest first, each order's id,
     * account, open quantity and entry sequence. Allocation free.
     */
    void digest(final StateHasher hasher)
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            digestSide(hasher, bids[i]);
            digestSide(hasher, asks[i]);
        }
    }

    private void digestSide(final StateHasher hasher, final BookSide side)
    {
        hasher.add(side.size);
        for (int index = 0; index < side.size; index++)
        {
            final int level = side.levels[index];
            hasher.add(levels.price[level]).add(levels.count[level]);
            for (int slot = levels.head[level]; slot != NULL; slot = orders.next[slot])
            {
                hasher.add(orders.orderId[slot])
                    .add(orders.accountId[slot])
                    .add(orders.leaves[slot])
                    .add(orders.entrySequence[slot]);
            }
        }
    }
}
