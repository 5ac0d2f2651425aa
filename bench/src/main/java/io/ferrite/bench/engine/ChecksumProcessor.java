package io.ferrite.bench.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.ferrite.bench.PaddedCounter;
import io.ferrite.bench.Payloads;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.StatefulProcessor;

/**
 * The benchmark stage's work inside Ferrite, the same as every alternative's ({@code ChecksumHandler}): add the
 * payload's per-event value to a running sum. Its state (the sum and the count) can be snapshotted, restored and
 * digested, so the recovery benchmarks exercise Ferrite's snapshot path. After each event it publishes the event's
 * sequence so that a benchmark thread can wait for the pipeline to drain.
 * <p>
 * Threading: callbacks on the processor's thread; {@link #processedSequence()} from any thread. No allocation.
 */
public final class ChecksumProcessor implements StatefulProcessor
{
    private final PaddedCounter processed = new PaddedCounter();
    private long checksum;
    private long count;

    @Override
    public void onEvent(final EventContext ctx)
    {
        checksum += ctx.buffer().getLong(ctx.payloadOffset() + Payloads.VALUE_OFFSET);
        count++;
        processed.setRelease(ctx.sequence());
    }

    /**
     * @return the sequence of the last event handled, 0 if none.
     */
    public long processedSequence()
    {
        return processed.get();
    }

    /**
     * @return the sum of per-event values seen; read after {@link #processedSequence()} shows the events wanted.
     */
    public long checksum()
    {
        return checksum;
    }

    /**
     * @return events handled (including replayed ones).
     */
    public long count()
    {
        return count;
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer)
    {
        buffer.putLong(0, checksum);
        buffer.putLong(Long.BYTES, count);
        return 2 * Long.BYTES;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != 2 * Long.BYTES)
        {
            throw new IllegalArgumentException("checksum snapshot must be 16 bytes, was " + length);
        }
        checksum = buffer.getLong(offset);
        count = buffer.getLong(offset + Long.BYTES);
    }

    @Override
    public long stateDigest()
    {
        // A 64-bit mix of both fields (the constants are the golden ratio and a large odd multiplier).
        long h = checksum * 0x9E3779B97F4A7C15L;
        h ^= Long.rotateLeft(count * 0xC2B2AE3D27D4EB4FL, 31);
        return h ^ (h >>> 29);
    }
}
