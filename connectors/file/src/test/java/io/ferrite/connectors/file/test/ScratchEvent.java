package io.ferrite.connectors.file.test;

import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A plain event for connector tests to generate or decode into: the payload starts at offset 0 of its own buffer and
 * every field is public, so a test can hand them straight to a text codec. Shared with the JDBC and Kafka connector
 * tests through this module's test jar.
 */
public final class ScratchEvent implements MutableEvent
{
    /** The payload, from offset 0. */
    public final UnsafeBuffer buffer;
    /** The event's sequence. */
    public long sequence;
    /** The type the generator or decoder set. */
    public int type;
    /** The timestamp the generator or decoder set. */
    public long timestamp;
    /** The payload length the generator or decoder set. */
    public int length;

    /**
     * @param maxLength the largest payload.
     */
    public ScratchEvent(final int maxLength)
    {
        buffer = new UnsafeBuffer(new byte[maxLength]);
    }

    /**
     * Start event {@code sequence}: no type, timestamp or payload yet.
     *
     * @param sequence the event's sequence.
     */
    public void reset(final long sequence)
    {
        this.sequence = sequence;
        type = -1;
        timestamp = 0;
        length = 0;
    }

    @Override
    public long sequence()
    {
        return sequence;
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

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int payloadOffset()
    {
        return 0;
    }

    @Override
    public int maxLength()
    {
        return buffer.capacity();
    }

    @Override
    public void length(final int length)
    {
        this.length = length;
    }
}
