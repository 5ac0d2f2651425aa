package io.ferrite.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A Disruptor ring of preallocated slots, each over its own stretch of one direct buffer, as the engine's input and
 * output rings use it: claims that return {@link #FULL} instead of throwing, and polling consumers.
 * <p>
 * Consumers never block on the ring: agents poll {@link #publishedUpTo} or their upstream sequences, so the Disruptor
 * wait strategy is never waited on and its no-op signal is all a publish pays for.
 *
 * @param <T> the slot type.
 */
final class SlotRing<T>
{
    /** Returned by the claims when the ring is full. */
    static final long FULL = -1;

    private final RingBuffer<T> ring;
    private final boolean multiProducer;
    private final int size;

    SlotRing(
        final int size, final int slotLength, final boolean multiProducer, final Function<UnsafeBuffer, T> newSlot)
    {
        final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(size * slotLength));
        final Object[] slots = new Object[size];
        for (int i = 0; i < size; i++)
        {
            slots[i] = newSlot.apply(new UnsafeBuffer(memory, i * slotLength, slotLength));
        }
        final int[] next = {0};
        @SuppressWarnings("unchecked")
        final com.lmax.disruptor.EventFactory<T> factory = () -> (T)slots[next[0]++];
        this.ring = multiProducer ?
            RingBuffer.createMultiProducer(factory, size, new BusySpinWaitStrategy()) :
            RingBuffer.createSingleProducer(factory, size, new BusySpinWaitStrategy());
        this.multiProducer = multiProducer;
        this.size = size;
    }

    int size()
    {
        return size;
    }

    T slot(final long r)
    {
        return ring.get(r);
    }

    /** @return the position claimed, or {@link #FULL}. */
    long tryNext()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            // A preallocated singleton without a stack trace: the Disruptor's way of saying "full".
            return FULL;
        }
    }

    /** @return the highest of {@code count} consecutive positions claimed, or {@link #FULL}. */
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

    /** @return the highest position claimed by any producer (not necessarily published yet). */
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
        return publishedUpTo(next, EngineConfiguration.DUTY_CYCLE_LIMIT);
    }

    /**
     * @return like {@link #publishedUpTo(long)}, however far ahead (for observers, not agents).
     */
    long lastPublishedFrom(final long next)
    {
        return publishedUpTo(next, Integer.MAX_VALUE);
    }

    /**
     * @return like {@link #publishedUpTo(long)}, looking at most {@code limit} slots ahead.
     */
    long publishedUpTo(final long next, final int limit)
    {
        final long cursor = ring.getCursor();
        if (!multiProducer || cursor < next)
        {
            return cursor;
        }
        final long last = Math.min(cursor, next + limit - 1);
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
