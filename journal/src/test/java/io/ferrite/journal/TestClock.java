package io.ferrite.journal;

import java.util.function.LongSupplier;

/**
 * An epoch-millisecond clock a test moves by hand, to put segment boundaries exactly where it wants them.
 */
final class TestClock implements LongSupplier
{
    /** 2026-01-01T00:00:00Z, a minute boundary. */
    static final long START_MILLIS = 1_767_225_600_000L;

    private volatile long millis;

    TestClock()
    {
        this(START_MILLIS);
    }

    TestClock(final long millis)
    {
        this.millis = millis;
    }

    @Override
    public long getAsLong()
    {
        return millis;
    }

    void advanceMinutes(final int minutes)
    {
        millis += minutes * 60_000L;
    }
}
