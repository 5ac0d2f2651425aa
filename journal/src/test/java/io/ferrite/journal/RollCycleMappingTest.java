package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollCycleMappingTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalRollCycle.class)
    void shouldNameAndParseSegmentFilesAsChronicleDoes(final JournalRollCycle rollCycle) throws IOException
    {
        // 2026-03-04T05:06:07.008Z: every field differs, so a misplaced substring shows.
        final long millis = 1_772_600_767_008L;
        final TestClock clock = new TestClock(millis);
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).rollCycle(rollCycle)
            .epochMillisClock(clock).minFreeSpaceBytes(0)))
        {
            journal.appender().append(1, 1, 1, new UnsafeBuffer(new byte[4]), 0, 4);
            assertEquals(1, journal.appender().reservation().segmentsPrepared());
        }
        // One file: the appender pre-creates the segment under the name it predicts (see
        // SegmentReservation.prepareSegment) for Chronicle to take over; a wrong prediction would leave a second one.
        final List<String> files;
        try (Stream<Path> list = Files.list(dir))
        {
            files = list.map(file -> file.getFileName().toString())
                .filter(file -> file.endsWith(".cq4") || file.endsWith(".precreated"))
                .collect(Collectors.toList());
        }
        assertEquals(1, files.size(), String.valueOf(files));
        final String name = files.get(0);
        assertTrue(RollCycleMapping.isSegmentFileName(rollCycle, name), name);
        final int expectedCycle = (int)(millis / RollCycleMapping.chronicle(rollCycle).lengthInMillis());
        assertEquals(expectedCycle, RollCycleMapping.cycleOf(rollCycle, name), name);
        assertEquals(name, RollCycleMapping.fileName(rollCycle, expectedCycle, 0));
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(1, journal.lastSequence());
        }
    }
}
