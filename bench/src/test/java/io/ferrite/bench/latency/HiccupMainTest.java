package io.ferrite.bench.latency;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HiccupMainTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldPutTheFloorWhereTheGapsHoldTheRestOfTheEvents()
    {
        // One 10 ms gap in a second: 1% of the events fall in it, waiting 0-10 ms.
        assertEquals(0, HiccupMain.floor(new long[] {10 * MS}, 1, SECOND, 0.99), "99% wait for nothing");
        assertEquals(9 * MS, HiccupMain.floor(new long[] {10 * MS}, 1, SECOND, 0.999),
            "the 0.1% due in the gap's first millisecond wait over 9 ms");
        // 4 ms and 2 ms: 0.5% of events wait longer than L when (4 - L) + (2 - L) = 5 ms, so L = 0.5 ms.
        assertEquals(MS / 2, HiccupMain.floor(new long[] {2 * MS, 4 * MS}, 2, SECOND, 0.995));
        // Only gaps beyond L count: with a third, short gap, L = 0.5 ms still.
        assertEquals(MS / 2, HiccupMain.floor(new long[] {MS / 4, 2 * MS, 4 * MS}, 3, SECOND, 0.995));
        // Many short gaps add up: 2,000 gaps of 20 us lose 4% of a second, so 1% of events wait over 15 us.
        final long[] gaps = new long[2_000];
        java.util.Arrays.fill(gaps, 20_000L);
        assertEquals(15_000L, HiccupMain.floor(gaps, gaps.length, SECOND, 0.99));
        assertEquals(0, HiccupMain.floor(new long[0], 0, SECOND, 0.99), "no gaps, no floor");
        // Whole nanoseconds stay whole though 1 - 0.9 is not exact in binary.
        assertEquals(0, HiccupMain.floor(new long[] {100 * MS}, 1, SECOND, 0.9));
        assertEquals(100 * MS, HiccupMain.floor(new long[] {200 * MS}, 1, SECOND, 0.9));
        final long[] unsorted = {4 * MS, MS / 4, 2 * MS};
        HiccupMain.floor(unsorted, unsorted.length, SECOND, 0.995);
        assertEquals("[4000000, 250000, 2000000]", java.util.Arrays.toString(unsorted),
            "left in the order the gaps came, which pairs them with their start times");
    }

    @Test
    void shouldPassEachEventThroughTheThreadsInTurn()
    {
        // Events due at 0, 10, 20, ... 90. The producer is stalled over [5, 25), the engine over [20, 50).
        final long[] latencies = HiccupMain.pipeline(new long[][] {{5}, {20}}, new long[][] {{20}, {30}},
            new int[] {1, 1}, 0, 100, 10);
        // Event 0 at once; 10 and 20 wait for the producer until 25, then for the engine until 50: 40 and 30;
        // 30 and 40 wait for the engine: 20 and 10; 50 to 90 at once.
        assertEquals("[0, 0, 0, 0, 0, 0, 10, 20, 30, 40]", java.util.Arrays.toString(latencies));

        // Several gaps a thread, in stores longer than what they hold (as HiccupMain's are): the producer stalled
        // over [5, 15), [40, 45) and [70, 73), the engine over [12, 20) and [44, 45).
        final long[] several = HiccupMain.pipeline(new long[][] {{5, 40, 70, 0, 0}, {12, 44, 0, 0}},
            new long[][] {{10, 5, 3, 0, 0}, {8, 1, 0, 0}}, new int[] {3, 2}, 0, 100, 10);
        // 10 waits for the producer until 15 and the engine until 20; 40 for the producer until 45, when the engine
        // runs again too; 70 for the producer until 73; every other event at once.
        assertEquals("[0, 0, 0, 0, 0, 0, 0, 3, 5, 10]", java.util.Arrays.toString(several));
    }

    @Test
    void shouldSortGapsIntoLengthClassesFromTwentyMicroseconds()
    {
        final long[] gaps = {19_999, 20_000, 29_999, 30_000, 45_000, 60_000, 99_999, 100_000, 999_999, 1_000_000,
            80_000_000, 0, 0};
        // The last two slots are unfilled store, not gaps.
        assertEquals("[2, 1, 1, 2, 2, 2]", java.util.Arrays.toString(HiccupMain.countByLength(gaps, 11)));
    }

    @Test
    void shouldFindThePeriodOfGapsThatRecur()
    {
        // A gap of 25 us every 4 ms (a 250 Hz tick, read a few microseconds either side), with short gaps between,
        // which do not count, and one long gap off the beat.
        final int ticks = 50;
        final long[] starts = new long[ticks * 2 + 1];
        final long[] gaps = new long[starts.length];
        int n = 0;
        for (int i = 0; i < ticks; i++)
        {
            starts[n] = i * 4 * MS + (i % 2 == 0 ? 3_000 : -3_000) + 10 * MS;
            gaps[n++] = 25_000;
            starts[n] = starts[n - 1] + MS;
            gaps[n++] = 5_000;
        }
        starts[n] = starts[n - 1] + 5 * MS;
        gaps[n++] = 2 * MS;
        final long[] spacing = HiccupMain.spacing(starts, gaps, n, 20_000);
        assertEquals(4 * MS, spacing[1], "most often 4.0 ms");
        assertTrue(Math.abs(spacing[0] - 4 * MS) <= 6_000, "median " + spacing[0]);

        assertEquals("[0, 0]", java.util.Arrays.toString(HiccupMain.spacing(new long[] {5}, new long[] {30_000}, 1,
            20_000)), "one gap has no spacing");
        assertEquals("[0, 0]", java.util.Arrays.toString(HiccupMain.spacing(new long[] {5, 9}, new long[] {300, 300},
            2, 20_000)), "nor have gaps too short to count");
    }

    @Test
    void shouldMeasureThisMachineAndWriteItsFloorAsJson() throws Exception
    {
        final Path json = dir.resolve("hiccup.json");
        HiccupMain.main(new String[] {"1", "1", "--json", json.toString()});

        final String text = Files.readString(json);
        assertTrue(text.matches("(?s)\\{\"threads\": 1, \"seconds\": 1, \"cores\": \\d+, \"floorP99Nanos\": \\d+, " +
            "\"floorP999Nanos\": \\d+, \"pipelineFloorP99Nanos\": \\d+, \"pipelineFloorP999Nanos\": \\d+, " +
            "\"gapStoreFull\": false, \"perThread\": \\[\\{\"maxGapNanos\": \\d+, .*\"gapsByLength\": " +
            "\\[\\d+(, \\d+){5}\\], \"medianSpacingNanos\": \\d+, \"commonestSpacingNanos\": \\d+\\}\\]\\}\\s*"), text);
    }
}
