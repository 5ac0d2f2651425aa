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
