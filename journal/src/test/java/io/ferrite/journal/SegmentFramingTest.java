package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The open-time framing walk over a journal of long excerpts (batches of records, as the engine's journaller writes
 * them), where the walk reads each header on its own instead of the whole file: damage there is still refused, naming
 * the segment and the sequence after the last good record.
 */
class SegmentFramingTest
{
    private static final int BATCHES = 8;
    private static final int RECORDS_PER_BATCH = 150;
    private static final int PAYLOAD_LENGTH = 200;
    /** The first record of the sixth batch: its excerpt's header is the one damaged. */
    private static final long DAMAGED = 5L * RECORDS_PER_BATCH + 1;

    @TempDir
    Path dir;

    private Path segment;
    private long excerptHeader;

    @BeforeEach
    void writeBatches()
    {
        writeBatches(false);
    }

    /**
     * @param fullRecords write every record with its sequence, as format 2 did.
     */
    private void writeBatches(final boolean fullRecords)
    {
        try (Journal journal = Journal.open(config()))
        {
            final JournalAppender appender = journal.appender();
            if (fullRecords)
            {
                appender.writeFullRecords();
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[PAYLOAD_LENGTH]);
            long sequence = 0;
            for (int batch = 0; batch < BATCHES; batch++)
            {
                appender.beginBatch();
                for (int i = 0; i < RECORDS_PER_BATCH; i++)
                {
                    sequence++;
                    buffer.putBytes(0, SegmentBytes.marker(sequence));
                    appender.append(sequence, sequence, 1, buffer, 0, PAYLOAD_LENGTH);
                }
                appender.endBatch();
            }
        }
        segment = SegmentBytes.segments(dir).get(0);
        excerptHeader = SegmentBytes.payloadOffset(segment, DAMAGED) - RecordDescriptor.PAYLOAD_OFFSET - 4;
        final long excerptLength = excerptHeader -
            (SegmentBytes.payloadOffset(segment, DAMAGED - RECORDS_PER_BATCH) - RecordDescriptor.PAYLOAD_OFFSET - 4);
        assertTrue(excerptLength >= SegmentFraming.LONG_EXCERPT && excerptLength <= RecordDescriptor.BATCH_LENGTH_LIMIT,
            "each batch must be one long excerpt, was " + excerptLength + " bytes");
    }

    private JournalConfig config()
    {
        return new JournalConfig().directory(dir).minFreeSpaceBytes(0);
    }

    @Test
    void shouldOpenABatchedJournalFramingEveryExcerpt()
    {
        try (Journal journal = Journal.open(config().readOnly(true)))
        {
            assertEquals((long)BATCHES * RECORDS_PER_BATCH, journal.openReport().lastSequence());
        }
    }

    @Test
    void shouldRefuseALongExcerptsDamagedLengthNamingSegmentAndSequence()
    {
        // Length bits all but set: an excerpt of almost 1 GiB in a segment file of a few MiB.
        SegmentBytes.write(segment, excerptHeader, new byte[]{(byte)0xF0, (byte)0xFF, (byte)0xFF, 0x3F});
        assertRefusedAt("past the end");
    }

    @Test
    void shouldRefuseABlankHeaderAmongLongExcerptsNamingSegmentAndSequence()
    {
        SegmentBytes.write(segment, excerptHeader, new byte[4]);
        assertRefusedAt("blank");
    }

