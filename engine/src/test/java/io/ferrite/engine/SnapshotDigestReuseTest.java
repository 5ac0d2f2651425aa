package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot taken at a sequence whose digest the processor thread has just recorded reuses that digest instead of
 * computing it again (for a large state the digest costs as much as the serialisation), and the snapshot still
 * carries the right one: an engine recovering from it checks the journal's digests after it and finds no divergence.
 */
class SnapshotDigestReuseTest
{
    private static final long EVENTS = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldComputeADigestOncePerDigestSequenceEvenWhenASnapshotFallsOnIt()
    {
        final int withSnapshots = digestsComputed(dir.resolve("with"), 1_000);
        final int withoutSnapshots = digestsComputed(dir.resolve("without"), 0);
        assertEquals(withoutSnapshots, withSnapshots,
            "the two snapshots (at 1000 and 2000) computed no digest of their own");
    }

    @Test
    void shouldRecoverFromASnapshotWhoseDigestWasReused()
    {
        final Path data = dir.resolve("data");
        digestsComputed(data, 1_000);
        final SummingProcessor recovered = new SummingProcessor(false);
        try (Engine engine = EngineTestSupport.builder(data, Pipeline.builder().stage("sum", recovered).build())
            .snapshotEvery(1_000)
            .digestEvery(100)
            .build())
        {
            final RecoveryReport report = engine.start();
            assertEquals(EVENTS, report.snapshotSequence(), "recovered from the newest snapshot");
            assertEquals(EngineTestSupport.referenceDigest(EVENTS), recovered.stateDigest());
            assertTrue(engine.stop(EngineTestSupport.STOP));
        }
    }

    private static int digestsComputed(final Path data, final long snapshotEvery)
    {
        final SummingProcessor processor = new SummingProcessor(false);
        try (Engine engine = EngineTestSupport.builder(data, Pipeline.builder().stage("sum", processor).build())
            .snapshotEvery(snapshotEvery)
            .digestEvery(100)
            .build())
        {
            engine.start();
            EngineTestSupport.publishUpTo(engine, EVENTS);
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(EVENTS, processor.count);
            if (snapshotEvery > 0)
            {
                assertEquals(EVENTS, engine.counters().lastSnapshotSequence(), "the last snapshot was written");
            }
        }
        return processor.digestsTaken;
    }
}
