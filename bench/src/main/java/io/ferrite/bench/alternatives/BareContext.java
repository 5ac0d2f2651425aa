package io.ferrite.bench.alternatives;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.MutableEvent;

/**
 * One event slot that a workload generator writes (as a {@link MutableEvent}) and a workload's processors then read
 * (as an {@link EventContext}), on one thread, with no ring, journal or engine: the least any host of those
 * processors could do.
 * <p>
 * Outputs are counted and dropped. Timers are refused: a bare run has nothing that would fire them, and silently
 * ignoring them would make the measured work differ from the engine's. Not thread safe; no allocation per event.
 */
public final class BareContext implements EventContext, MutableEvent
{
    private final UnsafeBuffer buffer;
    private long sequence;
    private long timestamp;
    private int type;
    private int length;
    private String processorName = "";
    private long outputs;

    /**
     * @param maxLength the largest payload an event can carry.
     */
    public BareContext(final int maxLength)
    {
        buffer = new UnsafeBuffer(new byte[maxLength]);
    }

    /**
     * Start the next event: the generator will write it.
     *
     * @param sequence the event's sequence, from 1.
     */
    public void reset(final long sequence)
    {
        this.sequence = sequence;
        this.timestamp = sequence;
        this.type = 0;
        this.length = 0;
    }

    /**
     * @param processorName the name of the processor about to be called.
     */
    public void processorName(final String processorName)
    {
        this.processorName = processorName;
    }

    /**
     * @return outputs emitted so far.
     */
    public long outputs()
    {
        return outputs;
    }

    @Override
    public long sequence()
    {
        return sequence;
    }

    @Override
    public long timestamp()
    {
        return timestamp;
    }

    @Override
    public int type()
    {
        return type;
    }

    @Override
    public int payloadOffset()
    {
        return 0;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public boolean isReplay()
    {
        return false;
    }

    @Override
    public String processorName()
    {
        return processorName;
    }

    @Override
    public void emit(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > this.buffer.capacity())
        {
            throw new IllegalArgumentException("output length " + length + " exceeds the max event length " +
                this.buffer.capacity() + " (processor " + processorName + ", sequence " + sequence + ")");
        }
        outputs++;
    }

    @Override
    public void scheduleTimer(final long timerId, final long deadline)
    {
        throw new IllegalStateException("processor " + processorName + " scheduled a timer at sequence " + sequence +
            ": the bare benchmark cannot fire timers, so it would not do the engine's work");
    }

    @Override
    public boolean cancelTimer(final long timerId)
    {
        return false;
    }

    @Override
    public long random(final long salt)
    {
        // SplitMix64 finaliser over (sequence, salt): deterministic, as the engine's is.
        long z = sequence * 0x9E3779B97F4A7C15L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void type(final int type)
    {
        this.type = type;
    }

    @Override
    public void timestamp(final long timestamp)
    {
        this.timestamp = timestamp;
    }

    /**
     * {@inheritDoc}
     * <p>
     * One buffer serves both roles: the generator writes the payload into it, then the processors read it.
     */
    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int maxLength()
    {
        return buffer.capacity();
    }

    @Override
    public void length(final int length)
    {
        if (length < 0 || length > buffer.capacity())
        {
            throw new IllegalArgumentException(
                "payload length " + length + " outside [0, " + buffer.capacity() + "] at sequence " + sequence);
        }
        this.length = length;
    }
}
