package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalAppender;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The first agent behind the producers: appends every published event to the journal, one bounded batch per duty
 * cycle, then advances {@link #journaled}, the sequence the first stage polls. Processors therefore never see an event
 * that is not in the journal (and, with {@link FlushPolicy#BATCH}, not forced to disk: the sequence moves only after
 * the batch's {@code endBatch()}).
 * <p>
 * It also marks snapshot points, so that a snapshot belongs to exactly one sequence: the flag travels in the slot to
 * every processor behind it.
 */
final class JournallerAgent implements Agent
{
    static final String NAME = "journaller";

    private final InputRing ring;
    private final JournalAppender appender;
    private final Sequence journaled;
    private final long snapshotEvery;
    private final EngineState state;
    private final ErrorHandler errorHandler;
    private final AtomicCounter journaledCounter;
    private final AtomicCounter publishedCounter;
    private volatile boolean snapshotRequested;
    private long nextSnapshotSequence;
    private volatile boolean failed;

    JournallerAgent(
        final InputRing ring,
        final JournalAppender appender,
        final Sequence journaled,
        final long snapshotEvery,
        final EngineState state,
        final ErrorHandler errorHandler,
        final AtomicCounter journaledCounter,
        final AtomicCounter publishedCounter)
    {
        this.ring = ring;
        this.appender = appender;
        this.journaled = journaled;
        this.snapshotEvery = snapshotEvery;
        this.state = state;
        this.errorHandler = errorHandler;
        this.journaledCounter = journaledCounter;
        this.publishedCounter = publishedCounter;
        // The first multiple of snapshotEvery after the tail: compared per event instead of a modulo.
        this.nextSnapshotSequence = snapshotEvery > 0 ? (ring.base() / snapshotEvery + 1) * snapshotEvery : Long.MAX_VALUE;
    }

    public String roleName()
    {
        return NAME;
    }

    /** Any thread: the next event journaled carries a snapshot marker. */
    void requestSnapshot()
    {
        snapshotRequested = true;
    }

    public int doWork()
    {
        if (failed)
        {
            return 0;
        }
        final long next = journaled.get() + 1;
        final long available = ring.publishedUpTo(next);
        if (available < next)
        {
            return 0;
        }
        final long end = Math.min(available, next + EngineConfiguration.DUTY_CYCLE_LIMIT - 1);
        long r = next;
        try
        {
            for (; r <= end; r++)
            {
                final InputSlot slot = ring.slot(r);
                appender.append(slot.sequence, slot.timestamp, slot.type, slot.buffer, 0, slot.length);
                boolean snapshot = false;
                if (slot.sequence == nextSnapshotSequence)
                {
                    nextSnapshotSequence += snapshotEvery;
                    snapshot = true;
                }
                if (snapshotRequested)
                {
                    snapshotRequested = false;
                    snapshot = true;
                }
                slot.snapshotAfter = snapshot;
            }
            appender.endBatch();
        }
        catch (final Throwable ex)
        {
            // Nothing of this batch may reach a processor: never advance 'journaled' again and refuse new input.
            failed = true;
            final long sequence = ring.sequenceOf(Math.min(r, end));
            errorHandler.onError(ex, sequence, NAME);
            state.fault(EngineState.Phase.FAILED, sequence, NAME, ex);
            return 1;
        }
        journaled.set(end);
        journaledCounter.setRelease(ring.sequenceOf(end));
        publishedCounter.setRelease(ring.sequenceOf(ring.cursor()));
        return (int)(end - next + 1);
    }

    /** @return the ring position of the last event journaled (and, per the flush policy, made durable). */
    Sequence progress()
    {
        return journaled;
    }

    /** @return true once the journal failed: nothing after the last journaled sequence will ever be journaled. */
    boolean hasFailed()
    {
        return failed;
    }
}
