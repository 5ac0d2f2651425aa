package io.ferrite.examples.trading;

import java.util.Arrays;

/**
 * One side of one instrument's book: its price levels sorted by a key in which larger is better, stored best-last
 * ({@code key = price} for bids, {@code key = -price} for asks). Keeping the best level at the end makes the
 * operations a busy book does most (trade against the best level, add near the top of the book, remove an emptied
 * best level) touch only the end of the arrays, and iteration order is fixed by price alone, never by hashing.
 * <p>
 * The arrays grow by doubling when a side holds more levels than ever before; once the book has reached its working
 * depth nothing more is allocated.
 */
final class BookSide
{
    private static final int INITIAL_CAPACITY = 16;

    private final boolean bid;
    long[] keys = new long[INITIAL_CAPACITY];
    int[] levels = new int[INITIAL_CAPACITY];
    int size;

    BookSide(final boolean bid)
    {
        this.bid = bid;
    }

    /**
     * @param price a price in ticks.
     * @return the sort key: larger is better for this side.
     */
    long key(final long price)
    {
        return bid ? price : -price;
    }

    /**
     * @return the best level, or {@link OrderPool#NULL} if the side is empty.
     */
    int bestLevel()
    {
        return size == 0 ? OrderPool.NULL : levels[size - 1];
    }

    /**
     * @param price a price in ticks.
     * @return the level at that price, or {@link OrderPool#NULL}.
     */
    int findLevel(final long price)
    {
        final int index = Arrays.binarySearch(keys, 0, size, key(price));
        return index >= 0 ? levels[index] : OrderPool.NULL;
    }

    /**
     * Insert a level whose price is not yet on this side.
     *
     * @param price its price.
     * @param level its number in the {@link LevelPool}.
     */
    void insert(final long price, final int level)
    {
        final long key = key(price);
        final int index = -Arrays.binarySearch(keys, 0, size, key) - 1;
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            levels = Arrays.copyOf(levels, size * 2);
        }
        final int tail = size - index;
        if (tail > 0)
        {
            System.arraycopy(keys, index, keys, index + 1, tail);
            System.arraycopy(levels, index, levels, index + 1, tail);
        }
        keys[index] = key;
        levels[index] = level;
        size++;
    }

    /**
     * Append a level better than every level present (snapshot loading writes levels worst first).
     *
     * @param price its price.
     * @param level its number in the {@link LevelPool}.
     */
    void appendBest(final long price, final int level)
    {
        final long key = key(price);
        if (size > 0 && keys[size - 1] >= key)
        {
            throw new IllegalStateException("level " + price + " is not better than the current best level");
        }
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            levels = Arrays.copyOf(levels, size * 2);
        }
        keys[size] = key;
        levels[size] = level;
        size++;
    }

    /**
     * Remove the level at a price that is present.
     *
     * @param price its price.
     */
    void remove(final long price)
    {
        final int index = Arrays.binarySearch(keys, 0, size, key(price));
        final int tail = size - index - 1;
        if (tail > 0)
        {
            System.arraycopy(keys, index + 1, keys, index, tail);
            System.arraycopy(levels, index + 1, levels, index, tail);
        }
        size--;
    }

    /**
     * Remove the best level.
     */
    void removeBest()
    {
        size--;
    }

    void clear()
    {
        size = 0;
    }
}
