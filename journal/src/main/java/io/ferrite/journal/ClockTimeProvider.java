package io.ferrite.journal;

import net.openhft.chronicle.core.time.TimeProvider;

import java.util.function.LongSupplier;

/**
 * Lets Chronicle Queue take its roll-cycle decisions from the journal's injected epoch-millisecond clock, so that
 * tests can place segment boundaries exactly. Record timestamps never come from here.
 */
final class ClockTimeProvider implements TimeProvider
{
    private final LongSupplier epochMillisClock;

    ClockTimeProvider(final LongSupplier epochMillisClock)
    {
        this.epochMillisClock = epochMillisClock;
    }

    /**
     * Told every reading of the clock that decides cycles, before Chronicle sees it; on any thread.
     */
    interface CycleWatch
    {
        /**
         * @param epochMillis what the clock read.
         */
        void clockRead(long epochMillis);
    }

    /** Set once, by the journal's appender; null for a queue without one. */
    private volatile CycleWatch watch;

    /**
     * @param watch told of every reading that decides a cycle (see {@link JournalAppender}).
     */
    void watch(final CycleWatch watch)
    {
        this.watch = watch;
    }

    @Override
    public long currentTimeMillis()
    {
        final long now = epochMillisClock.getAsLong();
        final CycleWatch watch = this.watch;
        if (null != watch)
        {
            watch.clockRead(now);
        }
        return now;
    }

    @Override
    public long currentTimeMicros()
    {
        return epochMillisClock.getAsLong() * 1_000L;
    }

    @Override
    public long currentTimeNanos()
    {
        return epochMillisClock.getAsLong() * 1_000_000L;
    }
}
