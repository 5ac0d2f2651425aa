package io.ferrite.cluster;

import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.EventTypes;
import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The property the clustered service's timers rest on, on the engine alone: with host-fired timers, the host that
 * publishes an event, drains, and fires due timers one at a time gets the same sequences whether or not the engine
 * stopped part-way through a burst of timers and recovered (from a Ferrite snapshot and its journal) in between.
 * A member killed between two timer events of one burst is in exactly that position when it restarts.
 */
class HostFiredTimersTest
{
    private static final long EVENTS = 3_000;
    private static final long SEED = 9;

    @TempDir
    Path tempDir;

    @Test
    void stoppingPartWayThroughABurstOfTimersChangesNothing()
    {
        final TimerWorkload workload = new TimerWorkload();
        final Path straight = tempDir.resolve("straight");
        final long straightDigest;
        try (Engine engine = newEngine(workload, straight))
        {
            engine.start();
            feed(engine, workload, 1, EVENTS, Long.MAX_VALUE);
            assertTrue(engine.stop(Duration.ofSeconds(30)));
            straightDigest = engine.stateDigest();
        }
        final List<Long> timers = timerSequences(straight);
        final long[] burst = firstBurstAfter(straight, EVENTS / 2);
        assertTrue(burst[0] > 0, "the workload has an event followed by at least two timers");

        // Stop after the first timer of that burst, restart, fire the rest, go on.
        final Path interrupted = tempDir.resolve("interrupted");
        try (Engine engine = newEngine(workload, interrupted))
        {
            engine.start();
            feed(engine, workload, 1, burst[0] - 1, Long.MAX_VALUE);
            feed(engine, workload, burst[0], burst[0], 1);
            assertTrue(engine.stop(Duration.ofSeconds(30)));
        }
        assertEquals(burst[1] + 1, lastSequence(interrupted), "stopped after the first timer of the burst");
        final long interruptedDigest;
        try (Engine engine = newEngine(workload, interrupted))
        {
            engine.start();
            assertTrue(engine.drainInvoker());
            while (engine.fireNextDueTimer(timestampOf(workload, burst[0])) >= 0)
            {
                assertTrue(engine.drainInvoker());
            }
            feed(engine, workload, burst[0] + 1, EVENTS, Long.MAX_VALUE);
            assertTrue(engine.stop(Duration.ofSeconds(30)));
            interruptedDigest = engine.stateDigest();
        }
        assertEquals(timers, timerSequences(interrupted), "timer events at the same sequences");
        assertEquals(straightDigest, interruptedDigest, "same final state");
    }

    private static Engine newEngine(final TimerWorkload workload, final Path dir)
    {
        return Engine.builder()
            .dataDirectory(dir)
            .pipeline(workload.newPipeline())
            .maxEventLength(workload.maxEventLength())
            .snapshotEvery(500)
            .threadingMode(ThreadingMode.INVOKER)
            .hostFiresTimers(true)
            .build();
    }

    private static long timestampOf(final TimerWorkload workload, final long n)
    {
        final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());
        workload.newGenerator(SEED).generate(event.reset(n));
        return event.timestamp();
    }

    /** Events from..to, each followed by at most {@code maxTimers} of its due timers (all of them normally). */
    private static void feed(
        final Engine engine, final TimerWorkload workload, final long from, final long to, final long maxTimers)
    {
        final EventGenerator generator = workload.newGenerator(SEED);
        final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());
        final EventClaim claim = new EventClaim();
        for (long n = from; n <= to; n++)
        {
            generator.generate(event.reset(n));
            engine.claim(claim);
            claim.type(event.type());
            claim.timestamp(event.timestamp());
            claim.buffer().putBytes(claim.payloadOffset(), event.buffer(), 0, event.length());
            claim.length(event.length());
            claim.commit();
            assertTrue(engine.drainInvoker());
            for (long fired = 0; fired < maxTimers && engine.fireNextDueTimer(event.timestamp()) >= 0; fired++)
            {
                assertTrue(engine.drainInvoker());
            }
        }
    }

    /** @return {event number, its sequence} of the first event after {@code after} events followed by >= 2 timers. */
    private static long[] firstBurstAfter(final Path dir, final long after)
    {
        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            long events = 0;
            long eventSequence = -1;
            int timersAfter = 0;
            while (reader.next(record))
            {
                if (record.type() == EventTypes.TIMER)
                {
                    timersAfter++;
                    if (timersAfter == 2 && events > after)
                    {
                        return new long[]{events, eventSequence};
                    }
                }
                else
                {
                    events++;
                    eventSequence = record.sequence();
                    timersAfter = 0;
                }
            }
        }
        return new long[]{-1, -1};
    }

    private static long lastSequence(final Path dir)
    {
        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true)))
        {
            return journal.lastSequence();
        }
    }

    static List<Long> timerSequences(final Path dir)
    {
        final List<Long> sequences = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            while (reader.next(record))
            {
                if (record.type() == EventTypes.TIMER)
                {
                    sequences.add(record.sequence());
                }
            }
        }
        return sequences;
    }
}
