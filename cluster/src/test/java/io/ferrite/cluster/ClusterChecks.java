package io.ferrite.cluster;

import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.ReplayReport;
import io.ferrite.engine.Replayer;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.VerifyReport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the slow cluster tests compare against: a standalone engine fed the same generated events (all of them, or the
 * subset one shard owns), and the offline checks of a member's data directory (replay and journal verification).
 */
final class ClusterChecks
{
    private ClusterChecks()
    {
    }

    /** The result of a standalone run. */
    record Standalone(long events, long stateDigest)
    {
    }

    /**
     * Generate events {@code 1..generated} of the workload and run those {@code accept} takes, in order, through a
     * standalone engine in {@code dir} (dense sequences from 1, as a cluster or shard that was sent only those).
     */
    static Standalone runStandalone(
        final Workload workload,
        final long seed,
        final long generated,
        final long digestEvery,
        final Path dir,
        final Predicate<GeneratedEvent> accept)
    {
        final EventGenerator generator = workload.newGenerator(seed);
        final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());
        long accepted = 0;
        try (Engine engine = Engine.builder()
            .dataDirectory(dir)
            .pipeline(workload.newPipeline())
            .maxEventLength(workload.maxEventLength())
            .digestEvery(digestEvery)
            .build())
        {
            engine.start();
            final EventClaim claim = new EventClaim();
            for (long i = 1; i <= generated; i++)
            {
                generator.generate(event.reset(i));
                if (accept.test(event))
                {
                    engine.claim(claim);
                    claim.type(event.type());
                    claim.timestamp(event.timestamp());
                    claim.buffer().putBytes(claim.payloadOffset(), event.buffer(), 0, event.length());
                    claim.length(event.length());
                    claim.commit();
                    accepted++;
                }
            }
            assertTrue(engine.stop(Duration.ofSeconds(30)), "standalone engine stopped");
            return new Standalone(accepted, engine.stateDigest());
        }
    }

    /**
     * Replay a stopped member's journal offline and verify it: exactly {@code events} events, dense, recorded digests
     * reproduced, final state {@code expectedDigest}, framing intact.
     */
    static void assertMemberData(
        final String who, final Path data, final Workload workload, final long events, final long expectedDigest)
    {
        final ReplayReport replay = Replayer.replay(data, workload.newPipeline(), 0, false);
        assertEquals(events, replay.events(), who + ": every event journaled exactly once");
        assertEquals(events, replay.lastSequence(), who + ": dense sequences");
        assertNull(replay.divergence(), who + ": recorded digests replay identically");
        assertEquals(expectedDigest, replay.stateDigest(), who + " ends in the standalone state");
        try (Journal journal = Journal.open(new JournalConfig().directory(data.resolve("journal")).readOnly(true)))
        {
            final VerifyReport verify = journal.verify();
            assertTrue(verify.ok(), who + ": " + verify);
        }
    }
}
