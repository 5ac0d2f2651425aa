package io.ferrite.engine;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One preallocated slot of the input ring. Fields are plain: the Disruptor's sequence publication gives the
 * happens-before from the producer to the journaller, and the {@code journaled} sequence from the journaller to the
 * processors (under FlushPolicy.BATCH with a flusher: through the appended position the flusher reads and then the
 * {@code journaled} sequence it advances).
 */
final class InputSlot
{
    /** Journal sequence, assigned at claim. */
    long sequence;
    /** Event time in ns, journaled. */
    long timestamp;
    int type;
    int length;
    /**
     * {@code System.nanoTime()} at publish, or the intended send time if {@link #intendedTime}; for latency only,
     * never journaled, never seen by processors.
     */
    long publishNanos;
    /** {@link #publishNanos} holds the producer's intended send time: time this event from it, sampled or not. */
    boolean intendedTime;
    /** Set by the journaller: every processor snapshots its state after handling this event. */
    boolean snapshotAfter;
    final UnsafeBuffer buffer;

    InputSlot(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }
}
