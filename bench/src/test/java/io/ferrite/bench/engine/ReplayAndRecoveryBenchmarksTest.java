package io.ferrite.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark;
import io.ferrite.bench.journal.JournalFixtures;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;

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
        JournalFixtures.writeOneRecordPerExcerpt(journal, 5_000, 64);
        RawChronicleQueueReplayBenchmark.readAll(journal, 5_000);
        final IllegalStateException wrong = assertThrows(IllegalStateException.class,
            () -> RawChronicleQueueReplayBenchmark.readAll(journal, 5_001));
        assertTrue(wrong.getMessage().contains("holds 5000 records, expected 5001"), wrong.getMessage());
    }

    @Test
    void fixtureShapesShouldHoldTheSameRecordsInJournallerBatchesOrOnePerExcerpt()
    {
        final Path batched = dir.resolve("batched");
        final Path single = dir.resolve("single");
        JournalFixtures.write(batched, 5_000, 64);
        JournalFixtures.writeOneRecordPerExcerpt(single, 5_000, 64);

        // 92-byte records, 64 KiB excerpts: a batch of 1024 fills one excerpt with 712 and a second with 312; the
        // last batch of 904 takes 712 + 192. Ten excerpts in all, against 5,000.
        RawChronicleQueueReplayBenchmark.readAll(batched, 10);
        RawChronicleQueueReplayBenchmark.readAll(single, 5_000);
        assertEquals(recordsDigest(single), recordsDigest(batched));
    }

    private static long recordsDigest(final Path directory)
    {
        long digest = 0;
        long expected = 1;
        try (Journal journal = Journal.open(new JournalConfig().directory(directory).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            while (reader.next(record))
            {
                assertEquals(expected++, record.sequence());
                final DirectBuffer buffer = record.buffer();
                for (int i = 0; i < record.length(); i += Long.BYTES)
                {
                    digest = digest * 31 + buffer.getLong(record.payloadOffset() + i);
                }
                digest = digest * 31 + record.timestamp() + record.type();
            }
        }
        assertEquals(5_001, expected);
        return digest;
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
