package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalRetentionTest
{
    private static final int SEGMENTS = 5;
    private static final int PER_SEGMENT = 100;
    private static final long SEED = 3;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);

    private JournalConfig config()
    {
        return new JournalConfig().directory(dir).rollCycle(JournalRollCycle.MINUTELY).epochMillisClock(clock)
            .maxPayloadLength(64).minFreeSpaceBytes(0);
    }

    @BeforeEach
    void writeSegments()
    {
        try (Journal journal = Journal.open(config()))
        {
            long sequence = 1;
            for (int segment = 0; segment < SEGMENTS; segment++)
            {
                for (int i = 0; i < PER_SEGMENT; i++, sequence++)
                {
                    TestRecords.append(journal.appender(), scratch, SEED, sequence, 64);
                }
                clock.advanceMinutes(1);
            }
        }
        assertEquals(SEGMENTS, SegmentBytes.segments(dir).size());
    }

    @Test
    void shouldDeleteOnlyWholeSegmentsBelowTheSequence()
    {
        try (Journal journal = Journal.open(config()))
        {
            // 250 lies in the third segment (201..300): the first two go, the third stays whole.
            assertEquals(2, journal.deleteSegmentsBelow(250));
            assertEquals(SEGMENTS - 2, SegmentBytes.segments(dir).size());
            assertEquals(201, journal.firstSequence());
            assertEquals(SEGMENTS * PER_SEGMENT, journal.lastSequence());

            try (JournalReader reader = journal.reader())
            {
                final JournalRecord record = new JournalRecord();
                assertTrue(reader.next(record));
                assertEquals(201, record.sequence());
                assertFalse(reader.seek(150));
                assertTrue(reader.seek(250));
                assertTrue(reader.next(record));
                assertEquals(250, record.sequence());
            }

            final VerifyReport report = journal.verify();
            assertTrue(report.ok(), report.toString());
            assertEquals(201, report.firstSequence());
            assertEquals(300, report.records());
            assertEquals(0, journal.deleteSegmentsBelow(201), "nothing lies wholly below the first sequence held");
        }

        try (Journal journal = Journal.open(config()))
        {
            assertEquals(201, journal.openReport().firstSequence());
            assertEquals(201, journal.firstSequence());
        }
    }

    @Test
    void shouldNeverDeleteTheSegmentBeingWritten()
    {
        try (Journal journal = Journal.open(config()))
        {
            assertEquals(SEGMENTS - 1, journal.deleteSegmentsBelow(Long.MAX_VALUE));
            assertEquals(1, SegmentBytes.segments(dir).size());
            assertEquals(401, journal.firstSequence());
            TestRecords.append(journal.appender(), scratch, SEED, 501, 64);
            assertEquals(501, journal.lastSequence());
        }
        try (Journal journal = Journal.open(config().readOnly(true)))
        {
            assertEquals(401, journal.firstSequence());
            assertEquals(501, journal.lastSequence());
            assertTrue(journal.verify().ok());
        }
    }

    @Test
    void shouldRefuseRetentionOnAReadOnlyJournal()
    {
        try (Journal journal = Journal.open(config().readOnly(true)))
        {
            final JournalException ex = assertThrows(JournalException.class, () -> journal.deleteSegmentsBelow(300));
            assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        }
        assertEquals(SEGMENTS, SegmentBytes.segments(dir).size());
    }

    @Test
    void shouldSeeSegmentsDeletedByTheWriterFromAReadOnlyJournal()
    {
        try (Journal writer = Journal.open(config());
            Journal reader = Journal.open(config().readOnly(true)))
        {
            assertEquals(1, reader.firstSequence());
            writer.deleteSegmentsBelow(301);
            assertEquals(301, reader.firstSequence());
        }
    }
}
