package io.ferrite.bench.alternatives;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A preallocated event slot as a user would define one for a raw Disruptor or a pooled queue hand-off: a timestamp,
 * a type and a payload held in a fixed {@code byte[]}, reached through an Agrona buffer.
 * <p>
 * Threading: written by the producer before publication, read by consumers after; the ring's (or queue's) memory
 * ordering makes the writes visible. No allocation after construction.
 */
public final class RingEvent
{
    private final byte[] bytes;
    private final UnsafeBuffer buffer;
    private long timestamp;
    private int type;
    private int length;
    private long cause;

    /**
     * @param capacity the largest payload the slot holds, in bytes.
     */
    public RingEvent(final int capacity)
    {
        bytes = new byte[capacity];
        buffer = new UnsafeBuffer(bytes);
    }

    /**
     * Fill the slot.
     *
     * @param timestamp event time in nanoseconds.
     * @param type      application-defined type.
     * @param src       holds the payload.
     * @param srcOffset of the payload in {@code src}.
     * @param length    of the payload, at most the capacity.
     */
    public void set(final long timestamp, final int type, final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putBytes(0, src, srcOffset, length);
        this.timestamp = timestamp;
        this.type = type;
        this.length = length;
    }

    /**
     * @return the payload buffer; valid bytes are {@code [0, length())}.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the array behind {@link #buffer()}, for APIs that copy from a {@code byte[]}.
     */
    public byte[] bytes()
    {
        return bytes;
    }

    /**
     * @return event time in nanoseconds.
     */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * @return application-defined type.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return payload length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return for an output event, the sequence of the input event that caused it.
     */
    public long cause()
    {
        return cause;
    }

    /**
     * @param cause for an output event, the sequence of the input event that caused it.
     */
    public void cause(final long cause)
    {
        this.cause = cause;
    }
}
