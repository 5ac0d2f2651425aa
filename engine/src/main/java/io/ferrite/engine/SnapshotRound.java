package io.ferrite.engine;

import io.ferrite.engine.processor.Processor;
import org.agrona.DirectBuffer;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The snapshot barrier: where the processors leave their serialised state for one snapshot sequence, and the
 * {@link SnapshotWriterAgent} takes it.
 * <pre>
 *   journaller marks event S ──► each processor handles S, serialises into its part, fill(i) ──► all parts filled
 *        ──► writer copies every part, release() ──► (processors may fill the next round) ──► writer writes the file
 * </pre>
 * Each part has one state, written with a volatile store by its owner: FREE (the writer has taken the previous round),
 * FILLED or FAILED (the processor's {@code writeSnapshot} threw: the round completes but writes nothing). A processor
 * fills only a FREE part, and the writer releases only a complete round, so every part of a complete round belongs
 * to the same marker. Nobody waits here: a processor whose part is still taken stops before its next marker and
 * returns to its duty cycle.
 * <p>
 * The processor that completes a round wakes the writer's thread (one {@code unpark} per snapshot), so the writer can
 * park for long stretches instead of polling: a writer polling every millisecond woke ~1,000 times a second, each a
 * chance to preempt the engine or the producer on a small machine.
 */
final class SnapshotRound
{
    private static final int FREE = 0;
    private static final int FILLED = 1;
    private static final int FAILED = 2;

    private final AtomicIntegerArray states;
    private final long[] sequences;
    private final long[] digests;
    private final DirectBuffer[] parts;
    private final int[] lengths;
    /** The writer's thread, woken when a round completes; null when none waits. */
    private volatile Thread writer;

    SnapshotRound(final int processors)
    {
        this.states = new AtomicIntegerArray(processors);
        this.sequences = new long[processors];
        this.digests = new long[processors];
        this.parts = new DirectBuffer[processors];
        this.lengths = new int[processors];
    }

    int processors()
    {
        return lengths.length;
    }

    /** Processor {@code i}'s thread: may it fill its part? */
    boolean isFree(final int i)
    {
        return states.get(i) == FREE;
    }

    /** Processor {@code i}'s thread: its part for the marker at {@code sequence}, valid until released. */
    void fill(final int i, final long sequence, final DirectBuffer part, final int length, final long digest)
    {
        sequences[i] = sequence;
        parts[i] = part;
        lengths[i] = length;
        digests[i] = digest;
        states.set(i, FILLED);
        wakeWriterIfComplete();
    }

    /** Processor {@code i}'s thread: it could not serialise its state at {@code sequence}. */
    void fail(final int i, final long sequence)
    {
        sequences[i] = sequence;
        lengths[i] = 0;
        states.set(i, FAILED);
        wakeWriterIfComplete();
    }

    /** Writer: the thread to wake when a round completes, or null. */
    void writerThread(final Thread thread)
    {
        writer = thread;
    }

    /** Wake the writer's thread if it waits, whatever the round's state (see {@link SnapshotWriterAgent}). */
    void wakeWriter()
    {
        final Thread thread = writer;
        if (null != thread)
        {
            LockSupport.unpark(thread);
        }
    }

    private void wakeWriterIfComplete()
    {
        final Thread thread = writer;
        if (null != thread && isComplete())
        {
            LockSupport.unpark(thread);
        }
    }

    /** Writer: has every processor filled (or failed) its part? */
    boolean isComplete()
    {
        for (int i = 0; i < lengths.length; i++)
        {
            if (states.get(i) == FREE)
            {
                return false;
            }
        }
        return true;
    }

    /** @return true if no part is filled: nothing is waiting to be written. */
    boolean isEmpty()
    {
        for (int i = 0; i < lengths.length; i++)
        {
            if (states.get(i) != FREE)
            {
                return false;
            }
        }
        return true;
    }

    /** Writer, on a complete round: did any processor fail to serialise? */
    boolean anyFailed()
    {
        for (int i = 0; i < lengths.length; i++)
        {
            if (states.get(i) == FAILED)
            {
                return true;
            }
        }
        return false;
    }

    long sequence(final int i)
    {
        return sequences[i];
    }

    long digest(final int i)
    {
        return digests[i];
    }

    DirectBuffer part(final int i)
    {
        return parts[i];
    }

    int length(final int i)
    {
        return lengths[i];
    }

    /** Writer: every part has been copied; the processors may fill the next round. */
    void release()
    {
        for (int i = 0; i < lengths.length; i++)
        {
            states.set(i, FREE);
        }
    }
}
