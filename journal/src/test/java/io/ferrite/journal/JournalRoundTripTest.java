package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalRoundTripTest
{
    private static final long SEED = 0x5EEDL;
    private static final int RECORDS = 1_000_000;
    private static final int RECORDS_PER_SEGMENT = 100_000;
    private static final int MAX_PAYLOAD = 256;

    @TempDir
    Path dir;

    @Test
    void shouldWriteAndReadAcrossManySmallSegmentBlocks()
    {
        // 1 MiB blocks: 40,000 records of up to 256 bytes span several mappings, each move to the next one a path the
        // JIT warm-up takes on purpose with such a journal.
        final JournalConfig config = new JournalConfig()
            .directory(dir)
            .maxPayloadLength(MAX_PAYLOAD)
            .minFreeSpaceBytes(0)
            .blockSizeBytes(1L << 20);
        final int records = 40_000;
        try (Journal journal = Journal.open(config))
        {
            final JournalAppender appender = journal.appender();
            final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
            for (long sequence = 1; sequence <= records; sequence++)
            {
                TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
            }
            try (JournalReader reader = journal.reader())
            {
                final JournalRecord record = new JournalRecord();
                for (long sequence = 1; sequence <= records; sequence++)
                {
                    assertTrue(reader.next(record), "missing record " + sequence);
                    assertEquals(sequence, record.sequence());
                    assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
                }
                assertFalse(reader.next(record));
                assertTrue(reader.seek(records / 2));
                assertTrue(reader.next(record));
                assertEquals(records / 2, record.sequence());
            }
        }
        for (final long bad : new long[]{ 1000, (1L << 20) + 1, 3L << 20, -1 })
        {
            final JournalException ex = org.junit.jupiter.api.Assertions.assertThrows(JournalException.class,
                () -> Journal.open(new JournalConfig().directory(dir).blockSizeBytes(bad)).close());
            assertTrue(ex.getMessage().contains("blockSizeBytes must be 0 (the default) or a power of two of at " +
                "least 1 MiB, was " + bad), ex.getMessage());
        }
        assertEquals(Journal.blockSize(100), Journal.blockSize(100, 0), "0 is the default block");
        assertEquals(1L << 20, Journal.blockSize(100, 1L << 20));
        assertEquals(4L << 20, Journal.blockSize((1 << 20) - 64, 1L << 20), "raised to four times the longest record");
    }

    @Test
    void shouldRoundTripAMillionRandomRecordsAcrossRollCyclesAndSeekExactly() throws IOException
    {
        final TestClock clock = new TestClock();
        final JournalConfig config = new JournalConfig()
            .directory(dir)
            .rollCycle(JournalRollCycle.MINUTELY)
            .epochMillisClock(clock)
            .maxPayloadLength(MAX_PAYLOAD)
            .minFreeSpaceBytes(0);

        try (Journal journal = Journal.open(config))
        {
            final JournalAppender appender = journal.appender();
            final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
            for (long sequence = 1; sequence <= RECORDS; sequence++)
            {
                if (sequence > 1 && sequence % RECORDS_PER_SEGMENT == 1)
                {
                    clock.advanceMinutes(1);
                }
                TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
            }
            assertEquals(RECORDS, journal.lastSequence());
            assertEquals(1, journal.firstSequence());
            assertEquals(RECORDS / RECORDS_PER_SEGMENT, segmentFiles());

            try (JournalReader reader = journal.reader())
            {
                final JournalRecord record = new JournalRecord();
                for (long sequence = 1; sequence <= RECORDS; sequence++)
                {
                    assertTrue(reader.next(record), "missing record " + sequence);
                    assertEquals(sequence, record.sequence());
                    assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
                }
                assertFalse(reader.next(record));

                final SplittableRandom random = new SplittableRandom(42);
                for (int i = 0; i < 5_000; i++)
                {
                    final long sequence = 1 + random.nextLong(RECORDS);
                    assertTrue(reader.seek(sequence), "seek to " + sequence);
                    assertTrue(reader.next(record));
                    assertEquals(sequence, record.sequence());
                    assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
                }
                // Segment edges are where an off-by-one in the sequence-to-index mapping would show.
                for (long sequence = 1; sequence <= RECORDS; sequence += RECORDS_PER_SEGMENT)
                {
                    for (long edge = Math.max(1, sequence - 1); edge <= sequence; edge++)
                    {
                        assertTrue(reader.seek(edge));
                        assertTrue(reader.next(record));
                        assertEquals(edge, record.sequence());
                    }
                }
                assertFalse(reader.seek(0));
                assertFalse(reader.seek(RECORDS + 1));
            }
        }

        try (Journal journal = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(JournalRollCycle.MINUTELY, journal.rollCycle());
            final VerifyReport report = journal.verify();
            assertTrue(report.ok(), report.toString());
            assertEquals(RECORDS, report.records());
            assertEquals(1, report.firstSequence());
            assertEquals(RECORDS, report.lastSequence());
            assertEquals(RECORDS / RECORDS_PER_SEGMENT, report.segments());
        }
    }

    private long segmentFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).count();
        }
    }
}
