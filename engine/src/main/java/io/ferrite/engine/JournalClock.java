package io.ferrite.engine;

import java.util.function.LongSupplier;

/**
 * The clock an engine's journal reads to decide its roll cycle: the configured one
 * ({@link EngineBuilder#journalClock}), plus an offset that only the JIT warm-up's scratch engine moves (a whole roll
 * cycle at a time, so that its journal starts new segments while the JIT profiles it).
 * <p>
 * Every engine wraps its clock in this one class, so the journal's call to the clock sees the same classes in the
 * warm-up and in the real run: a warm-up clock of another class had the JIT inline it, and the real run's first
 * excerpt then failed that class check (a deoptimisation of the journaller's code, JFR {@code jdk.Deoptimization}).
 */
final class JournalClock implements LongSupplier
{
    private final LongSupplier clock;
    private final boolean movable;
    private volatile long offsetMillis;

    private JournalClock(final LongSupplier clock, final boolean movable)
    {
        this.clock = clock;
        this.movable = movable;
    }

    /**
     * @param clock the configured clock, epoch milliseconds.
     * @return it wrapped, or itself if it is already wrapped.
     */
    static JournalClock of(final LongSupplier clock)
    {
        return clock instanceof JournalClock ? (JournalClock)clock : new JournalClock(clock, false);
    }

    /**
     * @param clock the real engine's configured clock.
     * @return a new clock for the warm-up's scratch engine: the only kind {@link #advance(long)} moves, never shared
     * with the real engine.
     */
    static JournalClock scratch(final LongSupplier clock)
    {
        return new JournalClock(clock instanceof JournalClock ? ((JournalClock)clock).clock : clock, true);
    }

    @Override
    public long getAsLong()
    {
        return clock.getAsLong() + offsetMillis;
    }

    /**
     * Move a {@link #scratch} clock on; only the warm-up's thread calls this.
     *
     * @param millis how far.
     */
    void advance(final long millis)
    {
        if (!movable)
        {
            throw new IllegalStateException("only a warm-up's scratch journal clock moves");
        }
        offsetMillis += millis;
    }
}