    @Test
    void shouldNameTheLastRecordByItsPlaceWhenItsSequenceFieldIsDamaged() throws Exception
    {
        // Only a journal of format 2 stores a sequence in every record.
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                java.nio.file.Files.delete(file);
            }
        }
        writeBatches(true);
        final long last = (long)BATCHES * RECORDS_PER_BATCH;
        final long record = SegmentBytes.payloadOffset(segment, last) - RecordDescriptor.PAYLOAD_OFFSET;
        // The walk stops after the last excerpt, as at the segment's recorded write position.
        final long lastExcerpt = SegmentBytes.payloadOffset(segment, last - RECORDS_PER_BATCH + 1) -
            RecordDescriptor.PAYLOAD_OFFSET - 4;
        assertEquals(last, lastFramed(lastExcerpt));

        // One flipped bit in the high bytes of the last record's sequence field.
        SegmentBytes.flip(segment, record + RecordDescriptor.SEQUENCE_OFFSET + 5);
        assertEquals(last - 1, lastFramed(lastExcerpt), "the damaged record's sequence is the one after the last good");
    }

    @Test
    void shouldCountTheSequencesOfCompactRecordsAndLeaveTheirDamageToTheirChecksums()
    {
        final long last = (long)BATCHES * RECORDS_PER_BATCH;
        final long lastExcerpt = SegmentBytes.payloadOffset(segment, last - RECORDS_PER_BATCH + 1) -
            RecordDescriptor.PAYLOAD_OFFSET - 4;
        assertEquals(last, lastFramed(lastExcerpt));

        // A compact record starts with its timestamp, where a full one holds its sequence: nothing to misread there.
        final long record = SegmentBytes.payloadOffset(segment, last) - RecordDescriptor.PAYLOAD_OFFSET +
            RecordDescriptor.SEQUENCE_LENGTH;
        SegmentBytes.flip(segment, record + RecordDescriptor.TIMESTAMP_OFFSET - RecordDescriptor.SEQUENCE_LENGTH + 5);
        assertEquals(last, lastFramed(lastExcerpt), "a compact record's sequence is counted, never read");
        // The open checks the last record, and names it.
        final JournalCorruptedException ex = assertThrows(
            JournalCorruptedException.class, () -> Journal.open(config().readOnly(true)).close());
        assertEquals(segment, ex.segment());
        assertEquals(last, ex.sequence());
        assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
    }

    @Test
    void shouldResumeTheWalkOfTheNewestSegmentAtTheExcerptItsWriterClosedOn()
    {
        assumeTrue(null != FramingChecked.BOOT_ID, "resume points need Linux's boot id");
        final long last = (long)BATCHES * RECORDS_PER_BATCH;
        final long lastExcerpt = excerptOf(last - RECORDS_PER_BATCH + 1);
        final String name = segment.getFileName().toString();
        final long[] point = FramingChecked.load(dir).resumePoint(name, 0, SegmentBytes.size(segment));
        assertNotNull(point, "the writer's close recorded no resume point for " + name);
        assertEquals(lastExcerpt, point[0]);
        assertEquals(last - RECORDS_PER_BATCH, point[1]);
        assertNull(FramingChecked.load(dir).resumePoint(name, 1, SegmentBytes.size(segment)),
            "trusted though the segments before it now end elsewhere");

        final SegmentFraming.Walked walked = walkFrom(lastExcerpt, point[0], point[1]);
        assertTrue(walked.resumed);
        assertEquals(last, walked.lastSequence);
        assertEquals(point[0], walked.resumePosition);
        assertEquals(point[1], walked.resumeSequenceBefore);
    }

    @Test
    void shouldWalkTheWholeSegmentWhenTheResumePointDoesNotHoldTheRecordedExcerpt()
    {
        final long last = (long)BATCHES * RECORDS_PER_BATCH;
        final long lastExcerpt = excerptOf(last - RECORDS_PER_BATCH + 1);
        for (final long[] point : new long[][]{
            {lastExcerpt, last - RECORDS_PER_BATCH - 1}, // another sequence
            {lastExcerpt + 64, last - RECORDS_PER_BATCH}, // inside the excerpt
            {lastExcerpt + (1L << 40), last - RECORDS_PER_BATCH}}) // past the end of the file
        {
            final SegmentFraming.Walked walked = walkFrom(lastExcerpt, point[0], point[1]);
            assertFalse(walked.resumed, "resumed at " + point[0]);
            assertEquals(last, walked.lastSequence);
            assertEquals(lastExcerpt, walked.resumePosition);
        }
    }

    @Test
    void shouldRefuseDamageBeforeTheResumePointDoneAfterTheWriterClosed() throws Exception
    {
        assumeTrue(null != FramingChecked.BOOT_ID, "resume points need Linux's boot id");
        // The walk would resume after the damaged excerpt if the file were as its writer left it.
        try (Journal journal = Journal.open(config()))
        {
            assertEquals((long)BATCHES * RECORDS_PER_BATCH, journal.lastSequence());
        }
        final long[] point = FramingChecked.load(dir)
            .resumePoint(segment.getFileName().toString(), 0, SegmentBytes.size(segment));
        assertNotNull(point);
        assertTrue(point[0] > excerptHeader);
        SegmentBytes.write(segment, excerptHeader, new byte[4]);
        assertRefusedAt("blank");
    }

    @Test
    void shouldResumeTheOpensWalkOnlyWhileTheNewestSegmentIsAsItsWriterClosedIt() throws Exception
    {
        assumeTrue(null != FramingChecked.BOOT_ID, "resume points need Linux's boot id");
        final long written = (long)BATCHES * RECORDS_PER_BATCH;
        try (Journal journal = Journal.open(config().readOnly(true)))
        {
            assertTrue(journal.newestSegmentResumed(), "a clean close left no usable resume point");
            assertEquals(written, journal.openReport().lastSequence());
        }

        // A writer that appends and closes moves the resume point to its own last excerpt.
        try (Journal journal = Journal.open(config()))
        {
            assertTrue(journal.newestSegmentResumed());
            final JournalAppender appender = journal.appender();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[PAYLOAD_LENGTH]);
            appender.beginBatch();
            for (long sequence = written + 1; sequence <= written + RECORDS_PER_BATCH; sequence++)
            {
                buffer.putBytes(0, SegmentBytes.marker(sequence));
                appender.append(sequence, sequence, 1, buffer, 0, PAYLOAD_LENGTH);
            }
            appender.endBatch();
            // Beside the live writer, whatever the segment's time says, the walk ends at the same record.
            try (Journal reader = Journal.open(config().readOnly(true)))
            {
                assertEquals(written + RECORDS_PER_BATCH, reader.openReport().lastSequence());
            }
        }
        final long[] point = FramingChecked.load(dir)
            .resumePoint(segment.getFileName().toString(), 0, SegmentBytes.size(segment));
        assertNotNull(point);
        assertEquals(excerptOf(written + 1), point[0]);
        assertEquals(written, point[1]);

        // Anyone else touching the file, or another boot of the machine, makes the next open walk it whole.
        java.nio.file.Files.setLastModifiedTime(segment,
            java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        assertWalkedWhole(written + RECORDS_PER_BATCH);
        try (Journal journal = Journal.open(config()))
        {
            assertFalse(journal.newestSegmentResumed());
        }
        final Path checkedFile = dir.resolve(FramingChecked.FILE_NAME);
        final String lines = java.nio.file.Files.readString(checkedFile);
        assertTrue(lines.contains(" " + FramingChecked.BOOT_ID + " "), lines);
        java.nio.file.Files.writeString(checkedFile, lines.replace(FramingChecked.BOOT_ID, "another-boot"));
        assertWalkedWhole(written + RECORDS_PER_BATCH);
    }

    private void assertWalkedWhole(final long lastSequence)
    {
        try (Journal journal = Journal.open(config().readOnly(true)))
        {
            assertFalse(journal.newestSegmentResumed(), "trusted a resume point it should not have");
            assertEquals(lastSequence, journal.openReport().lastSequence());
        }
    }

    private long excerptOf(final long firstSequence)
    {
        return SegmentBytes.payloadOffset(segment, firstSequence) - RecordDescriptor.PAYLOAD_OFFSET - 4;
    }

    private SegmentFraming.Walked walkFrom(final long writePosition, final long position, final long sequenceBefore)
    {
        return SegmentFraming.checkFrom(segment, SegmentBytes.size(segment), writePosition, true, Integer.MAX_VALUE, 0,
            position, sequenceBefore);
    }

    private long lastFramed(final long writePosition)
    {
        return SegmentFraming.check(segment, SegmentBytes.size(segment), writePosition, true, Integer.MAX_VALUE, 0);
    }

    private void assertRefusedAt(final String what)
    {
        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(segment, ex.segment());
            assertEquals(DAMAGED, ex.sequence());
            assertTrue(ex.getMessage().contains(what), ex.getMessage());
        }
    }
}
