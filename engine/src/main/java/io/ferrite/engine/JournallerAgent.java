package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalAppender;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The first agent behind the producers: appends every published event to the journal, one bounded batch per duty
 * cycle, then advances {@link #journaled}, the sequence the first stage polls. Processors therefore never see an event
 * that is not in the journal.
 * <p>
 * With {@link FlushPolicy#BATCH} they also never see one that is not forced to disk. With a {@link FlusherAgent} (every
 * threading mode but INVOKER) this agent only appends and publishes (waking the flusher if it idles), and the flusher,
 * on its own thread, forces and then advances {@link #journaled}: appending the next batch overlaps the force of the
 * previous ones. In INVOKER mode, which has no thread of its own, the batch is forced here, in {@code endBatch()},
 * before {@link #journaled} moves.
 * <p>
 * The bound of a batch depends on the flush policy (see {@link #batchLimit(FlushPolicy, int, boolean)}): when this
 * agent forces each batch itself, a batch takes everything published, up to the ring's size, rather than one duty
 * cycle's worth: the events that queued up during one force share the next.
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
    private final int batchLimit;
    private final long snapshotEvery;
    private final EngineState state;
    private final ErrorHandler errorHandler;
    private final AtomicCounter journaledCounter;
    private final AtomicCounter publishedCounter;
    /** Null when this agent releases what it journals itself (policies NONE and EVERY, BATCH in INVOKER mode). */
    private final FlusherAgent flusher;
    /** Ring position of the last event appended; ahead of {@link #journaled} while a flusher forces. */
    private long appended;
    private volatile boolean snapshotRequested;
    private long nextSnapshotSequence;
    private volatile boolean failed;

    JournallerAgent(
        final InputRing ring,
        final JournalAppender appender,
        final Sequence journaled,
        final int batchLimit,
        final long snapshotEvery,
        final EngineState state,
        final ErrorHandler errorHandler,
        final AtomicCounter journaledCounter,
        final AtomicCounter publishedCounter,
        final FlusherAgent flusher)
    {
        this.flusher = flusher;
        this.appended = journaled.get();
        this.ring = ring;
        this.appender = appender;
        this.journaled = journaled;
        this.batchLimit = batchLimit;
        this.snapshotEvery = snapshotEvery;
        this.state = state;
        this.errorHandler = errorHandler;
        this.journaledCounter = journaledCounter;
        this.publishedCounter = publishedCounter;
        // The first multiple of snapshotEvery after the tail: compared per event instead of a modulo.
        this.nextSnapshotSequence = snapshotEvery > 0 ? (ring.base() / snapshotEvery + 1) * snapshotEvery : Long.MAX_VALUE;
    }

    /**
     * @param flushPolicy   the journal's flush policy.
     * @param ringSize      slots in the input ring.
     * @param flusherThread true if a {@link FlusherAgent} forces the journal, not this agent.
     * @return how many events one duty cycle journals at most: the whole ring with {@link FlushPolicy#BATCH} forced
     * here, where every batch is forced to disk and one force costs far more than the appends it covers, so the events
     * that queued up during a force are best forced together; else {@link EngineConfiguration#DUTY_CYCLE_LIMIT}, so
     * that in a shared thread the processors behind get their turn sooner (with a flusher, the group commit forms on
     * the flusher's side: one force covers every batch appended while the previous one ran).
     */
    static int batchLimit(final FlushPolicy flushPolicy, final int ringSize, final boolean flusherThread)
    {
        return FlushPolicy.BATCH == flushPolicy && !flusherThread ?
            Math.max(ringSize, EngineConfiguration.DUTY_CYCLE_LIMIT) : EngineConfiguration.DUTY_CYCLE_LIMIT;
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
        if (failed || (null != flusher && flusher.hasFailed()))
        {
            return 0;
        }
        final long next = appended + 1;
        final long available = ring.publishedUpTo(next, batchLimit);
        if (available < next)
        {
            return 0;
        }
        final long end = Math.min(available, next + batchLimit - 1);
        long r = next;
        try
        {
            // One journal batch per duty cycle: its records share Chronicle excerpts and become visible together
            // at endBatch(), before which 'journaled' does not move, so a batch torn by a crash reached no processor.
            // (With a flusher, the unit is the published excerpt: the flusher releases only what the appender
            // published, which a crash cannot tear either.)
            appender.beginBatch();
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
            // Never advance 'journaled' again and refuse new input. Without a flusher nothing of this batch reaches a
            // processor; with one, the excerpts of it already published (in the journal, replayed after a restart
            // anyway) may still be forced and released.
            failed = true;
            if (null != flusher)
            {
                // Excerpts published before the failure are forced now, not at the end of the flusher's back-off.
                flusher.wakeIfIdle();
            }
            final long sequence = ring.sequenceOf(Math.min(r, end));
            errorHandler.onError(ex, sequence, NAME);
            state.fault(EngineState.Phase.FAILED, sequence, NAME, ex);
            return 1;
        }
        appended = end;
        if (null == flusher)
        {
            journaled.set(end);
            journaledCounter.setRelease(ring.sequenceOf(end));
        }
        else
        {
            flusher.wakeIfIdle();
        }
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
        return failed || (null != flusher && flusher.hasFailed());
    }
}
