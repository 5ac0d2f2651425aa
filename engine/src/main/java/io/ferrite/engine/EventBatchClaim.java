package io.ferrite.engine;

import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;

/**
 * Consecutive input slots claimed together by {@link Engine#claimBatch(int, EventBatchClaim)}, written through
 * {@link #event(int)} and published together by {@link #commit()}: one claim and one publish for the whole batch.
 * Reusable; keep one per producer thread. Every slot must be written (an unwritten slot is published as an empty
 * event of type 0). Not thread safe.
 */
public final class EventBatchClaim
{
    private final BatchEvent event = new BatchEvent();
    private Ingress ingress;
    private InputRing ring;
    private long lo = -1;
    private long hi = -1;

    void wrap(final Ingress ingress, final InputRing ring, final long lo, final long hi)
    {
        this.ingress = ingress;
        this.ring = ring;
        this.lo = lo;
        this.hi = hi;
        for (long r = lo; r <= hi; r++)
        {
            final InputSlot slot = ring.slot(r);
            slot.sequence = ring.sequenceOf(r);
            slot.type = 0;
            slot.length = 0;
            slot.snapshotAfter = false;
            slot.timestamp = Long.MIN_VALUE;
        }
    }

    /**
     * @return true between a claim and its commit.
     */
    public boolean isClaimed()
    {
        return lo >= 0;
    }

    /**
     * @return the number of slots claimed.
     */
    public int size()
    {
        return isClaimed() ? (int)(hi - lo + 1) : 0;
    }

    /**
     * @param index from 0 to {@link #size()} - 1.
     * @return the event at that position, a flyweight reused by the next call.
     */
    public MutableEvent event(final int index)
    {
        if (index < 0 || index >= size())
        {
            throw new IndexOutOfBoundsException("batch index " + index + " outside [0, " + size() + ")");
        }
        event.slot = ring.slot(lo + index);
        return event;
    }

    /**
     * Publish every slot of the batch. Slots without a timestamp get the engine clock's time.
     */
    public void commit()
    {
        if (!isClaimed())
        {
            throw new IllegalStateException("no batch is claimed");
        }
        long now = 0;
        for (long r = lo; r <= hi; r++)
        {
            final InputSlot slot = ring.slot(r);
            if (slot.timestamp == Long.MIN_VALUE)
            {
                if (now == 0)
                {
                    now = ingress.clockNanos();
                }
                slot.timestamp = now;
            }
        }
        final long first = lo;
        final long last = hi;
        lo = -1;
        hi = -1;
        ingress.commitBatch(first, last);
    }

    private static final class BatchEvent implements MutableEvent
    {
        private InputSlot slot;

        public long sequence()
        {
            return slot.sequence;
        }

        public void type(final int type)
        {
            if (EventTypes.isReserved(type))
            {
                throw new IllegalArgumentException("event type " + type + " is reserved for the engine");
            }
            slot.type = type;
        }

        public void timestamp(final long timestamp)
        {
            slot.timestamp = timestamp;
        }

        public MutableDirectBuffer buffer()
        {
            return slot.buffer;
        }

        public int payloadOffset()
        {
            return 0;
        }

        public int maxLength()
        {
            return slot.buffer.capacity();
        }

        public void length(final int length)
        {
            if (length < 0 || length > slot.buffer.capacity())
            {
                throw new IllegalArgumentException(
                    "payload length " + length + " outside [0, " + slot.buffer.capacity() + "] at sequence " +
                    slot.sequence);
            }
            slot.length = length;
        }
    }
}
