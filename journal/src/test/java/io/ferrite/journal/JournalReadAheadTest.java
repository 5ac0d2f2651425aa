package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A reader with read-ahead on: the background thread works ahead of the reader in the reader's own mapping, the reader
 * returns exactly the records it returns without it, and the thread ends with the reader.
 */
class JournalReadAheadTest
{
    private static final long SEED = 0x4EADL;
    private static final int MAX_PAYLOAD = 256;
    /** About 160 MiB of records: many read-ahead windows, and more than one mapped chunk (64 MiB). */
    private static final long RECORDS = 1_000_000;

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenJournals journals = new OpenJournals();

    @Test
    void shouldReadAheadOfTheReaderAndChangeNothingItReads() throws Exception
    {
        final Journal journal = journals.open(OpenJournals.config(dir, MAX_PAYLOAD));
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
        final JournalAppender appender = journal.appender();
        appender.beginBatch();
        for (long sequence = 1; sequence <= RECORDS; sequence++)
        {
            TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
            if (TestRecords.endsBatch(SEED, sequence))
            {
                appender.endBatch();
                appender.beginBatch();
            }
        }
        appender.endBatch();

        final JournalRecord record = new JournalRecord();
        final ReadAhead readAhead;
        try (JournalReader reader = journal.reader().readAhead(true))
        {
            readAhead = reader.readAheadThread();
            assertNotNull(readAhead);
            assertTrue(reader.next(record));
            awaitFirstRound(readAhead);
            assumeTrue(readAhead.populates(), "needs madvise(MADV_POPULATE_READ), Linux 5.14+");
            assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
            // The reader stands on its first excerpt: the thread goes a window beyond it.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (readAhead.loadedUpTo() < ReadAhead.AHEAD_BYTES / 2)
            {
                assertTrue(readAhead.isRunning(), "the read-ahead thread ended early");
                assertTrue(System.nanoTime() < deadline, "read ahead only up to offset " + readAhead.loadedUpTo());
                Thread.sleep(1);
            }
            long expected = 2;
            while (reader.next(record))
            {
                assertEquals(expected, record.sequence());
                final String mismatch = TestRecords.mismatch(record, SEED, MAX_PAYLOAD);
                assertNull(mismatch, mismatch);
                expected++;
            }
            assertEquals(RECORDS + 1, expected, "every record, read ahead or not");
            assertTrue(readAhead.chunksAnnounced() > 1, "the reader crossed no chunk: " + readAhead.chunksAnnounced());
        }
        assertFalse(readAhead.isRunning(), "the read-ahead thread outlived its reader");
    }

    @Test
    void shouldStopReadingAheadWhenTheJournalClosesUnderAnOpenReader() throws Exception
    {
        final Journal journal = journals.open(OpenJournals.config(dir, MAX_PAYLOAD));
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
        final JournalAppender appender = journal.appender();
        for (long sequence = 1; sequence <= 1_000; sequence++)
        {
            TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
        }
        final JournalReader reader = journal.reader().readAhead(true);
        final JournalRecord record = new JournalRecord();
        assertTrue(reader.next(record));
        final ReadAhead readAhead = reader.readAheadThread();
        journal.close();
        assertFalse(readAhead.isRunning(), "the read-ahead thread outlived its journal");
    }

    private static void awaitFirstRound(final ReadAhead readAhead) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readAhead.populates() && 0 == readAhead.loadedUpTo() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
    }

    @Test
    void shouldStopReadingAheadWhenSwitchedOff()
    {
        final Journal journal = journals.open(OpenJournals.config(dir, MAX_PAYLOAD));
        try (JournalReader reader = journal.reader().readAhead(true))
        {
            final ReadAhead readAhead = reader.readAheadThread();
            assertTrue(readAhead.isRunning());
            reader.readAhead(false);
            assertNull(reader.readAheadThread());
            assertFalse(readAhead.isRunning());
        }
    }
}
