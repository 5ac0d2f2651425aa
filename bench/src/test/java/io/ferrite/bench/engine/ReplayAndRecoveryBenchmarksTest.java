package io.ferrite.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark;
import io.ferrite.bench.journal.JournalFixtures;

@Timeout(120)
class ReplayAndRecoveryBenchmarksTest
{
    @TempDir
    Path dir;

    @Test
    void replayShouldCoverTheWholeJournalAndReachTheSameStateEveryTime()
    {
        final EngineReplayBenchmark.ReplayState state = new EngineReplayBenchmark.ReplayState();
        state.payloadSize = 64;
        state.setUp();
        try
        {
            final EngineReplayBenchmark benchmark = new EngineReplayBenchmark();
            // replayAll() itself fails unless every event was replayed without divergence.
            assertEquals(benchmark.replay(state), benchmark.replay(state));
        }
        finally
        {
            state.tearDown();
        }
    }

    @Test
    void rawReadOfAFerriteJournalShouldSeeEveryRecordAndRefuseAWrongCount()
    {
        final Path journal = dir.resolve("journal");
        JournalFixtures.write(journal, 5_000, 64);
        RawChronicleQueueReplayBenchmark.readAll(journal, 5_000);
        final IllegalStateException wrong = assertThrows(IllegalStateException.class,
            () -> RawChronicleQueueReplayBenchmark.readAll(journal, 5_001));
        assertTrue(wrong.getMessage().contains("holds 5000 records, expected 5001"), wrong.getMessage());
    }

    @Test
    void recoveryWithoutSnapshotShouldReplayEveryEventEachTime()
    {
        recover("none", 5_000, 5_000);
    }

    @Test
    void recoveryFromARecentSnapshotShouldReplayOnlyTheTail()
    {
        recover("recent", 5_000, EngineRecoveryBenchmark.RECENT_TAIL);
    }

    private static void recover(final String snapshot, final long events, final long expectedReplayed)
    {
        final EngineRecoveryBenchmark.RecoverState state = new EngineRecoveryBenchmark.RecoverState();
        state.events = events;
        state.snapshot = snapshot;
        state.payloadSize = 64;
        state.setUp();
        try
        {
            final EngineRecoveryBenchmark benchmark = new EngineRecoveryBenchmark();
            for (int iteration = 0; iteration < 2; iteration++)
            {
                assertEquals(expectedReplayed, benchmark.recover(state), "iteration " + iteration);
                state.stopEngine();
            }
        }
        finally
        {
            state.stopEngine();
            state.tearDown();
        }
    }
}
