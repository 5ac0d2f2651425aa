package io.ferrite.examples.fraud;

import java.util.Arrays;

/**
 * A bounded set of longs kept in a sorted array: membership by binary search, and iteration in ascending order for
 * free, so snapshots and digests of a block list never depend on hashing. Updates shift the array, which is fine for
 * a block list that changes rarely and stays small compared with the number of lookups.
 * <p>
 * Allocation free after construction. Not thread safe.
 */
final class SortedLongSet
{
    private final long[] values;
    private int size;

    SortedLongSet(final int capacity)
    {
        values = new long[capacity];
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return values.length;
    }

    long get(final int index)
    {
        return values[index];
    }

    boolean contains(final long value)
    {
        return size > 0 && Arrays.binarySearch(values, 0, size, value) >= 0;
    }

    /**
     * @return false if the value was present; the caller checks capacity first.
     */
    boolean add(final long value)
    {
        final int index = Arrays.binarySearch(values, 0, size, value);
        if (index >= 0)
        {
            return false;
        }
        final int insertAt = -index - 1;
        System.arraycopy(values, insertAt, values, insertAt + 1, size - insertAt);
        values[insertAt] = value;
        size++;
        return true;
    }

    /**
     * @return false if the value was absent.
     */
    boolean remove(final long value)
    {
        final int index = Arrays.binarySearch(values, 0, size, value);
        if (index < 0)
        {
            return false;
        }
        System.arraycopy(values, index + 1, values, index, size - index - 1);
        size--;
        return true;
    }

    void clear()
    {
        size = 0;
    }
}
