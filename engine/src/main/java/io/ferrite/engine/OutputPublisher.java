package io.ferrite.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * The output ring and the processors' way onto it. Single-producer when one thread does all the emitting (one
 * processor, or a SHARED/INVOKER engine), multi-producer otherwise. While the ring is full, {@link #whileFull} runs:
 * in DEDICATED mode it waits for the sinks' threads; where the sinks run on the emitting thread it runs them. A slow
 * sink therefore back-pressures the pipeline rather than losing or corrupting outputs.
 */
final class OutputPublisher
{
    /** What an emitting processor does while the output ring is full. */
    @FunctionalInterface
    interface WhileFull
    {
        /**
         * @param attempt how many times in a row the ring was found full (0 first).
         */
        void onFull(int attempt);
    }

    /** Waits for sinks on other threads: spin briefly, then park (no allocation, no lock). */
    static final WhileFull WAIT_FOR_SINKS = attempt ->
    {
        if (attempt < 100)
        {
            Thread.onSpinWait();
        }
        else
        {
            LockSupport.parkNanos(10_000);
        }
    };

    /** For engines without sinks and for replay-only agents: outputs go nowhere. */
    static final OutputPublisher NONE = new OutputPublisher(Integer.MAX_VALUE);

    private final RingBuffer<OutputSlot> ring;
    private final int maxLength;
    private final boolean multiProducer;
    private WhileFull whileFull = WAIT_FOR_SINKS;
    /** Outputs caused by inputs up to here were delivered to every sink before the last crash: don't repeat them. */
    private long replaySuppressUpTo;
    private volatile boolean closed;

    private OutputPublisher(final int maxLength)
    {
        this.ring = null;
        this.maxLength = maxLength;
        this.multiProducer = false;
    }

    OutputPublisher(final int size, final int maxLength, final boolean singleProducer)
    {
        final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(size * maxLength));
        final OutputSlot[] slots = new OutputSlot[size];
        for (int i = 0; i < size; i++)
        {
            slots[i] = new OutputSlot(new UnsafeBuffer(memory, i * maxLength, maxLength));
        }
        final int[] next = {0};
        // Sinks poll; nobody waits on the Disruptor wait strategy, so its no-op signal is all that is needed.
        this.ring = singleProducer ?
            RingBuffer.createSingleProducer(() -> slots[next[0]++], size, new BusySpinWaitStrategy()) :
            RingBuffer.createMultiProducer(() -> slots[next[0]++], size, new BusySpinWaitStrategy());
        this.maxLength = maxLength;
        this.multiProducer = !singleProducer;
    }

    /** Set once, before any processor runs. */
    void whileFull(final WhileFull whileFull)
    {
        this.whileFull = whileFull;
    }

    void replaySuppressUpTo(final long sequence)
    {
        this.replaySuppressUpTo = sequence;
    }

    /** Emitters waiting for space give up: the engine is halting. */
    void close()
    {
        closed = true;
    }

    boolean hasRing()
    {
        return null != ring;
    }

    OutputSlot slot(final long r)
    {
        return ring.get(r);
    }

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

    void publish(
        final long inputSequence,
        final int ordinal,
        final String processorName,
        final long timestamp,
        final boolean replay,
        final int type,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (length < 0 || length > maxLength)
        {
            throw new IllegalArgumentException(
                "output length " + length + " outside [0, " + maxLength + "] from processor '" + processorName +
                "' at sequence " + inputSequence);
        }
        if (null == ring || (replay && inputSequence <= replaySuppressUpTo))
        {
            return;
        }
        long r;
        int attempt = 0;
        while (true)
        {
            try
            {
                r = ring.tryNext();
                break;
            }
            catch (final InsufficientCapacityException ex)
            {
                if (closed)
                {
                    throw new IllegalStateException("engine stopped while processor '" + processorName +
                        "' waited for space in the output ring (sequence " + inputSequence + ")");
                }
                whileFull.onFull(attempt++);
            }
        }
        try
        {
            final OutputSlot slot = ring.get(r);
            slot.inputSequence = inputSequence;
            slot.ordinal = ordinal;
            slot.processorName = processorName;
            slot.timestamp = timestamp;
            slot.replay = replay;
            slot.type = type;
            slot.length = length;
            slot.buffer.putBytes(0, buffer, offset, length);
        }
        finally
        {
            // Publish in finally: a claimed slot must never be left unpublished or the sinks would stall behind it.
            ring.publish(r);
        }
    }
}
