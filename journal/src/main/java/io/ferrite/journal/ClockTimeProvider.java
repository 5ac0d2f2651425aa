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

    @Override
    public long currentTimeMillis()
    {
        return epochMillisClock.getAsLong();
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
