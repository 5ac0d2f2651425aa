package io.ferrite.engine;

import io.ferrite.journal.JournalRollCycle;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JournalClockTest
{
    @Test
    void shouldReadTheConfiguredClockPlusWhatTheWarmupMovedItOn()
    {
        final AtomicLong configured = new AtomicLong(1_000);
        final JournalClock clock = JournalClock.scratch(configured::get);
        assertEquals(1_000, clock.getAsLong());
        clock.advance(JournalRollCycle.MINUTELY.lengthMillis());
        configured.set(2_000);
        assertEquals(62_000, clock.getAsLong());
        assertSame(clock, JournalClock.of(clock), "an engine built with a wrapped clock does not wrap it again");
    }

    @Test
    void shouldNeverMoveARealEnginesClock()
    {
        final JournalClock real = JournalClock.of(() -> 5_000L);
        assertThrows(IllegalStateException.class, () -> real.advance(60_000));
        assertEquals(5_000, real.getAsLong());
        // The warm-up's clock over it is another object: moving it leaves the real one alone.
        final JournalClock scratch = JournalClock.scratch(real);
        scratch.advance(60_000);
        assertEquals(65_000, scratch.getAsLong());
        assertEquals(5_000, real.getAsLong());
    }

    @Test
    void shouldKnowTheLengthOfEachRollCycle()
    {
        assertEquals(60_000L, JournalRollCycle.MINUTELY.lengthMillis());
        assertEquals(3_600_000L, JournalRollCycle.HOURLY.lengthMillis());
        assertEquals(86_400_000L, JournalRollCycle.DAILY.lengthMillis());
    }
}
