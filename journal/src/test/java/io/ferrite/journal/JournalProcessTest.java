package io.ferrite.journal;

import io.ferrite.journal.test.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Journals shared between processes: one writer at a time, readers following the writer's tail.
 */
@Tag("slow")
class JournalProcessTest
{
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private JournalConfig config()
    {
        return new JournalConfig().directory(dir).minFreeSpaceBytes(0);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseAWriterWhileAnotherProcessWritesNamingTheDirectory()
    {
        try (ChildJvm holder = ChildJvm.builder(HoldWriterMain.class).args(dir.toString()).start())
        {
            holder.awaitLine("READY"::equals, STARTUP);

            final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(config()));
            assertEquals(JournalException.Category.LOCKED, ex.category());
            assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
            assertTrue(ex.getMessage().contains("pid " + holder.pid()), ex.getMessage());

            // Reading needs no lock.
            try (Journal reader = Journal.open(config().readOnly(true)))
            {
                assertEquals(0, reader.lastSequence());
            }

            holder.kill();
        }

        // The OS released the dead holder's lock: no unlock, no timeout.
        try (Journal journal = Journal.open(config()))
        {
            assertEquals(0, journal.lastSequence());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseAWriterInAnotherProcessWhileThisOneWrites()
    {
        try (Journal journal = Journal.open(config()))
        {
            try (ChildJvm second = ChildJvm.builder(HoldWriterMain.class).args(dir.toString()).start())
            {
                final String refused = second.awaitLine(line -> line.startsWith("REFUSED"), STARTUP);
                assertEquals(HoldWriterMain.REFUSED_EXIT_CODE, second.waitFor(STARTUP));
                assertTrue(refused.startsWith("REFUSED LOCKED"), refused);
                assertTrue(refused.contains(dir.toString()), refused);
            }
            assertEquals(0, journal.lastSequence());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldFollowTheTailOfAWriterInAnotherProcessAcrossSegments()
    {
        final long seed = 21;
        final int maxPayload = 200;
        final long records = 200_000;
        final long perSegment = 40_000;
        try (ChildJvm writer = ChildJvm.builder(AppendLoopMain.class)
            .args(dir.toString(), String.valueOf(seed), String.valueOf(maxPayload), String.valueOf(records),
                String.valueOf(perSegment))
            .start())
        {
            writer.awaitLine(line -> line.startsWith("READY"), STARTUP);
            try (Journal journal = Journal.open(config().readOnly(true));
                JournalReader reader = journal.reader())
            {
                final JournalRecord record = new JournalRecord();
                long expected = 1;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (expected <= records)
                {
                    if (reader.next(record))
                    {
                        assertEquals(expected, record.sequence());
                        assertNull(TestRecords.mismatch(record, seed, maxPayload));
                        expected++;
                    }
                    else
                    {
                        assertTrue(System.nanoTime() < deadline, "stuck at " + expected + ": " + writer.output());
                        LockSupport.parkNanos(100_000);
                    }
                }
                assertEquals(records, journal.lastSequence());
                assertEquals((records + perSegment - 1) / perSegment, SegmentBytes.segments(dir).size());
            }
            writer.awaitLine(line -> line.startsWith("DONE"), STARTUP);
        }
    }
}
