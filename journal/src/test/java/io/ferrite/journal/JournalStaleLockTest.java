package io.ferrite.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Chronicle write lock left held by a writer process that died: opening the journal releases it at once and
 * reports it. The holder is a real process that has exited; JournalCrashTest's random kills land inside a held lock
 * only now and then (batched appends hold it briefly), so this is where the release is asserted every time.
 */
class JournalStaleLockTest
{
    private static final long SEED = 7;
    private static final int MAX_PAYLOAD = 64;

    @TempDir
    Path dir;

    @Test
    void shouldReleaseAndReportAWriteLockHeldByADeadProcess() throws Exception
    {
        final AppendLoopMain.SequenceClock clock = new AppendLoopMain.SequenceClock(1_000);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
        try (Journal journal = Journal.open(AppendLoopMain.config(dir, MAX_PAYLOAD, clock)))
        {
            assertFalse(journal.openReport().staleLockReleased());
            for (long sequence = 1; sequence <= 100; sequence++)
            {
                clock.sequence(sequence);
                TestRecords.append(journal.appender(), scratch, SEED, sequence, MAX_PAYLOAD);
            }
        }

        final Process dead = new ProcessBuilder("true").start();
        assertEquals(0, dead.waitFor());
        final JournalConfig config = AppendLoopMain.config(dir, MAX_PAYLOAD, clock);
        try (SingleChronicleQueue queue = Journal.buildQueue(dir, config.rollCycle(), MAX_PAYLOAD, config, false))
        {
            // What a writer killed inside an append leaves: the lock word holding its process id.
            queue.tableStorePut("chronicle.write.lock", dead.pid());
            assertEquals(dead.pid(), queue.tableStoreGet("chronicle.write.lock"));
        }

        try (Journal journal = Journal.open(AppendLoopMain.config(dir, MAX_PAYLOAD, clock)))
        {
            assertTrue(journal.openReport().staleLockReleased(), "the dead writer's lock is reported released");
            assertEquals(100, journal.lastSequence());
            clock.sequence(101);
            TestRecords.append(journal.appender(), scratch, SEED, 101, MAX_PAYLOAD);
            assertEquals(101, journal.lastSequence());
        }
    }
}
