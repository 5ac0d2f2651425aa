package io.ferrite.examples.trading;

/**
 * Price levels, struct-of-arrays, indexed by a level number: price, total open quantity, order count, and the head and
 * tail of the level's FIFO of orders in {@link OrderPool}. Preallocated with as many levels as the order pool has
 * slots (a level always holds at least one order), so allocating a level never fails and never allocates memory.
 */
final class LevelPool
{
    final long[] price;
    final long[] quantity;
    final int[] count;
    final int[] head;
    final int[] tail;

    private final int[] freeLevels;
    private int freeCount;

    LevelPool(final int capacity)
    {
        price = new long[capacity];
        quantity = new long[capacity];
        count = new int[capacity];
        head = new int[capacity];
        tail = new int[capacity];
        freeLevels = new int[capacity];
        clear();
    }

    /**
     * @param levelPrice the price of the new, empty level.
     * @return the level number.
     */
    int allocate(final long levelPrice)
    {
        final int level = freeLevels[--freeCount];
        price[level] = levelPrice;
        quantity[level] = 0;
        count[level] = 0;
        head[level] = OrderPool.NULL;
        tail[level] = OrderPool.NULL;
        return level;
    }

    void release(final int level)
    {
        freeLevels[freeCount++] = level;
    }

    void clear()
    {
        final int capacity = freeLevels.length;
        for (int i = 0; i < capacity; i++)
        {
            freeLevels[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }
}
