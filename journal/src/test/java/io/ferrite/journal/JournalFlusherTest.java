package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FlushPolicy.BATCH with forcing handed to a flusher: records count as durable only after a force that covers them,
 * segment rolls are forced in order, a failed force is final and named, and close forces what was appended.
 */
class JournalFlusherTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
    private final TestClock clock = new TestClock();

    private Journal open()
    {
        return Journal.open(new JournalConfig().directory(dir).flushPolicy(FlushPolicy.BATCH)
            .rollCycle(JournalRollCycle.MINUTELY).epochMillisClock(clock).maxPayloadLength(64).minFreeSpaceBytes(0));
    }

    private void appendBatch(final JournalAppender appender, final int count)
    {
        appender.beginBatch();
        for (int i = 0; i < count; i++)
        {
            appender.append(appender.lastSequence() + 1, 0, 0, payload, 0, 16);
        }
        appender.endBatch();
    }

    @Test
    void shouldReportRecordsDurableOnlyOnceTheFlusherForcedThem()
    {
        try (Journal journal = open())
        {
            final JournalAppender appender = journal.appender();
            final JournalFlusher flusher = appender.deferForcing();
            assertSame(flusher, appender.deferForcing());
            appendBatch(appender, 10);
            assertEquals(0, appender.forces(), "the appender no longer forces");
            assertEquals(10, flusher.appendedSequence());
            assertEquals(0, flusher.durableSequence(), "nothing durable before a force");
            assertEquals(10, flusher.flush());
            assertEquals(1, flusher.forces());
            assertEquals(10, flusher.durableSequence());
            assertEquals(10, flusher.flush());
            assertEquals(1, flusher.forces(), "nothing new appended: no force");
        }
    }

    @Test
    void shouldForceTheFinishedSegmentBeforeRecordsOfTheNextCountAsDurable()
    {
        try (Journal journal = open())
        {
            final JournalAppender appender = journal.appender();
            final JournalFlusher flusher = appender.deferForcing();
            appendBatch(appender, 5);
            clock.advanceMinutes(1);
            appendBatch(appender, 5);
            assertEquals(2, SegmentBytes.segments(dir).size());
            assertEquals(10, flusher.flush());
            assertEquals(2, flusher.forces(), "the first segment, then the second");
        }
    }

    @Test
    void shouldFailForGoodNamingTheSegmentAndSequencesWhenAForceFails()
    {
        try (Journal journal = open())
        {
            final JournalAppender appender = journal.appender();
            final JournalFlusher flusher = appender.deferForcing();
            appendBatch(appender, 10);
            // A real I/O failure of FileChannel.force: an interrupt closes the channel under it.
            Thread.currentThread().interrupt();
            final JournalException ex;
            try
            {
                ex = assertThrows(JournalException.class, flusher::flush);
            }
            finally
            {
                Thread.interrupted();
            }
            assertEquals(JournalException.Category.IO, ex.category());
            final String segment = SegmentBytes.segments(dir).get(0).getFileName().toString();
            assertTrue(ex.getMessage().contains(segment), ex.getMessage());
            assertTrue(ex.getMessage().contains("sequences 1..10"), ex.getMessage());
            assertEquals(0, flusher.durableSequence(), "no durability it did not get");
            assertTrue(flusher.hasFailed());
            assertSame(ex, assertThrows(JournalException.class, flusher::flush), "the failure is final");
            appendBatch(appender, 1);
            assertEquals(0, flusher.durableSequence());
        }
    }

    @Test
    void shouldForceEverythingAppendedWhenTheJournalCloses()
    {
        final JournalFlusher flusher;
        try (Journal journal = open())
        {
            final JournalAppender appender = journal.appender();
            flusher = appender.deferForcing();
            appendBatch(appender, 7);
            assertEquals(0, flusher.durableSequence());
        }
        assertEquals(7, flusher.durableSequence());
        assertEquals(1, flusher.forces());
    }

    @Test
    void shouldRefuseToDeferForcingWithAnotherPolicy()
    {
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).flushPolicy(FlushPolicy.NONE)
            .maxPayloadLength(64).minFreeSpaceBytes(0)))
        {
            assertThrows(IllegalStateException.class, () -> journal.appender().deferForcing());
        }
    }
}
