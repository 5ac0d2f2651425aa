package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeks land on the record asked for wherever it sits: the first or last record of a segment, the first or last of a
 * batch, an excerpt Chronicle indexes directly or one between its index entries. Correctness only; the cost of a seek
 * is measured by {@code FerriteJournalBenchmark.seek}.
 */
class JournalSeekTest
{
    private static final long SEED = 0x5EE4L;
    private static final int MAX_PAYLOAD = 128;

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenJournals journals = new OpenJournals();
    private Journal journal;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
    private final JournalRecord record = new JournalRecord();

    private JournalConfig config()
    {
        return OpenJournals.config(dir, MAX_PAYLOAD);
    }

    /**
     * Append {@code from..to} in batches of 1 to {@code maxBatch} records.
     */
    private void appendInBatches(final long from, final long to, final int maxBatch, final SplittableRandom random)
    {
        final JournalAppender appender = journal.appender();
        long sequence = from;
        while (sequence <= to)
        {
            final long end = Math.min(to, sequence + random.nextInt(maxBatch));
            appender.beginBatch();
            for (; sequence <= end; sequence++)
            {
                TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
            }
            appender.endBatch();
        }
    }

    private void assertSeeks(final JournalReader reader, final long sequence)
    {
        assertTrue(reader.seek(sequence), "seek " + sequence);
        assertTrue(reader.next(record), "read after seek " + sequence);
        assertEquals(sequence, record.sequence(), "seek " + sequence + " landed elsewhere");
        assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD), "record " + sequence);
    }

    @Test
    void shouldLandOnTheFirstAndLastRecordOfEverySegmentAndOnEverySequenceBetween()
    {
        // Three minutely segments of ~200 excerpts each: many index entries (every 16 excerpts) per segment.
        final TestClock clock = new TestClock();
        journal = journals.open(config().rollCycle(JournalRollCycle.MINUTELY).epochMillisClock(clock));
        final SplittableRandom random = new SplittableRandom(7);
        final long[] firsts = {1, 2_001, 4_501};
        final long[] lasts = {2_000, 4_500, 7_000};
        for (int segment = 0; segment < firsts.length; segment++)
        {
            appendInBatches(firsts[segment], lasts[segment], 1 + segment * 10, random);
            clock.advanceMinutes(1);
        }

        try (JournalReader reader = journal.reader())
        {
            for (int segment = 0; segment < firsts.length; segment++)
            {
                assertSeeks(reader, lasts[segment]);
                assertSeeks(reader, firsts[segment]);
                if (segment > 0)
                {
                    // Straight from the first record of one segment to the last of the one before, and back.
                    assertSeeks(reader, lasts[segment - 1]);
                    assertSeeks(reader, firsts[segment]);
                }
            }
            for (long sequence = 1; sequence <= 7_000; sequence++)
            {
                assertSeeks(reader, sequence);
            }
            for (int i = 0; i < 1_000; i++)
            {
                assertSeeks(reader, 1 + random.nextInt(7_000));
            }
            assertFalse(reader.seek(7_001), "seek past the last record");
            assertTrue(reader.next(record), "a failed seek leaves the reader where it was");
        }
        assertEquals(3, journal.segments().size());
    }

    @Test
    void shouldLandOnEveryRecordWhenEachIsAnExcerptOfItsOwn()
    {
        // Records appended singly: one excerpt each, so a seek walks from an index entry (every 128 excerpts of a
        // daily segment) over up to 127 excerpts.
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        for (long sequence = 1; sequence <= 600; sequence++)
        {
            TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
        }
        try (JournalReader reader = journal.reader())
        {
            for (long sequence = 600; sequence >= 1; sequence--)
            {
                assertSeeks(reader, sequence);
            }
            final SplittableRandom random = new SplittableRandom(8);
            for (int i = 0; i < 600; i++)
            {
                assertSeeks(reader, 1 + random.nextInt(600));
            }
        }
    }

    @Test
    void shouldReleaseTheMappedChunksItKeptWhenTheJournalCloses()
    {
        journal = journals.open(config());
        appendInBatches(1, 5_000, 50, new SplittableRandom(9));
        final SegmentTable segments = journal.segments();
        try (JournalReader reader = journal.reader())
        {
            assertSeeks(reader, 2_500);
        }
        assertTrue(segments.pinnedChunks() > 0, "a seek keeps the chunk it searched mapped");
        journal.close();
        assertEquals(0, segments.pinnedChunks());
        journal = null;
    }
}
