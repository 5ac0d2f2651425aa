package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalCorruptionTest
{
    private static final int RECORDS = 100;
    private static final long DAMAGED = 50;

    @TempDir
    Path dir;

    private Path segment;
    private long payload;

    @BeforeEach
    void writeJournal()
    {
        try (Journal journal = Journal.open(config()))
        {
            final JournalAppender appender = journal.appender();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            for (long sequence = 1; sequence <= RECORDS; sequence++)
            {
                final byte[] marker = SegmentBytes.marker(sequence);
                buffer.putBytes(0, marker);
                buffer.putLong(marker.length, sequence * 31);
                appender.append(sequence, sequence * 1000, (int)sequence, buffer, 0, marker.length + 8);
            }
        }
        segment = SegmentBytes.segments(dir).get(0);
        payload = SegmentBytes.payloadOffset(segment, DAMAGED);
    }

    private JournalConfig config()
    {
        return new JournalConfig().directory(dir).minFreeSpaceBytes(0);
    }

    @Test
    void shouldDetectFlippedHeaderByteNamingSegmentAndSequence()
    {
        SegmentBytes.flip(segment, payload - RecordDescriptor.PAYLOAD_OFFSET + RecordDescriptor.TIMESTAMP_OFFSET);
        assertDetectedAt(DAMAGED, "checksum");
    }

    @Test
    void shouldDetectFlippedSequenceFieldNamingTheExpectedSequence()
    {
        SegmentBytes.flip(segment, payload - RecordDescriptor.PAYLOAD_OFFSET + RecordDescriptor.SEQUENCE_OFFSET);
        assertDetectedAt(DAMAGED, "checksum");
    }

    @Test
    void shouldDetectFlippedPayloadByteNamingSegmentAndSequence()
    {
        SegmentBytes.flip(segment, payload + 3);
        assertDetectedAt(DAMAGED, "checksum");
    }

    @Test
    void shouldDetectFlippedChecksumByteNamingSegmentAndSequence()
    {
        final int payloadLength = SegmentBytes.marker(DAMAGED).length + 8;
        SegmentBytes.flip(segment, payload + payloadLength + 1);
        assertDetectedAt(DAMAGED, "checksum");
    }

    @Test
    void shouldDetectFlippedLengthFieldNamingSegmentAndSequence()
    {
        SegmentBytes.flip(segment, payload - RecordDescriptor.PAYLOAD_OFFSET + RecordDescriptor.LENGTH_OFFSET);
        assertDetectedAt(DAMAGED, "length", false);
    }

    @Test
    void shouldDetectExcerptHiddenFromChronicleAsASequenceGap()
    {
        // Setting the metadata bit of Chronicle's excerpt header makes Chronicle skip the excerpt as if it were not
        // data: the journal must notice the hole in the sequence.
        final long excerptHeader = payload - RecordDescriptor.PAYLOAD_OFFSET - 4;
        SegmentBytes.write(segment, excerptHeader + 3,
            new byte[]{(byte)(SegmentBytes.read(segment, excerptHeader + 3) | 0x40)});
        assertDetectedAt(DAMAGED, "expected " + DAMAGED, false);
    }

    @Test
    void shouldDetectAWrongExcerptLengthNamingSegmentAndSequence()
    {
        final long excerptHeader = payload - RecordDescriptor.PAYLOAD_OFFSET - 4;
        SegmentBytes.flip(segment, excerptHeader);
        assertFramingFaultAt(DAMAGED, "length");
    }

    @Test
    void shouldDetectAnExcerptLengthReachingFarPastTheSegmentEnd()
    {
        final long excerptHeader = payload - RecordDescriptor.PAYLOAD_OFFSET - 4;
        // Length bits all but set: an excerpt of almost 1 GiB in a segment file of a few MiB.
        SegmentBytes.write(segment, excerptHeader, new byte[]{(byte)0xF0, (byte)0xFF, (byte)0xFF, 0x3F});
        assertFramingFaultAt(DAMAGED, "past the end");
    }

    @Test
    void shouldDetectAMetadataFlagAndHugeLengthInAnExcerptHeaderWithoutReadingPastTheSegment()
    {
        // The fuzzer's finding: the top byte of a header XOR 0x7f reads as a metadata excerpt of about 1 GiB, which
        // Chronicle would skip by reading (and faulting) far past the end of the mapped file.
        final long excerptHeader = payload - RecordDescriptor.PAYLOAD_OFFSET - 4;
        SegmentBytes.write(segment, excerptHeader + 3,
            new byte[]{(byte)(SegmentBytes.read(segment, excerptHeader + 3) ^ 0x7f)});
        assertFramingFaultAt(DAMAGED, "metadata excerpt");
    }

    @Test
    void shouldDetectAnExcerptMarkedIncompleteBeforeTheWritePosition()
    {
        final long excerptHeader = payload - RecordDescriptor.PAYLOAD_OFFSET - 4;
        SegmentBytes.write(segment, excerptHeader + 3,
            new byte[]{(byte)(SegmentBytes.read(segment, excerptHeader + 3) | 0x80)});
        assertFramingFaultAt(DAMAGED, "records were written after it");
    }

    /**
     * A damaged excerpt header is found when the journal is opened, before Chronicle follows it: writable or not, the
     * open names the segment and the sequence, and the file is not grown.
     */
    private void assertFramingFaultAt(final long sequence, final String what)
    {
        final long size = SegmentBytes.size(segment);
        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(segment, ex.segment());
            assertEquals(sequence, ex.sequence());
            assertTrue(ex.getMessage().contains(what), ex.getMessage());
            assertEquals(size, SegmentBytes.size(segment), "the damaged length must not grow the file");
        }
    }

    @Test
    void shouldDiscardGarbageAfterTheLastRecordAsATornTailNotATruncation()
    {
        // Bytes that are no record (the first four read as a data header of about 700 MB) just after the last one.
        garbageAfterTheLastRecordIsATornTail((byte)0x12, (byte)0x34, (byte)0x56, (byte)0x29);
    }

    @Test
    void shouldDiscardGarbageReadingAsAHeaderThatFitsTheSegmentButNoBatch()
    {
        // The first four bytes read as a complete data header of 256 KiB: inside the pre-allocated segment, longer
        // than any batch of records (found by JournalFuzzIT, seed 17356761462002, with a 5.6 MB one).
        garbageAfterTheLastRecordIsATornTail((byte)0x00, (byte)0x00, (byte)0x04, (byte)0x00);
    }

    /**
     * A killed writer's last bytes may be a single non-zero byte anywhere in the batch it was writing: the scan for
     * the torn tail (a word at a time, then byte by byte) must find it wherever it lies in the word.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8, 9, 10, 11, 1001, 4096})
    void shouldFindALoneNonZeroByteAfterTheLastRecordWhereverItLies(final int distance)
    {
        final long at = afterTheLastRecord() + distance;
        SegmentBytes.write(segment, at, new byte[] {(byte)0x5A});

        try (Journal journal = Journal.open(config()))
        {
            assertTrue(journal.openReport().tornTailDiscarded(), journal.openReport().toString());
            assertEquals(RECORDS, journal.lastSequence());
        }
        assertEquals(0, SegmentBytes.read(segment, at), "the torn tail is erased");
    }

    private long afterTheLastRecord()
    {
        final int payloadLength = SegmentBytes.marker(RECORDS).length + 8;
        return (SegmentBytes.payloadOffset(segment, RECORDS) + payloadLength + RecordDescriptor.CHECKSUM_LENGTH + 3) &
            ~3L;
    }

    private void garbageAfterTheLastRecordIsATornTail(final byte b0, final byte b1, final byte b2, final byte b3)
    {
        final long afterLast = afterTheLastRecord();
        final byte[] garbage = new byte[8192];
        new java.util.Random(42).nextBytes(garbage);
        garbage[0] = b0;
        garbage[1] = b1;
        garbage[2] = b2;
        garbage[3] = b3;
        assertTrue(afterLast + (1 << 18) < segment.toFile().length(), "the garbage header must fit the segment");
        SegmentBytes.write(segment, afterLast, garbage);

        // Chronicle would follow that header: a read-only open, which cannot erase it, says what it is.
        final JournalCorruptedException ex = assertThrows(
            JournalCorruptedException.class, () -> Journal.open(config().readOnly(true)).close());
        assertEquals(segment, ex.segment());
        assertEquals(RECORDS + 1, ex.sequence());
        assertTrue(ex.getMessage().contains("torn tail"), ex.getMessage());
        assertFalse(ex.getMessage().contains("truncated"), ex.getMessage());

        try (Journal journal = Journal.open(config()))
        {
            assertTrue(journal.openReport().tornTailDiscarded(), journal.openReport().toString());
            assertEquals(RECORDS, journal.openReport().lastSequence());
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            for (long sequence = RECORDS + 1; sequence <= RECORDS + 300; sequence++)
            {
                journal.appender().append(sequence, sequence, 1, buffer, 0, 40);
            }
        }
        try (Journal journal = Journal.open(config()))
        {
            assertFalse(journal.openReport().tornTailDiscarded());
            final VerifyReport report = journal.verify();
            assertTrue(report.ok(), report.toString());
            assertEquals(RECORDS + 300, report.lastSequence());
        }
    }

    @Test
    void shouldSayTheQueueMetadataIsDamagedAndRebuildItFromTheSegmentsOnceMovedAway() throws Exception
    {
        final Path metadata = dir.resolve("metadata.cq4t");
        final byte[] garbage = new byte[64];
        new java.util.Random(11).nextBytes(garbage);
        garbage[3] = 0x7f;
        SegmentBytes.write(metadata, 0, garbage);

        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalException ex = assertThrows(
                JournalException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(JournalException.Category.CORRUPTED, ex.category(), ex.getMessage());
            assertTrue(ex.getMessage().contains(metadata + " is damaged"), ex.getMessage());
            assertTrue(ex.getMessage().contains("mv " + metadata), ex.getMessage());
            assertFalse(ex.getMessage().contains("Unable to claim"), ex.getMessage());
        }

        // What the message says to do, to the letter.
        final String message = assertThrows(JournalException.class, () -> Journal.open(config()).close()).getMessage();
        final Matcher mv = Pattern.compile("\\(mv (\\S+) (\\S+)\\)").matcher(message);
        assertTrue(mv.find(), message);
        assertEquals(metadata.toString(), mv.group(1));
        final Path aside = Path.of(mv.group(2));
        assertFalse(aside.startsWith(dir), "moved out of the journal directory: " + aside);
        assertEquals(dir.getParent(), aside.getParent(), "beside it");
        Files.move(metadata, aside);
        try (Journal journal = Journal.open(config()))
        {
            assertEquals(RECORDS, journal.lastSequence());
            assertTrue(journal.verify().ok());
        }
        finally
        {
            Files.delete(aside);
        }
    }

    @Test
    void shouldRefuseToOpenWhenTheTailRecordFailsItsChecksum()
    {
        SegmentBytes.flip(segment, SegmentBytes.payloadOffset(segment, RECORDS) + 2);
        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () -> Journal.open(config()));
        assertEquals(segment, ex.segment());
        assertEquals(RECORDS, ex.sequence());
        assertTrue(ex.getMessage().contains(segment.toString()), ex.getMessage());
        assertEquals(JournalException.Category.CORRUPTED, ex.category());
    }

    @Test
    void shouldDetectSegmentTruncatedInsideARecordWhenOpenedReadOnly()
    {
        SegmentBytes.truncate(segment, payload + 5);
        final JournalCorruptedException ex = assertThrows(
            JournalCorruptedException.class, () -> Journal.open(config().readOnly(true)));
        assertEquals(segment, ex.segment());
        assertEquals(DAMAGED, ex.sequence(), ex.getMessage());
        assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
    }

    @Test
    void shouldDetectSegmentTruncatedInsideARecordWhenOpenedForWriting()
    {
        SegmentBytes.truncate(segment, payload + 5);
        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () -> Journal.open(config()));
        assertEquals(segment, ex.segment());
        assertEquals(DAMAGED, ex.sequence(), ex.getMessage());
        // A second attempt must not find a file that the first one silently extended with zeros.
        assertEquals(DAMAGED, assertThrows(JournalCorruptedException.class, () -> Journal.open(config())).sequence());
    }

    @Test
    void shouldDetectSegmentTruncatedAtARecordBoundary()
    {
        SegmentBytes.truncate(segment, payload - RecordDescriptor.PAYLOAD_OFFSET - 4);
        final JournalCorruptedException ex = assertThrows(
            JournalCorruptedException.class, () -> Journal.open(config().readOnly(true)));
        assertEquals(segment, ex.segment());
        assertEquals(DAMAGED, ex.sequence(), ex.getMessage());
    }

    @Test
    void shouldNameSequenceOneWhenTheFirstSegmentIsTruncatedBeforeItsFirstRecord()
    {
        // Found by JournalFuzzIT (seed 18863406792761): nothing of the segment's records is left to read a sequence
        // from, and the refusal named sequence 0.
        final long firstHeader = SegmentBytes.payloadOffset(segment, 1) - RecordDescriptor.PAYLOAD_OFFSET - 4;
        for (final long size : new long[]{firstHeader + 2, firstHeader})
        {
            SegmentBytes.truncate(segment, size);
            for (final boolean readOnly : new boolean[]{true, false})
            {
                final JournalCorruptedException ex = assertThrows(
                    JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
                assertEquals(segment, ex.segment(), ex.getMessage());
                assertEquals(1, ex.sequence(), ex.getMessage());
                assertTrue(ex.getMessage().contains("truncated to " + size + " bytes"), ex.getMessage());
            }
        }
    }

    @Test
    void shouldCountTheGoodRecordsBeforeATruncationFoundOnOpening()
    {
        SegmentBytes.truncate(segment, payload + 5);
        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(DAMAGED, ex.sequence(), ex.getMessage());
            assertEquals(DAMAGED - 1, ex.goodRecords(), ex.getMessage());
            assertTrue(ex.reason().contains("restore the file from a backup"), ex.reason());
        }
    }

    @Test
    void shouldNameASegmentTruncatedInsideItsOwnHeaderWithoutChronicleParsingIt()
    {
        SegmentBytes.truncate(segment, 100);
        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(segment, ex.segment(), ex.getMessage());
            assertTrue(ex.reason().contains("segment truncated to 100 bytes"), ex.reason());
            assertEquals(0, ex.goodRecords(), "the only segment: no record before it");
            assertFalse(ex.getMessage().chars().anyMatch(Character::isISOControl), ex.getMessage());
            assertFalse(ex.getMessage().contains("Exception"), ex.getMessage());
        }
        assertEquals(100, SegmentBytes.size(segment), "left as found");
    }

    @Test
    void shouldRefuseToSetAsideASegmentWhoseHeaderIsDamagedButWhichHoldsRecords() throws Exception
    {
        final byte[] garbage = new byte[32];
        new java.util.Random(5).nextBytes(garbage);
        // Not a complete metadata header, whatever else the bytes say: what findUnfinishedSegment looks for.
        garbage[3] = (byte)0x80;
        SegmentBytes.write(segment, 0, garbage);
        final long size = SegmentBytes.size(segment);

        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(segment, ex.segment(), ex.getMessage());
            assertTrue(ex.reason().contains("without a complete header, but it held records") &&
                ex.reason().contains("its header was damaged"), ex.reason());
            assertFalse(ex.reason().contains("being created when"), ex.reason());
            assertEquals(0, ex.goodRecords(), ex.getMessage());
        }
        // The writable open left the segment where it was, records and all.
        assertEquals(List.of(segment), SegmentBytes.segments(dir));
        assertEquals(size, SegmentBytes.size(segment));
        assertTrue(SegmentBytes.find(segment, SegmentBytes.marker(RECORDS)) > 0, "the last record is still there");
        try (Stream<Path> files = Files.list(dir))
        {
            assertTrue(files.noneMatch(file -> file.toString().endsWith(".discard")), "nothing set aside");
        }
    }

    @Test
    void shouldRefuseToSetAsideAnEmptiedSegmentThatHeldRecords()
    {
        // The journal's last writer recorded the records it held (ferrite-framing.checked): not being created.
        SegmentBytes.truncate(segment, 0);
        for (final boolean readOnly : new boolean[]{true, false})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config().readOnly(readOnly)).close());
            assertEquals(segment, ex.segment(), ex.getMessage());
            assertTrue(ex.reason().contains("but it held records"), ex.reason());
        }
        assertEquals(List.of(segment), SegmentBytes.segments(dir));
    }

    @Test
    void shouldStillSetAsideASegmentItsWriterDiedCreating() throws Exception
    {
        final JournalRollCycle rollCycle = JournalRollCycle.DAILY;
        final int cycle = RollCycleMapping.cycleOf(rollCycle, segment.getFileName().toString());
        final Path unfinished = dir.resolve(RollCycleMapping.fileName(rollCycle, cycle + 1, 0));
        // As Chronicle leaves a segment it was creating: sized, but its header never completed.
        Files.write(unfinished, new byte[1 << 16]);

        final JournalCorruptedException ex = assertThrows(
            JournalCorruptedException.class, () -> Journal.open(config().readOnly(true)).close());
        assertEquals(unfinished, ex.segment(), ex.getMessage());
        assertTrue(ex.reason().contains("being created when its writer died"), ex.reason());

        try (Journal journal = Journal.open(config()))
        {
            assertTrue(journal.openReport().tornTailDiscarded(), "set aside");
            assertEquals(RECORDS, journal.lastSequence());
        }
    }

    @Test
    void shouldSetAsideANewSegmentWhoseWriterDiedBeforeMarkingItsHeaderCompleteWhateverFollowsTheHeader()
        throws Exception
    {
        // Chronicle lays out a new segment's index arrays before it marks the header complete, so a writer killed
        // in that window leaves bytes after the header. Here: a copy of a real segment (header, index arrays and
        // all) under the next cycle's name, which no writer recorded records in, its header word not complete.
        final JournalRollCycle rollCycle = JournalRollCycle.DAILY;
        final int cycle = RollCycleMapping.cycleOf(rollCycle, segment.getFileName().toString());
        final Path unfinished = dir.resolve(RollCycleMapping.fileName(rollCycle, cycle + 1, 0));
        final byte[] bytes = Files.readAllBytes(segment);
        bytes[3] |= (byte)0x80;
        Files.write(unfinished, bytes);

        try (Journal journal = Journal.open(config()))
        {
            assertTrue(journal.openReport().tornTailDiscarded(), "set aside");
            assertEquals(RECORDS, journal.lastSequence(), "the records of the complete segment are all there");
        }
        try (Stream<Path> files = Files.list(dir))
        {
            assertTrue(files.anyMatch(file -> file.getFileName().toString().startsWith(
                unfinished.getFileName().toString()) && file.toString().endsWith(".discard")), "kept aside, not deleted");
        }
    }

    @Test
    void shouldOpenAJournalWhoseFirstSegmentWasDeletedByHandAsStartingLater() throws Exception
    {
        final Path rolling = dir.resolve("rolling");
        final JournalConfig config = writeThreeMinutelySegments(rolling);
        final java.util.List<Path> segments = SegmentBytes.segments(rolling);
        // Not through retention: Chronicle's directory listing still names the deleted segment as the first.
        Files.delete(segments.get(0));

        for (final boolean readOnly : new boolean[]{true, false})
        {
            try (Journal journal = Journal.open(config.readOnly(readOnly)))
            {
                assertEquals(11, journal.firstSequence());
                assertEquals(30, journal.lastSequence());
            }
        }
    }

    @Test
    void shouldNameTheDamagedSegmentOfAThreeSegmentJournal() throws Exception
    {
        final Path rolling = dir.resolve("rolling");
        final JournalConfig config = writeThreeMinutelySegments(rolling);
        final Path middle = SegmentBytes.segments(rolling).get(1);

        // A checksum fault in the middle segment: verify walks there and names it.
        final long payload15 = SegmentBytes.payloadOffset(middle, 15);
        SegmentBytes.flip(middle, payload15 + 2);
        try (Journal journal = Journal.open(config.readOnly(true)))
        {
            final VerifyReport report = journal.verify();
            assertEquals(middle, report.faultSegment(), report.toString());
            assertEquals(15, report.faultSequence());
        }
        SegmentBytes.flip(middle, payload15 + 2);

        // A framing fault in the middle segment (metadata flag and a huge length): found at open, named there.
        final long header17 = SegmentBytes.payloadOffset(middle, 17) - RecordDescriptor.PAYLOAD_OFFSET - 4;
        SegmentBytes.write(middle, header17 + 3, new byte[]{(byte)(SegmentBytes.read(middle, header17 + 3) ^ 0x7f)});
        final JournalCorruptedException ex = assertThrows(
            JournalCorruptedException.class, () -> Journal.open(config.readOnly(true)).close());
        assertEquals(middle, ex.segment(), ex.getMessage());
        assertEquals(17, ex.sequence(), ex.getMessage());
    }

    @Test
    void shouldDetectAMissingSegmentAsASequenceGapNamingTheSegmentAfterIt() throws Exception
    {
        final Path rolling = dir.resolve("rolling");
        final JournalConfig config = writeThreeMinutelySegments(rolling);
        final java.util.List<Path> segments = SegmentBytes.segments(rolling);
        assertEquals(3, segments.size());
        Files.delete(segments.get(1));

        for (final boolean readOnly : new boolean[]{false, true})
        {
            final JournalCorruptedException ex = assertThrows(
                JournalCorruptedException.class, () -> Journal.open(config.readOnly(readOnly)));
            assertEquals(segments.get(2), ex.segment());
            assertEquals(11, ex.sequence());
            assertTrue(ex.getMessage().contains("gap"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseDirectoryWithAGarbageFileNamingIt() throws Exception
    {
        final Path garbage = dir.resolve("notes.txt");
        Files.write(garbage, new byte[]{1, 2, 3});
        final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(config()));
        assertEquals(JournalException.Category.BAD_DIRECTORY, ex.category());
        assertTrue(ex.getMessage().contains(garbage.toString()), ex.getMessage());
    }

    @Test
    void shouldRefuseGarbageNamedLikeASegmentOfAnotherRollCycle() throws Exception
    {
        final Path garbage = dir.resolve("20260101-1200.cq4");
        Files.write(garbage, new byte[4096]);
        final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(config()));
        assertEquals(JournalException.Category.BAD_DIRECTORY, ex.category());
        assertTrue(ex.getMessage().contains(garbage.toString()), ex.getMessage());
    }

    private void assertDetectedAt(final long sequence, final String what)
    {
        assertDetectedAt(sequence, what, true);
    }

    /**
     * @param framingIntact false when the damage leaves the excerpt's extent in doubt: the reader's explicit seek past
     *                      it and verify's walk past it are then not expected to work.
     */
    private void assertDetectedAt(final long sequence, final String what, final boolean framingIntact)
    {
        try (Journal journal = Journal.open(config()))
        {
            assertEquals(RECORDS, journal.openReport().lastSequence());

            try (JournalReader reader = journal.reader())
            {
                final JournalRecord record = new JournalRecord();
                for (long s = 1; s < sequence; s++)
                {
                    assertTrue(reader.next(record));
                    assertEquals(s, record.sequence());
                }
                final JournalCorruptedException ex = assertThrows(
                    JournalCorruptedException.class, () -> reader.next(record));
                assertEquals(segment, ex.segment());
                assertEquals(sequence, ex.sequence());
                assertTrue(ex.getMessage().contains(what), ex.getMessage());
                assertTrue(ex.getMessage().contains(segment.toString()), ex.getMessage());
                // The reader stays on the damaged record: nothing is skipped silently.
                assertEquals(sequence, assertThrows(JournalCorruptedException.class, () -> reader.next(record))
                    .sequence());
                if (framingIntact)
                {
                    // Skipping it is an explicit seek.
                    assertTrue(reader.seek(sequence + 1));
                    assertTrue(reader.next(record));
                    assertEquals(sequence + 1, record.sequence());
                }
            }

            final VerifyReport report = journal.verify();
            assertFalse(report.ok());
            assertEquals(segment, report.faultSegment());
            assertEquals(sequence, report.faultSequence());
            assertTrue(report.faultMessage().contains(what), report.faultMessage());
            if (framingIntact)
            {
                // The walk goes on past the damaged record to the end.
                assertEquals(RECORDS, report.lastSequence());
                assertEquals(RECORDS - 1, report.records());
            }
        }
    }

    /**
     * Write records 1 to 30, each carrying its {@link SegmentBytes#marker}, ten to a segment in three minutely
     * segments.
     *
     * @return the journal's configuration, its clock in the minute after the third segment.
     */
    private static JournalConfig writeThreeMinutelySegments(final Path directory)
    {
        final TestClock clock = new TestClock();
        final JournalConfig config = new JournalConfig().directory(directory).rollCycle(JournalRollCycle.MINUTELY)
            .epochMillisClock(clock).minFreeSpaceBytes(0);
        try (Journal journal = Journal.open(config))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            for (long sequence = 1; sequence <= 30; sequence++)
            {
                final byte[] marker = SegmentBytes.marker(sequence);
                buffer.putBytes(0, marker);
                journal.appender().append(sequence, sequence, 1, buffer, 0, marker.length);
                if (sequence % 10 == 0)
                {
                    clock.advanceMinutes(1);
                }
            }
        }
        return config;
    }
}
