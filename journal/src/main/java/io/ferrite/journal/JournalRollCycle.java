package io.ferrite.journal;

/**
 * How often the journal starts a new segment file. Each maps onto a Chronicle Queue roll cycle.
 * Retention deletes whole segments, so a shorter cycle gives finer-grained retention at the cost of more files.
 */
public enum JournalRollCycle
{
    /** A new segment every minute. Mostly for tests. */
    MINUTELY,
    /** A new segment every hour. */
    HOURLY,
    /** A new segment every day (the default). */
    DAILY;

    /**
     * @return how long one cycle lasts, in milliseconds (the Chronicle roll cycle's length).
     */
    public long lengthMillis()
    {
        return RollCycleMapping.chronicle(this).lengthInMillis();
    }
}
