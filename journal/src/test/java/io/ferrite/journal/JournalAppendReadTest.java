package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalAppendReadTest
{
    private static final long SEED = 7;
    private static final int MAX_PAYLOAD = 256;

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenJournals journals = new OpenJournals();
    private Journal journal;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);

    private Journal open()
    {
        journal = journals.open(OpenJournals.config(dir, MAX_PAYLOAD));
        return journal;
    }

    private void appendRecords(final long from, final long to)
    {
        final JournalAppender appender = journal.appender();
        for (long sequence = from; sequence <= to; sequence++)
        {
            TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
        }
    }

    @Test
    void shouldReadBackEveryFieldOfAppendedRecordsInOrder()
    {
        open();
        appendRecords(1, 1000);
        assertEquals(1000, journal.lastSequence());
        assertEquals(1000, journal.appender().lastSequence());
        assertEquals(1, journal.firstSequence());

        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= 1000; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
                assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
            }
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldAcceptEmptyAndMaximumPayloads()
    {
        open();
        final JournalAppender appender = journal.appender();
        scratch.setMemory(0, MAX_PAYLOAD, (byte)0x5A);
        appender.append(1, 11, 1, scratch, 0, 0);
        appender.append(2, 22, 2, scratch, 0, MAX_PAYLOAD);

        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            assertTrue(reader.next(record));
            assertEquals(0, record.length());
            assertTrue(reader.next(record));
            assertEquals(MAX_PAYLOAD, record.length());
            assertEquals(0x5A, record.buffer().getByte(record.payloadOffset() + MAX_PAYLOAD - 1));
        }
    }

    @Test
    void shouldContinueSequenceAfterReopen()
    {
        open();
        appendRecords(1, 10);
        journal.close();

        open();
        assertEquals(10, journal.openReport().lastSequence());
        assertEquals(1, journal.openReport().firstSequence());
        assertFalse(journal.openReport().tornTailDiscarded());
        assertEquals(10, journal.appender().lastSequence());
        appendRecords(11, 20);

        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= 20; sequence++)
            {
                assertTrue(reader.next(record));
                assertEquals(sequence, record.sequence());
            }
        }
    }

    @Test
    void shouldRejectAppendOfNonConsecutiveSequence()
    {
        open();
        appendRecords(1, 1);
        final JournalAppender appender = journal.appender();
        final JournalException ex = assertThrows(
            JournalException.class, () -> appender.append(3, 0, 0, scratch, 0, 8));
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("expected 2, given 3"), ex.getMessage());
        assertEquals(1, journal.lastSequence());
    }

    @Test
    void shouldRejectFirstAppendThatDoesNotStartAtOne()
    {
        open();
        final JournalException ex = assertThrows(
            JournalException.class, () -> journal.appender().append(0, 0, 0, scratch, 0, 8));
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("expected 1, given 0"), ex.getMessage());
    }

    @Test
    void shouldRejectOversizedPayloadBeforeWritingAnything()
    {
        open();
        final UnsafeBuffer big = new UnsafeBuffer(new byte[MAX_PAYLOAD + 1]);
        final JournalException ex = assertThrows(
            JournalException.class, () -> journal.appender().append(1, 0, 0, big, 0, MAX_PAYLOAD + 1));
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("length " + (MAX_PAYLOAD + 1)), ex.getMessage());
        assertTrue(ex.getMessage().contains(String.valueOf(MAX_PAYLOAD)), ex.getMessage());
        assertNothingWritten();
    }

    @Test
    void shouldRejectNegativePayloadLength()
    {
        open();
        final JournalException ex = assertThrows(
            JournalException.class, () -> journal.appender().append(1, 0, 0, scratch, 0, -1));
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("length -1"), ex.getMessage());
        assertNothingWritten();
    }

    @Test
    void shouldRejectPayloadRangeOutsideTheBuffer()
    {
        open();
        final JournalException ex = assertThrows(
            JournalException.class, () -> journal.appender().append(1, 0, 0, scratch, MAX_PAYLOAD - 4, 8));
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("capacity " + MAX_PAYLOAD), ex.getMessage());
        assertNothingWritten();
    }

    @Test
    void shouldRejectUseOfAppenderAfterClose()
    {
        open();
        final JournalAppender appender = journal.appender();
        journal.close();
        final JournalException ex = assertThrows(
            JournalException.class, () -> appender.append(1, 0, 0, scratch, 0, 8));
        assertEquals(JournalException.Category.CLOSED, ex.category());
        assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
    }

    @Test
    void shouldRejectUseOfReaderAndJournalAfterClose()
    {
        open();
        appendRecords(1, 3);
        final JournalReader reader = journal.reader();
        journal.close();
        final JournalRecord record = new JournalRecord();
        assertEquals(JournalException.Category.CLOSED,
            assertThrows(JournalException.class, () -> reader.next(record)).category());
        assertEquals(JournalException.Category.CLOSED,
            assertThrows(JournalException.class, () -> reader.seek(1)).category());
        assertEquals(JournalException.Category.CLOSED,
            assertThrows(JournalException.class, journal::reader).category());
        assertEquals(JournalException.Category.CLOSED,
            assertThrows(JournalException.class, journal::lastSequence).category());
        assertEquals(JournalException.Category.CLOSED,
            assertThrows(JournalException.class, journal::verify).category());
        journal.close();
        reader.close();
    }

    @Test
    void shouldRejectUseOfClosedReader()
    {
        open();
        appendRecords(1, 3);
        final JournalReader reader = journal.reader();
        reader.close();
        assertEquals(JournalException.Category.CLOSED,
            assertThrows(JournalException.class, () -> reader.next(new JournalRecord())).category());
    }

    @Test
    void shouldRefuseAppenderOfReadOnlyJournal()
    {
        open();
        appendRecords(1, 3);
        journal.close();
        journal = journals.open(new JournalConfig().directory(dir).readOnly(true));
        assertEquals(3, journal.lastSequence());
        final JournalException ex = assertThrows(JournalException.class, journal::appender);
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("read-only"), ex.getMessage());
    }

    @Test
    void shouldSeekToAnySequenceAndReadOnFromThere()
    {
        open();
        appendRecords(1, 5000);
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (final long target : new long[]{4321, 1, 5000, 2500, 2501, 17})
            {
                assertTrue(reader.seek(target));
                assertEquals(target, reader.expectedSequence());
                for (long sequence = target; sequence < Math.min(target + 3, 5001); sequence++)
                {
                    assertTrue(reader.next(record));
                    assertEquals(sequence, record.sequence());
                    assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
                }
            }
        }
    }

    @Test
    void shouldLeavePositionUnchangedWhenSeekingASequenceNotHeld()
    {
        open();
        appendRecords(1, 100);
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            assertTrue(reader.seek(40));
            assertFalse(reader.seek(101));
            assertFalse(reader.seek(0));
            assertFalse(reader.seek(-5));
            assertTrue(reader.next(record));
            assertEquals(40, record.sequence());
        }
    }

    @Test
    void shouldStopAtLimitWithoutConsumingTheNextRecord()
    {
        open();
        appendRecords(1, 100);
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            assertTrue(reader.seek(10));
            reader.limit(12);
            for (long sequence = 10; sequence <= 12; sequence++)
            {
                assertTrue(reader.next(record));
                assertEquals(sequence, record.sequence());
            }
            assertFalse(reader.next(record));
            reader.limit(Long.MAX_VALUE);
            assertTrue(reader.next(record));
            assertEquals(13, record.sequence());
        }
    }

    @Test
    void shouldStopAtLimitAfterToStartWithoutConsumingTheNextRecord()
    {
        open();
        appendRecords(1, 5);
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            reader.limit(0);
            assertFalse(reader.next(record));
            reader.limit(1);
            assertTrue(reader.next(record));
            assertEquals(1, record.sequence());
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldFollowTheTailFromToEnd()
    {
        open();
        appendRecords(1, 10);
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            reader.toEnd();
            assertFalse(reader.next(record));
            appendRecords(11, 12);
            assertTrue(reader.next(record));
            assertEquals(11, record.sequence());
            assertTrue(reader.next(record));
            assertEquals(12, record.sequence());
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldExposePayloadWithoutCopying()
    {
        open();
        appendRecords(1, 2);
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            assertTrue(reader.next(record));
            // A view over the mapped segment: no backing array, an address outside the Java heap.
            assertNull(record.buffer().byteArray());
            assertNull(record.buffer().byteBuffer());
            assertTrue(record.buffer().addressOffset() != 0);
            final long first = record.buffer().addressOffset();
            assertTrue(reader.next(record));
            assertTrue(record.buffer().addressOffset() > first, "records lie one after another in the segment");
        }
    }

    @Test
    void shouldNotAllocatePerAppendOrPerRead()
    {
        open();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        // Warm up: first-time class loading, mapping and JIT allocate.
        appendRecords(1, 20_000);
        final long beforeAppend = threads.getThreadAllocatedBytes(threadId);
        appendRecords(20_001, 220_000);
        final long appendAllocated = threads.getThreadAllocatedBytes(threadId) - beforeAppend;

        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (int i = 0; i < 20_000; i++)
            {
                assertTrue(reader.next(record));
            }
            final long beforeRead = threads.getThreadAllocatedBytes(threadId);
            long count = 0;
            while (reader.next(record))
            {
                count++;
            }
            final long readAllocated = threads.getThreadAllocatedBytes(threadId) - beforeRead;
            assertEquals(200_000, count);
            // 200,000 records: even one 16-byte object per record would be 3.2 MB. What remains is the occasional
            // new mapping chunk or index array, not per-record garbage.
            assertTrue(appendAllocated < 200_000, "append allocated " + appendAllocated + " bytes");
            assertTrue(readAllocated < 200_000, "read allocated " + readAllocated + " bytes");
        }
    }

    private void assertNothingWritten()
    {
        assertEquals(0, journal.lastSequence());
        assertEquals(0, journal.appender().lastSequence());
        final VerifyReport report = journal.verify();
        assertEquals(0, report.records());
        assertTrue(report.ok(), report.toString());
    }
}
