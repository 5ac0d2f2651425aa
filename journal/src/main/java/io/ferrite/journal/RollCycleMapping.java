package io.ferrite.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

    /** Per {@link JournalRollCycle}, by ordinal: Chronicle's file-name pattern, in UTC. */
    private static final DateTimeFormatter[] FORMATTERS = new DateTimeFormatter[JournalRollCycle.values().length];

    static
    {
        for (final JournalRollCycle rollCycle : JournalRollCycle.values())
        {
            FORMATTERS[rollCycle.ordinal()] =
                DateTimeFormatter.ofPattern(chronicle(rollCycle).format()).withZone(ZoneOffset.UTC);
        }
    }

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
     * @param rollCycle a Chronicle roll cycle.
     * @return the journal roll cycle it stands for, or null if none.
     */
    static JournalRollCycle journal(final RollCycle rollCycle)
    {
        for (final JournalRollCycle candidate : JournalRollCycle.values())
        {
            if (chronicle(candidate) == rollCycle)
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The cycle a segment file holds, from its name ({@code yyyyMMdd[-HH[mm]][L].cq4}, UTC, epoch 0), for the rare
     * repairs that must name a cycle before Chronicle may read the file.
     *
     * @param rollCycle the journal's roll cycle.
     * @param fileName  the name of one of its segment files.
     * @return the cycle number.
     */
    static int cycleOf(final JournalRollCycle rollCycle, final String fileName)
    {
        final int year = Integer.parseInt(fileName.substring(0, 4));
        final int month = Integer.parseInt(fileName.substring(4, 6));
        final int day = Integer.parseInt(fileName.substring(6, 8));
        final int hour = JournalRollCycle.DAILY == rollCycle ? 0 : Integer.parseInt(fileName.substring(9, 11));
        final int minute = JournalRollCycle.MINUTELY == rollCycle ? Integer.parseInt(fileName.substring(11, 13)) : 0;
        final long epochMillis = LocalDateTime.of(year, month, day, hour, minute)
            .toInstant(ZoneOffset.UTC).toEpochMilli();
        return (int)(epochMillis / chronicle(rollCycle).lengthInMillis());
    }

    /**
     * The name Chronicle gives the segment file of a cycle: its roll cycle's date pattern over the cycle's first
     * instant (UTC), with the segment suffix. With epoch 0 (as journals are built), the inverse of
     * {@link #cycleOf(JournalRollCycle, String)}.
     *
     * @param rollCycle   the journal's roll cycle.
     * @param cycle       a cycle number.
     * @param epochMillis the queue's epoch.
     * @return the file name of its segment.
     */
    static String fileName(final JournalRollCycle rollCycle, final int cycle, final long epochMillis)
    {
        final RollCycle chronicle = chronicle(rollCycle);
        final Instant start = Instant.ofEpochMilli(epochMillis + cycle * (long)chronicle.lengthInMillis());
        return FORMATTERS[rollCycle.ordinal()].format(start) + JournalDirectory.SEGMENT_SUFFIX;
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
