package io.ferrite.engine;

import io.ferrite.engine.processor.MutableEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Records a {@link Source} has read and its agent has yet to publish: preallocated, reused for every poll, nothing
 * allocated per record (a rejected record copies its raw bytes: that path is rare).
 * <pre>
 *   final MutableEvent event = batch.next();     // a free record, written in place
 *   event.type(TRANSACTION);
 *   event.timestamp(eventTimeNanos);
 *   ... encode the payload at event.buffer(), event.payloadOffset() ...
 *   event.length(48);
 *   batch.commit(partition, offset, aux);        // keep it, with the position just after it
 * </pre>
 * Not thread safe: used by the source's agent thread only.
 */
public final class SourceBatch
{
    private static final byte GOOD = 1;
    private static final byte REJECTED = 2;

    private final int capacity;
    private final int maxLength;
    private final UnsafeBuffer memory;
    private final int[] types;
    private final long[] timestamps;
    private final int[] lengths;
    private final int[] partitions;
    private final long[] offsets;
    private final long[] auxes;
    private final byte[] kinds;
    private final String[] reasons;
    private final byte[][] rejectedBytes;
    private final Record record = new Record();
    private int count;
    private int head;
    private boolean pending;

    SourceBatch(final int capacity, final int maxLength)
    {
        this.capacity = capacity;
        this.maxLength = maxLength;
        this.memory = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * maxLength));
        this.types = new int[capacity];
        this.timestamps = new long[capacity];
        this.lengths = new int[capacity];
        this.partitions = new int[capacity];
        this.offsets = new long[capacity];
        this.auxes = new long[capacity];
        this.kinds = new byte[capacity];
        this.reasons = new String[capacity];
        this.rejectedBytes = new byte[capacity][];
    }

    /**
     * @return how many more records this poll may add.
     */
    public int remaining()
    {
        return capacity - count;
    }

    /**
     * @return the largest payload a record can carry (the engine's maxEventLength).
     */
    public int maxLength()
    {
        return maxLength;
    }

    /**
     * Start the next record. Its type, length and timestamp start at 0; set the event time with
     * {@link MutableEvent#timestamp(long)} (the engine's clock is not used for source records, so a resumed run
     * journals exactly what an uninterrupted one would).
     *
     * @return the record to write, valid until {@link #commit} or the next call.
     * @throws IllegalStateException if the batch is full.
     */
    public MutableEvent next()
    {
        if (count == capacity)
        {
            throw new IllegalStateException("source batch is full: check remaining() before next()");
        }
        types[count] = 0;
        timestamps[count] = 0;
        lengths[count] = 0;
        record.index = count;
        record.view.wrap(memory, count * maxLength, maxLength);
        pending = true;
        return record;
    }

    /**
     * Keep the record written through {@link #next()}.
     *
     * @param partition the partition it came from.
     * @param offset    the offset just after it (where a resumed read starts).
     * @param aux       source-defined, e.g. its line number.
     */
    public void commit(final int partition, final long offset, final long aux)
    {
        if (!pending)
        {
            throw new IllegalStateException("commit() without next()");
        }
        pending = false;
        kinds[count] = GOOD;
        partitions[count] = partition;
        offsets[count] = offset;
        auxes[count] = aux;
        count++;
    }

    /**
     * Add a record that could not be decoded: its source's {@link BadRecordPolicy} decides what happens. Discards a
     * record started with {@link #next()} and not committed.
     *
     * @param partition the partition it came from.
     * @param offset    the offset just after it.
     * @param aux       source-defined, e.g. its line number.
     * @param reason    why it could not be decoded.
     * @param raw       the raw record.
     * @param rawOffset where it starts.
     * @param rawLength its length.
     */
    public void reject(
        final int partition,
        final long offset,
        final long aux,
        final String reason,
        final DirectBuffer raw,
        final int rawOffset,
        final int rawLength)
    {
        if (count == capacity)
        {
            throw new IllegalStateException("source batch is full: check remaining() before reject()");
        }
        pending = false;
        kinds[count] = REJECTED;
        partitions[count] = partition;
        offsets[count] = offset;
        auxes[count] = aux;
        reasons[count] = reason;
        final byte[] copy = new byte[rawLength];
        raw.getBytes(rawOffset, copy);
        rejectedBytes[count] = copy;
        count++;
    }

    boolean isEmpty()
    {
        return head == count;
    }

    int head()
    {
        return head;
    }

    void advance()
    {
        reasons[head] = null;
        rejectedBytes[head] = null;
        head++;
        if (head == count)
        {
            head = 0;
            count = 0;
        }
    }

    int size()
    {
        return count - head;
    }

    boolean isRejected(final int i)
    {
        return kinds[i] == REJECTED;
    }

    int type(final int i)
    {
        return types[i];
    }

    long timestamp(final int i)
    {
        return timestamps[i];
    }

    int length(final int i)
    {
        return lengths[i];
    }

    int partition(final int i)
    {
        return partitions[i];
    }

    long offset(final int i)
    {
        return offsets[i];
    }

    long aux(final int i)
    {
        return auxes[i];
    }

    String reason(final int i)
    {
        return reasons[i];
    }

    byte[] rejectedBytes(final int i)
    {
        return rejectedBytes[i];
    }

    UnsafeBuffer memory()
    {
        return memory;
    }

    int payloadOffset(final int i)
    {
        return i * maxLength;
    }

    /** The record being written: a flyweight over the batch's arrays. */
    private final class Record implements MutableEvent
    {
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private int index;

        public long sequence()
        {
            // Sequences are assigned when the agent publishes, not while the source reads.
            return -1;
        }

        public void type(final int type)
        {
            if (EventTypes.isReserved(type))
            {
                throw new IllegalArgumentException("event type " + type + " is reserved for the engine: use types >= 0");
            }
            types[index] = type;
        }

        public void timestamp(final long timestamp)
        {
            timestamps[index] = timestamp;
        }

        public MutableDirectBuffer buffer()
        {
            return view;
        }

        public int payloadOffset()
        {
            return 0;
        }

        public int maxLength()
        {
            return maxLength;
        }

        public void length(final int length)
        {
            if (length < 0 || length > maxLength)
            {
                throw new IllegalArgumentException("payload length " + length + " outside [0, " + maxLength + "]");
            }
            lengths[index] = length;
        }
    }
}
