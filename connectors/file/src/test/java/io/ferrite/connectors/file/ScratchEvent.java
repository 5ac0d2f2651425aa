package io.ferrite.connectors.file;

import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** A plain event to generate or decode into. */
final class ScratchEvent implements MutableEvent
{
    final UnsafeBuffer buffer;
    long sequence;
    int type;
    long timestamp;
    int length;

    ScratchEvent(final int maxLength)
    {
        buffer = new UnsafeBuffer(new byte[maxLength]);
    }

    void reset(final long sequence)
    {
        this.sequence = sequence;
        type = -1;
        timestamp = 0;
        length = 0;
    }

    public long sequence()
    {
        return sequence;
    }

    public void type(final int type)
    {
        this.type = type;
    }

    public void timestamp(final long timestamp)
    {
        this.timestamp = timestamp;
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
        this.length = length;
    }
}
