package io.ferrite.bench.alternatives;

import com.lmax.disruptor.EventHandler;

import io.ferrite.bench.Payloads;

/**
 * The work every benchmark stage does for an event, the same in every implementation: read the per-event value from
 * the payload and add it to a running sum. Cheap enough that the benchmarks measure the hand-off, not the work, and
 * real enough that it cannot be optimised away.
 * <p>
 * Threading: called on its stage's thread only; {@link #checksum()} may be read by another thread once the stage's
 * progress (a sequence published with release semantics) shows the events it wants.
 */
public final class ChecksumHandler implements EventHandler<RingEvent>
{
    private long checksum;

    @Override
    public void onEvent(final RingEvent event, final long sequence, final boolean endOfBatch)
    {
        checksum += event.buffer().getLong(Payloads.VALUE_OFFSET);
    }

    /**
     * @return the sum of the per-event values seen so far.
     */
    public long checksum()
    {
        return checksum;
    }
}
