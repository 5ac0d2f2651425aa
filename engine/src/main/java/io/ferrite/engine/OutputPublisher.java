package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The output ring and the processors' way onto it. Single-producer when one thread does all the emitting (one
 * processor, or a SHARED/INVOKER engine), multi-producer otherwise. While the ring is full, {@link #whileFull} runs:
 * in DEDICATED mode it waits for the sinks' threads; where the sinks run on the emitting thread it runs them. A slow
 * sink therefore back-pressures the pipeline rather than losing or corrupting outputs.
 */
final class OutputPublisher
{
    /** What an emitting processor does while the output ring is full. */
    interface WhileFull
    {
        /**
         * The ring was full: make or wait for room.
         */
        void onFull();

        /**
         * There was room again after one or more {@link #onFull()} calls.
         */
        default void onRoom()
        {
        }
    }

    /**
     * Waits for sinks on other threads with the engine's idle strategy, one instance per emitting thread (idle
     * strategies hold state), created on that thread's first wait.
     */
    static WhileFull idleWith(final WaitStrategyType waitStrategy)
    {
        final ThreadLocal<IdleStrategy> idle = ThreadLocal.withInitial(waitStrategy::newIdleStrategy);
        return new WhileFull()
        {
            public void onFull()
            {
                idle.get().idle();
            }

            public void onRoom()
            {
                idle.get().reset();
            }
        };
    }

    /** For engines without sinks and for replay-only agents: outputs go nowhere. */
    static final OutputPublisher NONE = new OutputPublisher(Integer.MAX_VALUE);

    private final SlotRing<OutputSlot> ring;
    private final int maxLength;
    private WhileFull whileFull;
    /** Outputs caused by inputs up to here were delivered to every sink before the last crash: don't repeat them. */
    private long replaySuppressUpTo;
    private volatile boolean closed;

    private OutputPublisher(final int maxLength)
    {
        this.ring = null;
        this.maxLength = maxLength;
    }

    OutputPublisher(final int size, final int maxLength, final boolean singleProducer)
    {
        this.ring = new SlotRing<>(size, maxLength, !singleProducer, OutputSlot::new);
        this.maxLength = maxLength;
    }

    /** Set once, before any processor runs: {@link #idleWith} or running the sinks. */
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
        return ring.slot(r);
    }

    long cursor()
    {
        return ring.cursor();
    }

    /** @see SlotRing#publishedUpTo(long) */
    long publishedUpTo(final long next)
    {
        return ring.publishedUpTo(next);
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
        boolean waited = false;
        while ((r = ring.tryNext()) == SlotRing.FULL)
        {
            if (closed)
            {
                throw new IllegalStateException("engine stopped while processor '" + processorName +
                    "' waited for space in the output ring (sequence " + inputSequence + ")");
            }
            waited = true;
            whileFull.onFull();
        }
        if (waited)
        {
            whileFull.onRoom();
        }
        try
        {
            final OutputSlot slot = ring.slot(r);
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
