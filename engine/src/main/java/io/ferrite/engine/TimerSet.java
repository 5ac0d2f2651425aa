package io.ferrite.engine;

import io.ferrite.engine.processor.Digests;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The timers of one processor, kept sorted by (deadline, id) so that the due ones are a prefix and are published in
 * a deterministic order. Insert and cancel move array elements (fast for the hundreds-to-thousands of timers a
 * processor typically holds); finding due timers is O(1). Confined to the processor's thread.
 */
final class TimerSet
{
    private final Long2LongHashMap deadlineById = new Long2LongHashMap(Long.MIN_VALUE);
    private long[] deadlines = new long[16];
    private long[] ids = new long[16];
    /** Published into the input ring, waiting for its journaled timer event; transient, never snapshotted. */
    private boolean[] published = new boolean[16];
    private int size;

    long earliestDeadline()
    {
        return size == 0 ? Long.MAX_VALUE : deadlines[0];
    }

    void schedule(final long id, final long deadline)
    {
        cancel(id);
        if (size == deadlines.length)
        {
            deadlines = Arrays.copyOf(deadlines, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
            published = Arrays.copyOf(published, size * 2);
        }
        int index = insertionPoint(deadline, id);
        final int tail = size - index;
        System.arraycopy(deadlines, index, deadlines, index + 1, tail);
        System.arraycopy(ids, index, ids, index + 1, tail);
        System.arraycopy(published, index, published, index + 1, tail);
        deadlines[index] = deadline;
        ids[index] = id;
        published[index] = false;
        size++;
        deadlineById.put(id, deadline);
    }

    boolean cancel(final long id)
    {
        final long deadline = deadlineById.remove(id);
        if (deadline == Long.MIN_VALUE)
        {
            return false;
        }
        final int index = insertionPoint(deadline, id);
        removeAt(index);
        return true;
    }

    /**
     * Fire a timer whose journaled event arrived: removes it if it is still scheduled with that deadline.
     *
     * @return true if the timer was live (the processor must be called), false if it was cancelled or rescheduled
     * after the timer event was published.
     */
    boolean fire(final long id, final long deadline)
    {
        if (deadlineById.get(id) != deadline)
        {
            return false;
        }
        deadlineById.remove(id);
        removeAt(insertionPoint(deadline, id));
        return true;
    }

    /**
     * @param now event time.
     * @return the index of the first due timer not yet published, or -1.
     */
    int nextUnpublishedDue(final long now, final int from)
    {
        for (int i = from; i < size && deadlines[i] <= now; i++)
        {
            if (!published[i])
            {
                return i;
            }
        }
        return -1;
    }

    long idAt(final int index)
    {
        return ids[index];
    }

    long deadlineAt(final int index)
    {
        return deadlines[index];
    }

    void markPublished(final int index)
    {
        published[index] = true;
    }

    void clearPublished()
    {
        Arrays.fill(published, 0, size, false);
    }

    int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        int pos = offset;
        buffer.putInt(pos, size);
        pos += Integer.BYTES;
        for (int i = 0; i < size; i++)
        {
            buffer.putLong(pos, ids[i]);
            buffer.putLong(pos + Long.BYTES, deadlines[i]);
            pos += 2 * Long.BYTES;
        }
        return pos - offset;
    }

    int loadSnapshot(final DirectBuffer buffer, final int offset)
    {
        deadlineById.clear();
        size = 0;
        int pos = offset;
        final int count = buffer.getInt(pos);
        pos += Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            schedule(buffer.getLong(pos), buffer.getLong(pos + Long.BYTES));
            pos += 2 * Long.BYTES;
        }
        return pos - offset;
    }

    long digest(final long seed)
    {
        long h = seed;
        for (int i = 0; i < size; i++)
        {
            h = Digests.mix(h, ids[i]);
            h = Digests.mix(h, deadlines[i]);
        }
        return h;
    }

    private void removeAt(final int index)
    {
        final int tail = size - index - 1;
        System.arraycopy(deadlines, index + 1, deadlines, index, tail);
        System.arraycopy(ids, index + 1, ids, index, tail);
        System.arraycopy(published, index + 1, published, index, tail);
        size--;
    }

    /** First index whose (deadline, id) is not less than the given pair. */
    private int insertionPoint(final long deadline, final long id)
    {
        int low = 0;
        int high = size;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (deadlines[mid] < deadline || (deadlines[mid] == deadline && ids[mid] < id))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
