package io.ferrite.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

import java.util.regex.Pattern;

/**
 * Which Chronicle Queue roll cycle backs each {@link JournalRollCycle}, and how its segment files are named.
 * <p>
 * The cycles are chosen for capacity, since a journal of an engine running at millions of events per second must not
 * hit Chronicle's per-cycle limit:
 * <ul>
 *     <li>{@code MINUTELY}: {@code LegacyRollCycles.MINUTELY}, at most 2<sup>26</sup> (67 million) records per
 *     minute, index entry every 16 records. Meant for tests.</li>
 *     <li>{@code HOURLY}: {@code LargeRollCycles.LARGE_HOURLY}, at most 2<sup>32</sup> records per hour, index entry
 *     every 64 records.</li>
 *     <li>{@code DAILY}: {@code LargeRollCycles.LARGE_DAILY}, at most 2<sup>37</sup> records per day, index entry
 *     every 128 records.</li>
 * </ul>
 * An indexed seek reads at most one index spacing of records forward, so seeks stay in the tens of microseconds.
 */
final class RollCycleMapping
{
    private static final Pattern MINUTELY_FILE = Pattern.compile("\\d{8}-\\d{4}\\.cq4");
    private static final Pattern HOURLY_FILE = Pattern.compile("\\d{8}-\\d{2}L\\.cq4");
    private static final Pattern DAILY_FILE = Pattern.compile("\\d{8}L\\.cq4");

    private RollCycleMapping()
    {
    }

    /**
     * @param rollCycle the journal's roll cycle.
     * @return the Chronicle roll cycle behind it.
     */
    static RollCycle chronicle(final JournalRollCycle rollCycle)
    {
        switch (rollCycle)
        {
            case MINUTELY:
                return LegacyRollCycles.MINUTELY;
            case HOURLY:
                return LargeRollCycles.LARGE_HOURLY;
            case DAILY:
                return LargeRollCycles.LARGE_DAILY;
            default:
                throw new IllegalArgumentException("unknown roll cycle " + rollCycle);
        }
    }

    /**
     * @param rollCycle the journal's roll cycle.
     * @param fileName  a file name in the journal directory.
     * @return true if the name is that of a segment file of this roll cycle.
     */
    static boolean isSegmentFileName(final JournalRollCycle rollCycle, final String fileName)
    {
        switch (rollCycle)
        {
            case MINUTELY:
                return MINUTELY_FILE.matcher(fileName).matches();
            case HOURLY:
                return HOURLY_FILE.matcher(fileName).matches();
            case DAILY:
                return DAILY_FILE.matcher(fileName).matches();
            default:
                return false;
        }
    }
}
