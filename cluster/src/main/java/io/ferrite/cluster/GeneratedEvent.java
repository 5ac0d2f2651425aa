package io.ferrite.cluster;

import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reusable {@link MutableEvent} outside any engine, for a client that generates workload events (event {@code i}
 * of a deterministic generator) and then sends them with {@link FerriteClusterClient#tryPublish}. Not thread safe; no
 * allocation after construction.
 */
public final class GeneratedEvent implements MutableEvent
{
    private final UnsafeBuffer buffer;
    private long sequence;
    private int type;
    private long timestamp;
    private int length;

    /**
     * @param maxLength the largest payload.
     */
    public GeneratedEvent(final int maxLength)
    {
        this.buffer = new UnsafeBuffer(new byte[maxLength]);
    }

    /**
     * Start a new event: clears type, timestamp and length.
     *
     * @param sequence the sequence the generator should write.
     * @return this.
     */
    public GeneratedEvent reset(final long sequence)
    {
        this.sequence = sequence;
        this.type = 0;
        this.timestamp = Long.MIN_VALUE;
        this.length = 0;
        return this;
    }

    public long sequence()
    {
        return sequence;
    }

    public void type(final int type)
    {
        this.type = type;
    }

    /**
     * @return the type written.
     */
    public int type()
    {
        return type;
    }

    public void timestamp(final long timestamp)
    {
        this.timestamp = timestamp;
    }

    /**
     * @return the timestamp written, or {@link Long#MIN_VALUE} if none (the cluster then uses cluster time).
     */
    public long timestamp()
    {
        return timestamp;
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public int payloadOffset()
    {
        return 0;
    }

    public int maxLength()
    {
        return buffer.capacity();
    }

    public void length(final int length)
    {
        if (length < 0 || length > buffer.capacity())
        {
            throw new IllegalArgumentException("length " + length + " outside [0, " + buffer.capacity() + "]");
        }
        this.length = length;
    }

    /**
     * @return the payload length written.
     */
    public int length()
    {
        return length;
    }
}
