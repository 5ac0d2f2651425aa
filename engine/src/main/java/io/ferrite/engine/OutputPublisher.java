package io.ferrite.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.DirectBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * Puts outputs on the output ring for the sinks. Shared by all processors (the ring is multi-producer). Blocks while
 * the ring is full: a slow sink back-pressures the pipeline rather than losing or corrupting outputs.
 */
final class OutputPublisher
{
    private final RingBuffer<OutputSlot> ring;
    private final int maxLength;
    /** Outputs caused by inputs up to here were delivered to every sink before the last crash: don't repeat them. */
    private long replaySuppressUpTo;
    private volatile boolean closed;

    OutputPublisher(final RingBuffer<OutputSlot> ring, final int maxLength)
    {
        this.ring = ring;
        this.maxLength = maxLength;
    }

    void replaySuppressUpTo(final long sequence)
    {
        this.replaySuppressUpTo = sequence;
    }

    void close()
    {
        closed = true;
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
                // Output ring full: a slow sink back-pressures this processor. Wait, but not past a shutdown.
                if (closed)
                {
                    throw new IllegalStateException("engine stopped while processor '" + processorName +
                        "' waited for space in the output ring (sequence " + inputSequence + ")");
                }
                if (++attempt < 100)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    LockSupport.parkNanos(10_000);
                }
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
