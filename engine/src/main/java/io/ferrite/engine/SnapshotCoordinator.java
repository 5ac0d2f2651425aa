package io.ferrite.engine;

import io.ferrite.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Assembles one snapshot from the parts every processor writes on its own thread after handling the marked event,
 * and writes the file when the last part arrives (on that processor's thread).
 * <p>
 * Rounds are strictly ordered: a processor that reaches the next marked event before the previous snapshot is on
 * disk waits for it (its part buffer is still being read). Upstream processors may wait for downstream ones; the
 * reverse never happens, so this cannot deadlock. A halted engine abandons the round.
 */
final class SnapshotCoordinator
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCoordinator.class);

    private final ProcessorAgent[] agents;
    private final SnapshotStore store;
    private final int keep;
    private final Journal journalForRetention;
    private final EngineState state;
    private final String[] names;
    private final long[] digests;
    private final DirectBuffer[] parts;
    private final int[] lengths;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(64 * 1024);
    private final AtomicIntegerArray busy;
    private final AtomicInteger remaining;
    private volatile long lastSnapshotSequence;
    private volatile long snapshotsWritten;
    private AtomicCounter snapshotsCounter;
    private AtomicCounter lastSequenceCounter;
    private AtomicCounter lastMicrosCounter;
    private volatile boolean abandoned;
    /** Set when a processor's writeSnapshot threw in the current round: the round completes but writes nothing. */
    private volatile boolean roundFailed;
    private final ErrorHandler errorHandler;

    /** Stop waiting: the engine is halting its threads. */
    void abandon()
    {
        abandoned = true;
    }

    void snapshotsCounter(
        final AtomicCounter snapshotsCounter,
        final AtomicCounter lastSequenceCounter,
        final AtomicCounter lastMicrosCounter)
    {
        this.lastSequenceCounter = lastSequenceCounter;
        this.lastMicrosCounter = lastMicrosCounter;
        this.snapshotsCounter = snapshotsCounter;
    }

    SnapshotCoordinator(
        final ProcessorAgent[] agents,
        final SnapshotStore store,
        final int keep,
        final Journal journalForRetention,
        final EngineState state,
        final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        this.agents = agents;
        this.store = store;
        this.keep = keep;
        this.journalForRetention = journalForRetention;
        this.state = state;
        this.names = new String[agents.length];
        this.digests = new long[agents.length];
        this.parts = new DirectBuffer[agents.length];
        this.lengths = new int[agents.length];
        for (int i = 0; i < agents.length; i++)
        {
            names[i] = agents[i].name();
        }
        this.busy = new AtomicIntegerArray(agents.length);
        this.remaining = new AtomicInteger(agents.length);
    }

    long lastSnapshotSequence()
    {
        return lastSnapshotSequence;
    }

    long snapshotsWritten()
    {
        return snapshotsWritten;
    }

    /** Called on the agent's thread after it handled the marked event {@code sequence}. */
    void contribute(final ProcessorAgent agent, final long sequence)
    {
        final int i = agent.index();
        IdleStrategy idle = null;
        while (busy.get(i) != 0)
        {
            if (state.faulted() || abandoned)
            {
                return;
            }
            if (null == idle)
            {
                idle = new SleepingMillisIdleStrategy(1);
            }
            idle.idle();
        }
        try
        {
            lengths[i] = agent.writeSnapshotPart();
            digests[i] = agent.digest();
            parts[i] = agent.snapshotPart();
        }
        catch (final RuntimeException ex)
        {
            // A processor that cannot snapshot costs this snapshot, not the engine: the journal still has it all.
            roundFailed = true;
            errorHandler.onError(ex, sequence, agent.name());
        }
        busy.set(i, 1);
        if (remaining.decrementAndGet() == 0)
        {
            write(sequence);
        }
    }

    private void write(final long sequence)
    {
        try
        {
            if (!state.faulted() && !roundFailed)
            {
                final long beginNanos = System.nanoTime();
                store.write(sequence, names, digests, parts, lengths, scratch);
                final long writeNanos = System.nanoTime() - beginNanos;
                final long oldestKept = store.retain(keep);
                lastSnapshotSequence = sequence;
                snapshotsWritten++;
                if (null != snapshotsCounter)
                {
                    lastSequenceCounter.setRelease(sequence);
                    lastMicrosCounter.setRelease(TimeUnit.NANOSECONDS.toMicros(writeNanos));
                    snapshotsCounter.setRelease(snapshotsWritten);
                }
                if (null != journalForRetention && oldestKept > 0)
                {
                    journalForRetention.deleteSegmentsBelow(oldestKept + 1);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            // A failed snapshot loses nothing (the journal still holds every event); report it and go on.
            LOG.error("snapshot at sequence {} failed: {}", sequence, ex.toString());
        }
        finally
        {
            // Order matters: re-arm the round before releasing anyone into the next one.
            roundFailed = false;
            remaining.set(agents.length);
            for (int i = 0; i < agents.length; i++)
            {
                busy.set(i, 0);
            }
        }
    }
}
