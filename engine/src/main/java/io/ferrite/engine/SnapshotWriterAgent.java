package io.ferrite.engine;

import io.ferrite.journal.Journal;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * Writes snapshots so that no processor waits on disk: when every processor has left its part in the
 * {@link SnapshotRound}, it copies the parts (memory), releases the round, and only then writes the file (temp file →
 * fsync → atomic rename → directory fsync), applies retention and deletes journal segments below the oldest snapshot
 * kept. A failed snapshot loses nothing (the journal still holds every event): it is reported to the error handler,
 * which counts it, and the engine goes on.
 */
final class SnapshotWriterAgent implements Agent
{
    static final String NAME = "snapshot-writer";
    /**
     * The longest the writer's thread parks between checks. It is woken when a round completes (see
     * {@link SnapshotRound}) and before its runner is closed (see {@link #prepareToClose()}), so this is only a safety
     * net: at 50 ms it woke 20 times a second, and each wake-up takes a core from a busy-spinning engine on a machine
     * with no core to spare (4-9 ms of CPU in 8 s of a paced busy-spin run, 2 cores).
     */
    static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** {@link #MAX_PARK_NANOS}, which a test may raise to see that closing does not wait out a park. */
    static long maxParkNanos = MAX_PARK_NANOS;

    private final SnapshotRound round;
    private volatile boolean closing;
    private final SnapshotStore store;
    private final int keep;
    private final Journal journalForRetention;
    private final EngineState state;
    private final ErrorHandler errorHandler;
    private final AtomicCounter snapshotsCounter;
    private final AtomicCounter lastSequenceCounter;
    private final AtomicCounter lastWriteMicrosCounter;
    private final String[] names;
    private final long[] digests;
    private final ExpandableDirectByteBuffer[] copies;
    private final int[] lengths;
    private final ExpandableArrayBuffer fileImage = new ExpandableArrayBuffer(64 * 1024);
    private volatile long lastSnapshotSequence;
    private volatile long snapshotsWritten;
    /** From taking a complete round until its file is written (or failed). */
    private volatile boolean writing;

    SnapshotWriterAgent(
        final SnapshotRound round,
        final String[] processorNames,
        final SnapshotStore store,
        final int keep,
        final Journal journalForRetention,
        final EngineState state,
        final ErrorHandler errorHandler,
        final AtomicCounter snapshotsCounter,
        final AtomicCounter lastSequenceCounter,
        final AtomicCounter lastWriteMicrosCounter)
    {
        this.lastSequenceCounter = lastSequenceCounter;
        this.lastWriteMicrosCounter = lastWriteMicrosCounter;
        this.round = round;
        this.store = store;
        this.keep = keep;
        this.journalForRetention = journalForRetention;
        this.state = state;
        this.errorHandler = errorHandler;
        this.snapshotsCounter = snapshotsCounter;
        this.names = processorNames.clone();
        this.digests = new long[names.length];
        this.lengths = new int[names.length];
        this.copies = new ExpandableDirectByteBuffer[names.length];
        for (int i = 0; i < names.length; i++)
        {
            copies[i] = new ExpandableDirectByteBuffer(4096);
        }
    }

    /**
     * @return how the writer's own thread waits: parks backing off from 1 ms to {@link #MAX_PARK_NANOS}; the processor
     * that completes a round unparks it (see {@link SnapshotRound}).
     */
    static IdleStrategy newIdleStrategy()
    {
        return new BackoffIdleStrategy(1, 1, TimeUnit.MILLISECONDS.toNanos(1), maxParkNanos);
    }

    public String roleName()
    {
        return NAME;
    }

    public void onStart()
    {
        round.writerThread(Thread.currentThread());
    }

    public void onClose()
    {
        round.writerThread(null);
    }

    /**
     * Called by the stopping thread just before it closes the writer's own runner. {@code AgentRunner.close} only
     * clears its running flag and waits for the thread, so a writer parked for up to {@link #MAX_PARK_NANOS} would hold
     * up every stop (and every warm-up engine's) by as long: from here on the writer's duty cycle reports work, so its
     * idle strategy stops parking, and the thread is woken.
     */
    void prepareToClose()
    {
        closing = true;
        round.wakeWriter();
    }

    public int doWork()
    {
        if (!round.isComplete())
        {
            return closing ? 1 : 0;
        }
        writing = true;
        final long sequence = round.sequence(0);
        final boolean failed = round.anyFailed();
        if (!failed)
        {
            for (int i = 0; i < names.length; i++)
            {
                lengths[i] = round.length(i);
                digests[i] = round.digest(i);
                copies[i].putBytes(0, round.part(i), 0, lengths[i]);
            }
        }
        round.release();
        if (!failed && !state.faulted())
        {
            write(sequence);
        }
        writing = false;
        return 1;
    }

    private void write(final long sequence)
    {
        try
        {
            final long beginNanos = System.nanoTime();
            store.write(sequence, names, digests, copies, lengths, fileImage);
            final long writeNanos = System.nanoTime() - beginNanos;
            final long oldestKept = store.retain(keep);
            lastSnapshotSequence = sequence;
            snapshotsWritten++;
            lastSequenceCounter.setRelease(sequence);
            lastWriteMicrosCounter.setRelease(TimeUnit.NANOSECONDS.toMicros(writeNanos));
            snapshotsCounter.setRelease(snapshotsWritten);
            if (null != journalForRetention && oldestKept > 0)
            {
                journalForRetention.deleteSegmentsBelow(oldestKept + 1);
            }
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex, sequence, NAME);
        }
    }

    /** @return true when no complete round is waiting to be written. Any thread. */
    boolean isIdle()
    {
        return !writing && !round.isComplete();
    }

    long lastSnapshotSequence()
    {
        return lastSnapshotSequence;
    }

    long snapshotsWritten()
    {
        return snapshotsWritten;
    }
}
