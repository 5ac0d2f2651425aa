package io.ferrite.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.PrecreatedFiles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer prepares every segment Chronicle is about to create (a pre-created file with its head reserved, see
 * {@link SegmentReservation#prepareSegment}), from the same clock reading Chronicle rolls on; JournalDiskFullTest
 * shows what that prevents on a full disk.
 */
class SegmentPreparationTest
{
    private static final int PAYLOAD = 16;

    @TempDir
    Path dir;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD]);

    @Test
    void shouldPrepareEachNewSegmentOnceAndLeaveOnlyTheSegments() throws IOException
    {
        final TestClock clock = new TestClock();
        final int firstCycle = (int)(TestClock.START_MILLIS / JournalRollCycle.MINUTELY.lengthMillis());
        try (Journal journal = open(clock))
        {
            final JournalAppender appender = journal.appender();
            appender.append(1, 1, 1, payload, 0, PAYLOAD);
            appender.append(2, 2, 1, payload, 0, PAYLOAD);
            assertEquals(1, appender.reservation().segmentsPrepared(), "one segment so far");
            clock.advanceMinutes(1);
            appender.append(3, 3, 1, payload, 0, PAYLOAD);
            // A writer idle over several cycles: the segment it then starts is prepared all the same.
            clock.advanceMinutes(3);
            appender.append(4, 4, 1, payload, 0, PAYLOAD);
            appender.append(5, 5, 1, payload, 0, PAYLOAD);
            assertEquals(3, appender.reservation().segmentsPrepared());
        }

        assertEquals(List.of(segmentName(firstCycle), segmentName(firstCycle + 1), segmentName(firstCycle + 4)),
            filesEndingWith(".cq4", ".precreated"));
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(5, journal.lastSequence());
            assertTrue(journal.verify().ok());
        }
    }

    @ParameterizedTest
    @EnumSource(JournalRollCycle.class)
    void shouldReserveEverythingChronicleWritesBeforeTheFirstExcerpt(final JournalRollCycle rollCycle)
    {
        final JournalConfig config = new JournalConfig().directory(dir).rollCycle(rollCycle)
            .epochMillisClock(new TestClock()).minFreeSpaceBytes(0);
        try (Journal journal = Journal.open(config))
        {
            journal.appender().append(1, 1, 1, payload, 0, PAYLOAD);
            assertEquals(1, journal.appender().reservation().segmentsPrepared());
        }
        final long firstExcerpt;
        try (SingleChronicleQueue queue = Journal.buildQueue(dir, rollCycle, config.maxPayloadLength(), config, true);
            ExcerptTailer tailer = queue.createTailer();
            DocumentContext dc = tailer.readingDocument())
        {
            assertTrue(dc.isPresent());
            firstExcerpt = dc.wire().bytes().readPosition();
        }
        // Chronicle's header, index of index arrays and first index array lie before it, all inside the head.
        assertTrue(firstExcerpt > 1024 && firstExcerpt < JournalAppender.SEGMENT_HEAD,
            rollCycle + ": first excerpt at " + firstExcerpt + ", head reserved " + JournalAppender.SEGMENT_HEAD);
    }

    @Test
    void shouldAcceptAndClearAPreparedSegmentThatADeadWriterLeft() throws IOException
    {
        final TestClock clock = new TestClock();
        try (Journal journal = open(clock))
        {
            journal.appender().append(1, 1, 1, payload, 0, PAYLOAD);
        }
        final String first = filesEndingWith(".cq4").get(0);
        final int cycle = RollCycleMapping.cycleOf(JournalRollCycle.MINUTELY, first);
        // As a writer that died between preparing the next segment and Chronicle creating it leaves it.
        final Path leftover = PrecreatedFiles.preCreatedFile(dir.resolve(segmentName(cycle + 1)).toFile()).toPath();
        Files.write(leftover, new byte[4096]);

        try (Journal journal = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(1, journal.lastSequence());
        }
        assertTrue(Files.exists(leftover), "a reader leaves the writer's files alone");

        try (Journal journal = open(clock))
        {
            assertFalse(Files.exists(leftover), "the next writer clears it");
            clock.advanceMinutes(1);
            journal.appender().append(2, 2, 1, payload, 0, PAYLOAD);
            assertEquals(1, journal.appender().reservation().segmentsPrepared(), "its own, for the new segment");
        }
        assertEquals(List.of(first, segmentName(cycle + 1)), filesEndingWith(".cq4", ".precreated"));
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(2, journal.lastSequence());
            assertTrue(journal.verify().ok());
        }
    }

    /**
     * A preparation that fails (here: something that is not a file sits where the pre-created file goes) fails the
     * append with the journal's error, thrown from inside Chronicle's writingDocument, which must release its write
     * lock and change nothing: once the obstacle is gone, the same appender starts the segment.
     */
    @Test
    void shouldFailTheAppendThatCannotPrepareItsSegmentAndAppendOnceItCan() throws IOException
    {
        final TestClock clock = new TestClock();
        final int firstCycle = (int)(TestClock.START_MILLIS / JournalRollCycle.MINUTELY.lengthMillis());
        final Path obstacle = PrecreatedFiles.preCreatedFile(dir.resolve(segmentName(firstCycle + 1)).toFile()).toPath();
        try (Journal journal = open(clock))
        {
            final JournalAppender appender = journal.appender();
            appender.append(1, 1, 1, payload, 0, PAYLOAD);
            Files.createDirectories(obstacle.resolve("inside"));
            clock.advanceMinutes(1);

            final JournalException refused =
                assertThrows(JournalException.class, () -> appender.append(2, 2, 1, payload, 0, PAYLOAD));
            assertEquals(JournalException.Category.IO, refused.category(), refused.getMessage());
            assertTrue(refused.getMessage().contains("append of sequence 2 refused") &&
                refused.getMessage().contains(obstacle.toString()), refused.getMessage());
            assertEquals(1, journal.lastSequence());

            Files.delete(obstacle.resolve("inside"));
            Files.delete(obstacle);
            appender.append(2, 2, 1, payload, 0, PAYLOAD);
            assertEquals(2, appender.reservation().segmentsPrepared());
        }
        assertEquals(List.of(segmentName(firstCycle), segmentName(firstCycle + 1)),
            filesEndingWith(".cq4", ".precreated"));
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(2, journal.lastSequence());
            assertTrue(journal.verify().ok());
        }
    }

    private Journal open(final TestClock clock)
    {
        return Journal.open(new JournalConfig().directory(dir).rollCycle(JournalRollCycle.MINUTELY)
            .epochMillisClock(clock).minFreeSpaceBytes(0));
    }

    private static String segmentName(final int cycle)
    {
        return RollCycleMapping.fileName(JournalRollCycle.MINUTELY, cycle, 0);
    }

    private List<String> filesEndingWith(final String... suffixes) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> Stream.of(suffixes).anyMatch(name::endsWith))
                .sorted()
                .collect(Collectors.toList());
        }
    }
}
