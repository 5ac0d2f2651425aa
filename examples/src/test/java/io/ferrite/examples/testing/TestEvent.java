package io.ferrite.examples.testing;

import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * A {@link MutableEvent} over a reusable buffer, like an engine ring slot: the payload starts at a non-zero offset
 * and the buffer is filled with garbage before each use, so a generator that leaves bytes unwritten or ignores the
 * offset is caught.
 */
public final class TestEvent implements MutableEvent
{
    /**
     * Where the payload starts in the buffer.
     */
    public static final int PAYLOAD_OFFSET = 24;

    private final int maxLength;
    private final UnsafeBuffer buffer;
    private long sequence;
    private int type;
    private long timestamp;
    private int length;

    /**
     * @param maxLength the largest payload.
     */
    public TestEvent(final int maxLength)
    {
        this.maxLength = maxLength;
        this.buffer = new UnsafeBuffer(new byte[PAYLOAD_OFFSET + maxLength]);
    }

    /**
     * Reset for event {@code sequence}: scribble over the slot as a reused ring slot would hold an older event.
     *
     * @param sequence the event number.
     * @return this.
     */
    public TestEvent reset(final long sequence)
    {
        this.sequence = sequence;
        this.type = Integer.MIN_VALUE;
        this.timestamp = Long.MIN_VALUE;
        this.length = -1;
        buffer.setMemory(0, buffer.capacity(), (byte)(0xA5 ^ sequence));
        return this;
    }

    /**
     * @return a copy of the event: type, timestamp and payload.
     */
    public Copy copy()
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(PAYLOAD_OFFSET, payload);
        return new Copy(sequence, type, timestamp, payload);
    }

    /**
     * An immutable copy of a generated event.
     *
     * @param sequence  event number.
     * @param type      event type.
     * @param timestamp event time.
     * @param payload   payload bytes.
     */
    public record Copy(long sequence, int type, long timestamp, byte[] payload)
    {
        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Copy other && sequence == other.sequence && type == other.type &&
                timestamp == other.timestamp && Arrays.equals(payload, other.payload);
        }

        @Override
        public int hashCode()
        {
            return Long.hashCode(sequence) * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString()
        {
            return "Copy[sequence=" + sequence + ", type=" + type + ", timestamp=" + timestamp + ", payload=" +
                Arrays.toString(payload) + "]";
        }
    }

    @Override
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return the type set by the generator.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the timestamp set by the generator.
     */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * @return the payload length set by the generator.
     */
    public int length()
    {
        return length;
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
        return PAYLOAD_OFFSET;
    }

    @Override
    public int maxLength()
    {
        return maxLength;
    }

    @Override
    public void length(final int length)
    {
        if (length < 0 || length > maxLength)
        {
            throw new IllegalArgumentException("length " + length + " outside [0, " + maxLength + "]");
        }
        this.length = length;
    }
}
