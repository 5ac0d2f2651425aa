package io.ferrite.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open-time recovery from what a writer killed mid-append leaves behind, reproduced byte for byte in process.
 * The real kill -9 loop is {@link JournalCrashTest}.
 */
class JournalRecoveryTest
{
    private static final int RECORDS = 100;

    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @BeforeEach
    void writeJournal()
    {
        try (Journal journal = Journal.open(config()))
        {
            append(journal, 1, RECORDS);
        }
    }

    private JournalConfig config()
    {
        return new JournalConfig().directory(dir).minFreeSpaceBytes(0);
    }

    private void append(final Journal journal, final long from, final long to)
    {
        final JournalAppender appender = journal.appender();
        for (long sequence = from; sequence <= to; sequence++)
        {
            final byte[] marker = SegmentBytes.marker(sequence);
            buffer.putBytes(0, marker);
            appender.append(sequence, sequence, 1, buffer, 0, marker.length);
        }
    }

    /**
     * Write what a writer killed in the middle of record {@code RECORDS + 1} leaves: the record's first bytes after
     * the last published excerpt, with no excerpt header.
     */
    private void tearTail(final int tornBytes)
    {
        final Path segment = SegmentBytes.segments(dir).get(0);
        final long lastPayload = SegmentBytes.payloadOffset(segment, RECORDS);
        final long recordEnd = lastPayload + SegmentBytes.marker(RECORDS).length + RecordDescriptor.CHECKSUM_LENGTH;
        final long nextHeader = (recordEnd + 3) & ~3L;
        final byte[] torn = new byte[tornBytes];
        Arrays.fill(torn, (byte)0x6B);
        ByteBuffer.wrap(torn).order(ByteOrder.LITTLE_ENDIAN).putLong(0, RECORDS + 1);
        SegmentBytes.write(segment, nextHeader + 4, torn);
    }

    @Test
    void shouldDiscardAndReportATornTailThenAppendAtTailPlusOne()
    {
        tearTail(200);
        try (Journal journal = Journal.open(config()))
        {
            final OpenReport report = journal.openReport();
            assertTrue(report.tornTailDiscarded(), report.toString());
            assertEquals(RECORDS, report.lastSequence());
            assertEquals(RECORDS, journal.appender().lastSequence());
            assertReadsExactly(journal, RECORDS);
            // Shorter than the torn record, so leftovers of it would follow the new record if it were not erased.
            append(journal, RECORDS + 1, RECORDS + 1);
        }

        try (Journal journal = Journal.open(config()))
        {
            assertFalse(journal.openReport().tornTailDiscarded(), journal.openReport().toString());
            assertReadsExactly(journal, RECORDS + 1);
            assertTrue(journal.verify().ok());
        }
    }

    @Test
    void shouldReportATornTailWithoutErasingItWhenOpenedReadOnly()
    {
        tearTail(40);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try (Journal journal = Journal.open(config().readOnly(true)))
            {
                assertTrue(journal.openReport().tornTailDiscarded());
                assertEquals(RECORDS, journal.lastSequence());
                assertReadsExactly(journal, RECORDS);
            }
        }
    }

    @Test
    void shouldReportNoTornTailOnACleanlyClosedJournal()
    {
        try (Journal journal = Journal.open(config()))
        {
            assertFalse(journal.openReport().tornTailDiscarded());
            assertFalse(journal.openReport().staleLockReleased());
            assertEquals(1, journal.openReport().segments());
        }
    }

    @Test
    void shouldReleaseAndReportChronicleWriteLockLeftByADeadProcess() throws Exception
    {
        final long deadPid = deadProcessId();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(RollCycleMapping.chronicle(JournalRollCycle.DAILY)).build())
        {
            // What Chronicle's write lock holds while a writer is inside an append.
            queue.tableStorePut("chronicle.write.lock", deadPid);
        }

        final long start = System.nanoTime();
        try (Journal journal = Journal.open(config()))
        {
            assertTrue(journal.openReport().staleLockReleased(), journal.openReport().toString());
            append(journal, RECORDS + 1, RECORDS + 1);
        }
        final Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "reopen and append took " + took);
    }

    @Test
    void shouldSetAsideASegmentWhoseCreationWasCutShortAndContinuePromptly() throws Exception
    {
        final Path dir2 = dir.resolve("rolling");
        final TestClock clock = new TestClock();
        final JournalConfig config = new JournalConfig().directory(dir2).rollCycle(JournalRollCycle.MINUTELY)
            .epochMillisClock(clock).minFreeSpaceBytes(0);
        try (Journal journal = Journal.open(config))
        {
            append(journal, 1, 10);
            clock.advanceMinutes(1);
            append(journal, 11, 11);
        }
        // A writer killed while creating the second segment leaves it without a completed header (and so without
        // records); record 11 stands for nothing here, its segment is wiped.
        final Path second = SegmentBytes.segments(dir2).get(1);
        SegmentBytes.write(second, 0, new byte[1 << 16]);

        final JournalException refused = assertThrows(
            JournalCorruptedException.class, () -> Journal.open(new JournalConfig().directory(dir2).readOnly(true)));
        assertTrue(refused.getMessage().contains(second.toString()), refused.getMessage());

        final long start = System.nanoTime();
        try (Journal journal = Journal.open(config))
        {
            assertTrue(journal.openReport().tornTailDiscarded(), journal.openReport().toString());
            assertEquals(10, journal.lastSequence());
            append(journal, 11, 12);
            assertReadsExactly(journal, 12);
        }
        final Duration took = Duration.ofNanos(System.nanoTime() - start);
        // Chronicle on its own would wait out its 10 s timeout at every access to that segment.
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "reopen took " + took);
        assertEquals(2, SegmentBytes.segments(dir2).size());
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir2))
        {
            assertEquals(1, files.filter(file -> file.toString().endsWith(".discard")).count());
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir2))
        {
            // The segment was re-created through a pre-created file with its head reserved, which Chronicle took.
            assertEquals(0, files.filter(file -> file.toString().endsWith(".precreated")).count());
        }
        try (Journal journal = Journal.open(config.readOnly(true)))
        {
            assertFalse(journal.openReport().tornTailDiscarded());
            assertTrue(journal.verify().ok());
        }
    }

    private static long deadProcessId() throws Exception
    {
        final Process process = new ProcessBuilder("true").start();
        assertEquals(0, process.waitFor());
        return process.pid();
    }

    private static void assertReadsExactly(final Journal journal, final long last)
    {
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= last; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
                assertEquals(SegmentBytes.marker(sequence).length, record.length());
            }
            assertFalse(reader.next(record), "nothing after " + last);
        }
    }
}
