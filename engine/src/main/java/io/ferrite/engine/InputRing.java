package io.ferrite.engine;

import com.lmax.disruptor.Sequence;

/**
 * The input ring: preallocated {@link InputSlot}s, and the mapping from ring position to journal sequence
 * ({@code base + r + 1}, where base is the journal tail at start) in this one place.
 */
final class InputRing
{
    /** Returned by {@link #tryNext()} when the ring is full. */
    static final long FULL = SlotRing.FULL;

    private final SlotRing<InputSlot> ring;
    private final long base;

    InputRing(final int size, final int maxEventLength, final boolean multiProducer, final long base)
    {
        this.ring = new SlotRing<>(size, maxEventLength, multiProducer, InputSlot::new);
        this.base = base;
    }

    int size()
    {
        return ring.size();
    }

    /** @return the journal sequence of ring position {@code r}. */
    long sequenceOf(final long r)
    {
        return base + r + 1;
    }

    /** @return the journal tail the ring started after. */
    long base()
    {
        return base;
    }

    InputSlot slot(final long r)
    {
        return ring.slot(r);
    }

    /**
     * Claim one slot and stamp its journal sequence.
     *
     * @return the ring position, or {@link #FULL}.
     */
    long tryNext()
    {
        final long r = ring.tryNext();
        if (r != FULL)
        {
            ring.slot(r).sequence = sequenceOf(r);
        }
        return r;
    }

    /**
     * Claim {@code count} consecutive slots (their sequences are stamped by the caller).
     *
     * @return the highest ring position claimed, or {@link #FULL}.
     */
    long tryNext(final int count)
    {
        return ring.tryNext(count);
    }

    void publish(final long r)
    {
        ring.publish(r);
    }

    void publish(final long lo, final long hi)
    {
        ring.publish(lo, hi);
    }

    /** @return the highest ring position claimed by any producer (not necessarily published yet). */
    long cursor()
    {
        return ring.cursor();
    }

    /** @see SlotRing#publishedUpTo(long) */
    long publishedUpTo(final long next)
    {
        return ring.publishedUpTo(next);
    }

    /** @see SlotRing#publishedUpTo(long, int) */
    long publishedUpTo(final long next, final int limit)
    {
        return ring.publishedUpTo(next, limit);
    }

    /** @see SlotRing#lastPublishedFrom(long) */
    long lastPublishedFrom(final long next)
    {
        return ring.lastPublishedFrom(next);
    }

    void addGatingSequences(final Sequence... sequences)
    {
        ring.addGatingSequences(sequences);
    }
}
