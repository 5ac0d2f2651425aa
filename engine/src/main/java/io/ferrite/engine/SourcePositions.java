package io.ferrite.engine;

import java.util.Arrays;

/**
 * Per partition, the position of the last record of one source that the journal holds: what a restarted source
 * resumes after. Immutable once handed to {@link Source#open}.
 */
public final class SourcePositions
{
    private int[] partitions = new int[0];
    private long[] offsets = new long[0];
    private long[] auxes = new long[0];

    SourcePositions()
    {
    }

    void put(final int partition, final long offset, final long aux)
    {
        int index = indexOf(partition);
        if (index < 0)
        {
            index = partitions.length;
            partitions = Arrays.copyOf(partitions, index + 1);
            offsets = Arrays.copyOf(offsets, index + 1);
            auxes = Arrays.copyOf(auxes, index + 1);
            partitions[index] = partition;
        }
        offsets[index] = offset;
        auxes[index] = aux;
    }

    private int indexOf(final int partition)
    {
        for (int i = 0; i < partitions.length; i++)
        {
            if (partitions[i] == partition)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return true on a first run: no record of this source is journaled.
     */
    public boolean isEmpty()
    {
        return partitions.length == 0;
    }

    /**
     * @return the partitions that have a position (a copy).
     */
    public int[] partitions()
    {
        return partitions.clone();
    }

    /**
     * @param partition the partition.
     * @return true if the journal holds a record of it.
     */
    public boolean contains(final int partition)
    {
        return indexOf(partition) >= 0;
    }

    /**
     * @param partition    the partition.
     * @param defaultValue returned when the partition has no position.
     * @return the offset of the last journaled record of the partition.
     */
    public long offset(final int partition, final long defaultValue)
    {
        final int index = indexOf(partition);
        return index < 0 ? defaultValue : offsets[index];
    }

    /**
     * @param partition    the partition.
     * @param defaultValue returned when the partition has no position.
     * @return the aux value of the last journaled record of the partition.
     */
    public long aux(final int partition, final long defaultValue)
    {
        final int index = indexOf(partition);
        return index < 0 ? defaultValue : auxes[index];
    }

    @Override
    public String toString()
    {
        final StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < partitions.length; i++)
        {
            b.append(i == 0 ? "" : ", ").append(partitions[i]).append('=').append(offsets[i]).append('/').append(auxes[i]);
        }
        return b.append('}').toString();
    }
}
