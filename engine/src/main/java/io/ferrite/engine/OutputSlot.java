package io.ferrite.engine;

import io.ferrite.engine.processor.OutputView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One preallocated slot of the output ring, and the view sinks get of it.
 */
final class OutputSlot implements OutputView
{
    long inputSequence;
    int ordinal;
    String processorName;
    long timestamp;
    int type;
    int length;
    boolean replay;
    final UnsafeBuffer buffer;

    OutputSlot(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }

    public long inputSequence()
    {
        return inputSequence;
    }

    public int ordinal()
    {
        return ordinal;
    }

    public String processorName()
    {
        return processorName;
    }

    public long timestamp()
    {
        return timestamp;
    }

    public int type()
    {
        return type;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int payloadOffset()
    {
        return 0;
    }

    public int length()
    {
        return length;
    }

    public boolean isReplay()
    {
        return replay;
    }
}
