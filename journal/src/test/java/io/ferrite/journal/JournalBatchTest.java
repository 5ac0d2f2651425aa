package io.ferrite.journal;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records appended in batches (several records per Chronicle excerpt) read, seek, verify and follow exactly like
 * records appended one by one; journals of the older one-record-per-excerpt format still read.
 */
class JournalBatchTest
{
    private static final long SEED = 0xBA7CL;
    private static final int MAX_PAYLOAD = 256;

    /** A batch of full-size records topped up by one shorter record so that the excerpt is exactly the limit. */
    private static final int LIMIT = RecordDescriptor.maxBatchLength(MAX_PAYLOAD);
    private static final int FULL = RecordDescriptor.recordLength(MAX_PAYLOAD);
    private static final int COMPACT = FULL - RecordDescriptor.SEQUENCE_LENGTH;
    private static final long FILLING = 1 + (LIMIT - FULL) / COMPACT;
    private static final int TOP_UP = (LIMIT - FULL) % COMPACT - RecordDescriptor.COMPACT_FRAMING_LENGTH;

    @TempDir
    Path dir;

    /** A second journal's directory, apart from the first's. */
    @TempDir
    Path tailDir;

    @RegisterExtension
    final OpenJournals journals = new OpenJournals();
    private Journal journal;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);

    private JournalConfig config()
    {
        return OpenJournals.config(dir, MAX_PAYLOAD);
    }

    /**
     * Append {@code from..to} in batches of random length (1 to 2,000 records, so some split over several excerpts).
     */
    private void appendInBatches(final long from, final long to, final SplittableRandom random)
    {
        final JournalAppender appender = journal.appender();
        long sequence = from;
        while (sequence <= to)
        {
            final long end = Math.min(to, sequence + random.nextInt(2_000));
            appender.beginBatch();
            for (; sequence <= end; sequence++)
            {
                TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
            }
            appender.endBatch();
        }
    }

    @Test
    void shouldReadEveryRecordOfEveryBatchSingly()
    {
        journal = journals.open(config());
        appendInBatches(1, 20_000, new SplittableRandom(1));

        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= 20_000; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
                assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
            }
            assertFalse(reader.next(record));
        }
        final VerifyReport report = journal.verify();
        assertTrue(report.ok(), String.valueOf(report));
        assertEquals(20_000, report.records());
        assertEquals(20_000, report.lastSequence());
    }

    @Test
    void shouldRefuseADamagedPayloadInTheMiddleOfABatchNamingSegmentAndSequence()
    {
        final Path segment = writeOneBatchOfMarkedRecords(300);
        SegmentBytes.flip(segment, SegmentBytes.payloadOffset(segment, 150) + 5);
        assertRefusedAt(segment, 150, 310);
    }

    @Test
    void shouldRefuseADamagedChecksumInTheMiddleOfABatchNamingSegmentAndSequence()
    {
        final Path segment = writeOneBatchOfMarkedRecords(300);
        final int payloadLength = SegmentBytes.marker(151).length + Long.BYTES;
        SegmentBytes.flip(segment, SegmentBytes.payloadOffset(segment, 151) + payloadLength + 2);
        assertRefusedAt(segment, 151, 310);
    }

    /**
     * Append {@code 1..records} as one batch (one excerpt), then ten more records as a second batch (so the damaged
     * excerpt is not the tail, which open checks), every payload carrying {@link SegmentBytes#marker(long)}.
     *
     * @return the segment holding them.
     */
    private Path writeOneBatchOfMarkedRecords(final long records)
    {
        try (Journal writer = Journal.open(config()))
        {
            final JournalAppender appender = writer.appender();
            appender.beginBatch();
            for (long sequence = 1; sequence <= records + 10; sequence++)
            {
                if (sequence == records + 1)
                {
                    appender.endBatch();
                    appender.beginBatch();
                }
                final byte[] marker = SegmentBytes.marker(sequence);
                scratch.putBytes(0, marker);
                scratch.putLong(marker.length, sequence * 31);
                appender.append(sequence, sequence * 1000, 1, scratch, 0, marker.length + Long.BYTES);
            }
            appender.endBatch();
        }
        return SegmentBytes.segments(dir).get(0);
    }

    private void assertRefusedAt(final Path segment, final long damaged, final long records)
    {
        journal = journals.open(config());
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence < damaged; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
                assertEquals(sequence * 31, record.buffer().getLong(record.payloadOffset() +
                    SegmentBytes.marker(sequence).length));
            }
            final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () -> reader.next(record));
            assertEquals(segment, ex.segment());
            assertEquals(damaged, ex.sequence());
            assertTrue(ex.getMessage().contains("checksum"), ex.getMessage());
            assertTrue(ex.getMessage().contains(segment.toString()), ex.getMessage());
            // It stays on the damaged record: nothing after it is returned until the caller seeks past it.
            assertEquals(damaged, assertThrows(JournalCorruptedException.class, () -> reader.next(record)).sequence());
            // The rest of its batch counts its sequences through the damaged record: a seek there stays on it...
            assertTrue(reader.seek(damaged + 1));
            assertEquals(damaged, assertThrows(JournalCorruptedException.class, () -> reader.next(record)).sequence());
            // ... and reading resumes at the next batch.
            final long nextBatch = records - 9;
            assertTrue(reader.seek(nextBatch));
            for (long sequence = nextBatch; sequence <= records; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
            }
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldHideABatchFromReadersUntilItEnds()
    {
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            appender.beginBatch();
            for (long sequence = 1; sequence <= 10; sequence++)
            {
                TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
            }
            assertEquals(10, appender.lastSequence());
            assertEquals(0, journal.lastSequence(), "an unended batch is not published");
            assertFalse(reader.next(record), "a reader saw part of an unended batch");

            appender.endBatch();
            assertEquals(10, journal.lastSequence());
            for (long sequence = 1; sequence <= 10; sequence++)
            {
                assertTrue(reader.next(record));
                assertEquals(sequence, record.sequence());
            }
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldSeekToEverySequenceInsideBatchesAndAcrossSegments()
    {
        final TestClock clock = new TestClock();
        journal = journals.open(config().rollCycle(JournalRollCycle.MINUTELY).epochMillisClock(clock));
        final SplittableRandom random = new SplittableRandom(2);
        appendInBatches(1, 3_000, random);
        clock.advanceMinutes(1);
        appendInBatches(3_001, 6_000, random);
        journal.close();

        journal = journals.open(config().readOnly(true));
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= 6_000; sequence += 1 + random.nextInt(7))
            {
                assertTrue(reader.seek(sequence), "seek " + sequence);
                assertTrue(reader.next(record), "after seek " + sequence);
                assertEquals(sequence, record.sequence());
                assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
            }
            assertTrue(reader.seek(6_000));
            assertFalse(reader.seek(6_001), "seek past the end");
            assertFalse(reader.seek(0));
            assertTrue(reader.next(record), "a failed seek leaves the reader where it was");
            assertEquals(6_000, record.sequence());
        }
    }

    @Test
    void shouldSeekIntoBatchesAppendedAfterAnEarlierSeekCountedTheSegment()
    {
        journal = journals.open(config());
        final SplittableRandom random = new SplittableRandom(4);
        appendInBatches(1, 500, random);
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            // Each seek counts the segment's excerpts (kept for later seeks); the segment then grows twice.
            assertTrue(reader.seek(500));
            assertFalse(reader.seek(501), "not appended yet");
            appendInBatches(501, 1_000, random);
            for (long sequence = 1_000; sequence >= 1; sequence -= 1 + random.nextInt(13))
            {
                assertTrue(reader.seek(sequence), "seek " + sequence);
                assertTrue(reader.next(record), "after seek " + sequence);
                assertEquals(sequence, record.sequence());
            }
            assertTrue(reader.seek(1_000));
            appendInBatches(1_001, 1_200, random);
            assertTrue(reader.seek(1_200), "the last record of the newest batch");
            assertTrue(reader.next(record));
            assertEquals(1_200, record.sequence());
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldNotAllocatePerSeek()
    {
        journal = journals.open(config());
        appendInBatches(1, 100_000, new SplittableRandom(5));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            final SplittableRandom random = new SplittableRandom(6);
            long allocated = 0;
            for (int round = 0; round < 2; round++)
            {
                // Round 0 warms up (class loading, first mapping); round 1 is measured.
                final long before = threads.getThreadAllocatedBytes(threadId);
                for (int i = 0; i < 5_000; i++)
                {
                    final long sequence = 1 + random.nextInt(100_000);
                    if (!reader.seek(sequence) || !reader.next(record) || record.sequence() != sequence)
                    {
                        throw new AssertionError("seek to " + sequence);
                    }
                }
                allocated = threads.getThreadAllocatedBytes(threadId) - before;
            }
            // Chronicle's excerpt count alone allocated ~3 KB per seek (15 MB here) before the table kept it.
            assertTrue(allocated < 100_000, "5,000 seeks allocated " + allocated + " bytes");
        }
    }

    @Test
    void shouldStopAtTheLimitInsideABatchWithoutConsumingTheNextRecord()
    {
        journal = journals.open(config());
        appendInBatches(1, 100, new SplittableRandom(3));
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            assertTrue(reader.seek(10));
            reader.limit(20);
            for (long sequence = 10; sequence <= 20; sequence++)
            {
                assertTrue(reader.next(record));
                assertEquals(sequence, record.sequence());
            }
            assertFalse(reader.next(record));
            reader.limit(Long.MAX_VALUE);
            assertTrue(reader.next(record));
            assertEquals(21, record.sequence());
        }
    }

    @Test
    void shouldReadAndExtendAJournalOfFormatVersionOne() throws IOException
    {
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        for (long sequence = 1; sequence <= 100; sequence++)
        {
            // Outside a batch each record is one excerpt: exactly what format 1 held.
            TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
        }
        journal.close();
        final Path meta = dir.resolve(JournalMetadata.FILE_NAME);
        Files.writeString(meta, Files.readString(meta).replace("format=2", "format=1"));

        journal = journals.open(config().readOnly(true));
        assertEquals(100, journal.lastSequence());
        assertTrue(journal.verify().ok());
        journal.close();

        journal = journals.open(config());
        assertEquals(JournalMetadata.FORMAT_VERSION, JournalMetadata.read(dir).formatVersion(),
            "a writer records the current format");
        appendInBatches(101, 1_000, new SplittableRandom(4));
        final VerifyReport report = journal.verify();
        assertTrue(report.ok(), String.valueOf(report));
        assertEquals(1_000, report.records());
    }

    @Test
    void shouldStoreTheSequenceOnlyInTheFirstRecordOfABatch()
    {
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        final int payloadLength = 64;
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[payloadLength]);
        appender.beginBatch();
        for (long sequence = 1; sequence <= 10; sequence++)
        {
            payload.putBytes(0, SegmentBytes.marker(sequence));
            appender.append(sequence, sequence * 7, 3, payload, 0, payloadLength);
        }
        appender.endBatch();
        journal.close();
        journal = null;

        // From one payload to the next: a compact record's checksum, timestamp, type and length, 20 bytes (28 with
        // the sequence, as in format 2).
        final Path segment = SegmentBytes.segments(dir).get(0);
        for (long sequence = 2; sequence <= 10; sequence++)
        {
            assertEquals(payloadLength + RecordDescriptor.COMPACT_FRAMING_LENGTH,
                SegmentBytes.payloadOffset(segment, sequence) - SegmentBytes.payloadOffset(segment, sequence - 1),
                "record " + sequence);
        }
        journal = journals.open(config().readOnly(true));
        assertTrue(journal.verify().ok());
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= 10; sequence++)
            {
                assertTrue(reader.next(record));
                assertEquals(sequence, record.sequence());
                assertEquals(sequence * 7, record.timestamp());
                assertEquals(3, record.type());
                assertEquals(payloadLength, record.length());
                final byte[] marker = SegmentBytes.marker(sequence);
                final byte[] read = new byte[marker.length];
                record.buffer().getBytes(record.payloadOffset(), read);
                assertArrayEquals(marker, read, "the payload of " + sequence + " starts at payloadOffset()");
            }
        }
    }

    /**
     * Five batches of 100 records with markers in their payloads; the first record of the third batch (201) gets one
     * flipped bit in its sequence field, which reads 200 instead. The records after it count their sequences from it.
     */
    private Path writeBatchesAndDamageTheThirdsFirstSequence()
    {
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        for (long sequence = 1; sequence <= 500; sequence++)
        {
            if (1 == sequence % 100)
            {
                appender.beginBatch();
            }
            payload.putBytes(0, SegmentBytes.marker(sequence));
            appender.append(sequence, sequence, 1, payload, 0, payload.capacity());
            if (0 == sequence % 100)
            {
                appender.endBatch();
            }
        }
        journal.close();
        journal = null;
        final Path segment = SegmentBytes.segments(dir).get(0);
        SegmentBytes.flip(segment, SegmentBytes.payloadOffset(segment, 201) - RecordDescriptor.PAYLOAD_OFFSET +
            RecordDescriptor.SEQUENCE_OFFSET);
        return segment;
    }

    @Test
    void shouldNeverSeekToARecordWhoseCountedSequenceRestsOnADamagedFirstRecord()
    {
        writeBatchesAndDamageTheThirdsFirstSequence();
        journal = journals.open(config().readOnly(true));
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            // Counted from the damaged 200, the record at 205's place would pass as 204, the one at 206's as 205.
            if (reader.seek(205))
            {
                final JournalCorruptedException ex =
                    assertThrows(JournalCorruptedException.class, () -> reader.next(record));
                assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
            }
            assertTrue(reader.seek(305), "a seek past the damaged batch still lands");
            assertTrue(reader.next(record));
            assertEquals(305, record.sequence());
        }
    }

    @Test
    void shouldNotCountTheRestOfABatchWhoseFirstRecordIsDamaged()
    {
        final Path segment = writeBatchesAndDamageTheThirdsFirstSequence();
        journal = journals.open(config().readOnly(true));
        final VerifyReport report = journal.verify();
        assertFalse(report.ok());
        assertEquals(segment, report.faultSegment());
        assertEquals(201, report.faultSequence(), String.valueOf(report));
        assertTrue(report.faultMessage().contains("checksum mismatch"), report.faultMessage());
        // The other 99 records of the damaged batch are neither counted nor taken as breaks; the walk goes on after.
        assertEquals(400, report.records(), "no record counted from the damaged sequence: " + report);
        assertEquals(500, report.lastSequence(), String.valueOf(report));
    }

    @Test
    void shouldReadAndExtendAJournalOfFormatVersionTwo() throws IOException
    {
        journal = journals.open(config());
        journal.appender().writeFullRecords();
        appendInBatches(1, 3_000, new SplittableRandom(5));
        journal.close();
        final Path meta = dir.resolve(JournalMetadata.FILE_NAME);
        Files.writeString(meta, Files.readString(meta)
            .replace("format=" + JournalMetadata.FORMAT_VERSION, "format=2"), StandardCharsets.ISO_8859_1);
        assertEquals(2, JournalMetadata.read(dir).formatVersion());

        journal = journals.open(config().readOnly(true));
        assertEquals(3_000, journal.lastSequence());
        final VerifyReport old = journal.verify();
        assertTrue(old.ok(), String.valueOf(old));
        journal.close();

        // A writer of format 3 appends compact batches after the full ones: every reader reads both in one journal.
        journal = journals.open(config());
        assertEquals(JournalMetadata.FORMAT_VERSION, JournalMetadata.read(dir).formatVersion());
        appendInBatches(3_001, 6_000, new SplittableRandom(6));
        final VerifyReport report = journal.verify();
        assertTrue(report.ok(), String.valueOf(report));
        assertEquals(6_000, report.records());
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= 6_000; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
                assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
            }
            assertFalse(reader.next(record));
            for (final long sought : new long[]{1, 1_999, 3_000, 3_001, 4_567, 6_000})
            {
                assertTrue(reader.seek(sought), "seek " + sought);
                assertTrue(reader.next(record));
                assertEquals(sought, record.sequence());
                assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
            }
        }
        journal.close();
        journal = journals.open(config().readOnly(true));
        assertEquals(6_000, journal.openReport().lastSequence());
    }

    @Test
    void shouldRefuseAJournalOfAnUnknownFormatVersionNamingIt() throws IOException
    {
        journal = journals.open(config());
        journal.close();
        journal = null;
        final Path meta = dir.resolve(JournalMetadata.FILE_NAME);
        final String next = "format=" + (JournalMetadata.FORMAT_VERSION + 1);
        Files.writeString(meta, Files.readString(meta).replace("format=" + JournalMetadata.FORMAT_VERSION, next),
            StandardCharsets.ISO_8859_1);

        final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(config().readOnly(true)));
        assertEquals(JournalException.Category.BAD_DIRECTORY, ex.category());
        assertTrue(ex.getMessage().contains("format " + (JournalMetadata.FORMAT_VERSION + 1)), ex.getMessage());
    }

    @Test
    void shouldPublishTheRecordsBeforeARefusedAppendInsideABatch()
    {
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        appender.beginBatch();
        TestRecords.append(appender, scratch, SEED, 1, MAX_PAYLOAD);
        TestRecords.append(appender, scratch, SEED, 2, MAX_PAYLOAD);
        assertThrows(JournalException.class, () -> appender.append(4, 0, 0, scratch, 0, 8));
        assertEquals(2, journal.lastSequence());
        appender.endBatch();
        assertTrue(journal.verify().ok());
        assertEquals(2, journal.verify().records());
    }

    /**
     * Append {@code first..last} as one batch of records carrying {@link SegmentBytes#marker(long)}: every payload
     * {@link #MAX_PAYLOAD} bytes but that of {@code shortOne}, which is {@code shortLength}.
     */
    private void appendMarkedBatch(
        final JournalAppender appender, final long first, final long last, final long shortOne, final int shortLength)
    {
        appender.beginBatch();
        for (long sequence = first; sequence <= last; sequence++)
        {
            scratch.setMemory(0, MAX_PAYLOAD, (byte)0);
            final byte[] marker = SegmentBytes.marker(sequence);
            scratch.putBytes(0, marker);
            scratch.putLong(marker.length, sequence * 31);
            appender.append(sequence, sequence * 1000, 1, scratch, 0, sequence == shortOne ? shortLength : MAX_PAYLOAD);
        }
        appender.endBatch();
    }

    private void assertMarkedRecords(final long last, final long... sought)
    {
        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= last; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
                assertEquals(sequence * 1000, record.timestamp());
                assertEquals(sequence * 31, record.buffer().getLong(record.payloadOffset() +
                    SegmentBytes.marker(sequence).length), "payload of " + sequence);
            }
            assertFalse(reader.next(record));
            for (final long sequence : sought)
            {
                assertTrue(reader.seek(sequence), "seek " + sequence);
                assertTrue(reader.next(record));
                assertEquals(sequence, record.sequence());
            }
        }
        final VerifyReport report = journal.verify();
        assertTrue(report.ok(), String.valueOf(report));
        assertEquals(last, report.records());
    }

    /**
     * @return how far the payload of {@code sequence} lies after that of {@code sequence - 1}: the previous payload's
     * length plus {@link RecordDescriptor#COMPACT_FRAMING_LENGTH} when both share an excerpt; when {@code sequence}
     * opens a new one, at least the previous payload, its checksum, a Chronicle header and a full record header.
     */
    private static long payloadDistance(final Path segment, final long sequence)
    {
        return SegmentBytes.payloadOffset(segment, sequence) - SegmentBytes.payloadOffset(segment, sequence - 1);
    }

    private static long newExcerptDistance(final int previousLength)
    {
        return previousLength + RecordDescriptor.CHECKSUM_LENGTH + Integer.BYTES + RecordDescriptor.PAYLOAD_OFFSET;
    }

    @Test
    void shouldFillAnExcerptToExactlyTheBatchLimitAndStartTheNextOneAfter()
    {
        // 1 full record of 284 B + 236 compact of 276 B + one compact of 116 B (96 B payload) = 65,536 B.
        assertEquals(65_536, LIMIT);
        assertTrue(TOP_UP >= SegmentBytes.marker(1).length + Long.BYTES, "the top-up record holds a marker");
        final long topUp = FILLING + 1;
        journal = journals.open(config());
        appendMarkedBatch(journal.appender(), 1, topUp + 2, topUp, TOP_UP);
        final Path segment = SegmentBytes.segments(dir).get(0);
        // The excerpt's Chronicle header holds its length: exactly the limit.
        final long header = SegmentBytes.payloadOffset(segment, 1) - RecordDescriptor.PAYLOAD_OFFSET - Integer.BYTES;
        final ByteBuffer headerBytes = ByteBuffer.wrap(new byte[]{SegmentBytes.read(segment, header),
            SegmentBytes.read(segment, header + 1), SegmentBytes.read(segment, header + 2),
            SegmentBytes.read(segment, header + 3)}).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(LIMIT, headerBytes.getInt(0) & 0x3FFF_FFFF, "the excerpt's length");
        assertEquals(MAX_PAYLOAD + RecordDescriptor.COMPACT_FRAMING_LENGTH, payloadDistance(segment, topUp),
            "the record that fills the excerpt to the limit shares it");
        assertTrue(payloadDistance(segment, topUp + 1) >= newExcerptDistance(TOP_UP),
            "the record after a full excerpt opens a new one: " + payloadDistance(segment, topUp + 1));
        assertEquals(MAX_PAYLOAD + RecordDescriptor.COMPACT_FRAMING_LENGTH, payloadDistance(segment, topUp + 2));
        assertMarkedRecords(topUp + 2, 1, topUp, topUp + 1, topUp + 2);

        // An excerpt of exactly the limit as the tail: the open-time checks take it as it is, and appends go on.
        journal = journals.open(OpenJournals.config(tailDir, MAX_PAYLOAD));
        appendMarkedBatch(journal.appender(), 1, topUp, topUp, TOP_UP);
        journal.close();
        journal = journals.open(OpenJournals.config(tailDir, MAX_PAYLOAD));
        assertEquals(topUp, journal.lastSequence());
        appendMarkedBatch(journal.appender(), topUp + 1, topUp + 1, 0, 0);
        assertMarkedRecords(topUp + 1, topUp, topUp + 1);
    }

    @Test
    void shouldStartANewExcerptForARecordOneByteOverTheBatchLimit()
    {
        // The record at the top-up's place is one byte longer: it no longer fits, and opens the next excerpt.
        final long last = FILLING + 2;
        journal = journals.open(config());
        appendMarkedBatch(journal.appender(), 1, last, FILLING + 1, TOP_UP + 1);
        final Path segment = SegmentBytes.segments(dir).get(0);
        assertEquals(MAX_PAYLOAD + RecordDescriptor.COMPACT_FRAMING_LENGTH, payloadDistance(segment, FILLING));
        assertTrue(payloadDistance(segment, FILLING + 1) >= newExcerptDistance(MAX_PAYLOAD),
            "one byte over the limit opens a new excerpt: " + payloadDistance(segment, FILLING + 1));
        assertEquals(TOP_UP + 1 + RecordDescriptor.COMPACT_FRAMING_LENGTH, payloadDistance(segment, last));
        assertMarkedRecords(last, FILLING, FILLING + 1, last);
    }

    @Test
    void shouldAppendPayloadsFromHeapAndDirectBuffersAtAnyOffset()
    {
        final int room = MAX_PAYLOAD + 64;
        final byte[] array = new byte[room + 32];
        final MutableDirectBuffer[] sources = {
            new UnsafeBuffer(ByteBuffer.allocateDirect(room)),
            new UnsafeBuffer(array, 29, room),
            new UnsafeBuffer(ByteBuffer.wrap(array).position(11).slice()),
            new UnsafeBuffer(ByteBuffer.allocateDirect(room + 32), 7, room),
            new UnsafeBuffer(ByteBuffer.allocateDirect(room + 32).position(13).slice()),
            new ExpandableArrayBuffer(room),
            new ExpandableDirectByteBuffer(room),
        };
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        final long records = 2_000;
        for (long sequence = 1; sequence <= records; sequence++)
        {
            if (1 == sequence % 100)
            {
                appender.beginBatch();
            }
            final MutableDirectBuffer source = sources[(int)(sequence % sources.length)];
            final int length = TestRecords.length(SEED, sequence, MAX_PAYLOAD);
            final int offset = (int)(sequence % (room - length + 1));
            // Bytes around the payload that a wrong offset or base address would copy instead.
            source.setMemory(0, source.capacity(), (byte)0xA5);
            TestRecords.fill(scratch, SEED, sequence, length);
            source.putBytes(offset, scratch, 0, length);
            appender.append(sequence, TestRecords.timestamp(SEED, sequence), TestRecords.type(SEED, sequence), source,
                offset, length);
            if (0 == sequence % 100)
            {
                appender.endBatch();
            }
        }

        try (JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            for (long sequence = 1; sequence <= records; sequence++)
            {
                assertTrue(reader.next(record), "record " + sequence);
                assertEquals(sequence, record.sequence());
                assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
            }
            assertFalse(reader.next(record));
        }
        assertTrue(journal.verify().ok());
    }

    /**
     * Ten batches of ten records (compact after each batch's first), payloads marked: 1-10, 11-20, ... 91-100.
     */
    private Path writeTenBatchesOfTen()
    {
        journal = journals.open(config());
        final JournalAppender appender = journal.appender();
        for (long first = 1; first <= 100; first += 10)
        {
            appendMarkedBatch(appender, first, first + 9, 0, 0);
        }
        journal.close();
        journal = null;
        return SegmentBytes.segments(dir).get(0);
    }

    @Test
    void shouldNameTheFirstRecordOfACompactBatchCutOffByATruncatedSegment()
    {
        final Path segment = writeTenBatchesOfTen();
        // Inside record 55, a compact record in the middle of batch 51-60: the whole batch is cut off.
        SegmentBytes.truncate(segment, SegmentBytes.payloadOffset(segment, 55) + 5);
        assertRefusedAsCutOff(segment, 51);
    }

    @Test
    void shouldNameTheBatchAfterTheCutWhenASegmentIsTruncatedBetweenCompactBatches()
    {
        final Path segment = writeTenBatchesOfTen();
        // Just after the checksum of record 70, the last of its batch: batches up to 61-70 are whole.
        final int payloadLength = MAX_PAYLOAD;
        SegmentBytes.truncate(segment,
            SegmentBytes.payloadOffset(segment, 70) + payloadLength + RecordDescriptor.CHECKSUM_LENGTH);
        assertRefusedAsCutOff(segment, 71);
    }

    /**
     * Opening the journal, read-only and for writing, is refused: the error names the segment and the first record
     * cut off, and says how many complete records remain before it.
     */
    private void assertRefusedAsCutOff(final Path segment, final long firstCutOff)
    {
        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(segment, ex.segment(), ex.getMessage());
            assertEquals(firstCutOff, ex.sequence(), ex.getMessage());
            assertTrue(ex.getMessage().contains("records from sequence " + firstCutOff + " on are cut off"),
                ex.getMessage());
            assertTrue(ex.getMessage().contains("(" + (firstCutOff - 1) + " complete records remain)"),
                ex.getMessage());
        }
    }
}
