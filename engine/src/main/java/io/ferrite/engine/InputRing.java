package io.ferrite.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The input ring: preallocated {@link InputSlot}s over one direct buffer, a Disruptor sequencer for claims, and the
 * mapping from ring position to journal sequence ({@code base + r + 1}, where base is the journal tail at start) in
 * this one place.
 * <p>
 * Consumers never block on the ring: agents poll {@link #publishedUpTo} or their upstream sequences, so the
 * Disruptor wait strategy is never waited on and a no-op signal is enough.
 */
final class InputRing
{
    /** Returned by {@link #tryNext()} when the ring is full. */
    static final long FULL = -1;

    private final RingBuffer<InputSlot> ring;
    private final long base;
    private final int size;
    private final boolean multiProducer;

    InputRing(final int size, final int maxEventLength, final boolean multiProducer, final long base)
    {
        final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(size * maxEventLength));
        final InputSlot[] slots = new InputSlot[size];
        for (int i = 0; i < size; i++)
        {
            slots[i] = new InputSlot(new UnsafeBuffer(memory, i * maxEventLength, maxEventLength));
        }
        final int[] next = {0};
        this.ring = multiProducer ?
            RingBuffer.createMultiProducer(() -> slots[next[0]++], size, new BusySpinWaitStrategy()) :
            RingBuffer.createSingleProducer(() -> slots[next[0]++], size, new BusySpinWaitStrategy());
        this.base = base;
        this.size = size;
        this.multiProducer = multiProducer;
    }

    int size()
    {
        return size;
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
        return ring.get(r);
    }

    /**
     * Claim one slot and stamp its journal sequence.
     *
     * @return the ring position, or {@link #FULL}.
     */
    long tryNext()
    {
        final long r;
        try
        {
            r = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            // A preallocated singleton without a stack trace: the Disruptor's way of saying "full".
            return FULL;
        }
        ring.get(r).sequence = sequenceOf(r);
        return r;
    }

    /**
     * Claim {@code count} consecutive slots (their sequences are stamped by the caller).
     *
     * @return the highest ring position claimed, or {@link #FULL}.
     */
    long tryNext(final int count)
    {
        try
        {
            return ring.tryNext(count);
        }
        catch (final InsufficientCapacityException ex)
        {
            return FULL;
        }
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
        return ring.getCursor();
    }

    /**
     * @return the highest position from {@code next} on up to which every slot is published (looking no further
     * than one duty cycle ahead), or next - 1 if none is. With one producer the cursor is the published position;
     * with several, claimed slots may still be unpublished, so each is checked.
     */
    long publishedUpTo(final long next)
    {
        final long cursor = ring.getCursor();
        if (!multiProducer || cursor < next)
        {
            return cursor;
        }
        final long last = Math.min(cursor, next + EngineConfiguration.DUTY_CYCLE_LIMIT - 1);
        long r = next;
        while (r <= last && ring.isAvailable(r))
        {
            r++;
        }
        return r - 1;
    }

    void addGatingSequences(final Sequence... sequences)
    {
        ring.addGatingSequences(sequences);
    }
}
