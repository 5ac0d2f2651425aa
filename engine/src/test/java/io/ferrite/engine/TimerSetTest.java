package io.ferrite.engine;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerSetTest
{
    @Test
    void shouldOrderDueTimersByDeadlineThenId()
    {
        final TimerSet timers = new TimerSet();
        timers.schedule(7, 300);
        timers.schedule(3, 100);
        timers.schedule(5, 100);
        assertEquals(100, timers.earliestDeadline());
        final int first = timers.nextUnpublishedDue(200, 0);
        assertEquals(3, timers.idAt(first));
        final int second = timers.nextUnpublishedDue(200, first + 1);
        assertEquals(5, timers.idAt(second));
        assertEquals(-1, timers.nextUnpublishedDue(200, second + 1), "deadline 300 is not due at 200");
    }

    @Test
    void shouldReplaceADeadlineWhenTheSameIdIsScheduledAgain()
    {
        final TimerSet timers = new TimerSet();
        timers.schedule(1, 100);
        timers.schedule(1, 500);
        assertEquals(500, timers.earliestDeadline());
        assertFalse(timers.fire(1, 100), "the journaled event of the replaced deadline must not fire");
        assertTrue(timers.fire(1, 500));
        assertEquals(Long.MAX_VALUE, timers.earliestDeadline());
    }

    @Test
    void shouldNotFireACancelledTimer()
    {
        final TimerSet timers = new TimerSet();
        timers.schedule(9, 100);
        assertTrue(timers.cancel(9));
        assertFalse(timers.cancel(9));
        assertFalse(timers.fire(9, 100));
    }

    @Test
    void shouldSkipPublishedTimersUntilTheyFire()
    {
        final TimerSet timers = new TimerSet();
        timers.schedule(1, 100);
        timers.markPublished(timers.nextUnpublishedDue(100, 0));
        assertEquals(-1, timers.nextUnpublishedDue(1_000, 0), "a published timer waits for its journaled event");
        timers.clearPublished();
        assertEquals(0, timers.nextUnpublishedDue(1_000, 0));
    }

    @Test
    void shouldRoundTripThroughASnapshotToTheSameDigest()
    {
        final TimerSet timers = new TimerSet();
        for (int i = 0; i < 40; i++)
        {
            timers.schedule(i, 1_000 - i * 7L);
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = timers.writeSnapshot(buffer, 16);
        final TimerSet restored = new TimerSet();
        assertEquals(length, restored.loadSnapshot(buffer, 16));
        assertEquals(timers.digest(3), restored.digest(3));
        assertEquals(timers.earliestDeadline(), restored.earliestDeadline());
        restored.cancel(0);
        assertNotEquals(timers.digest(3), restored.digest(3), "the digest covers every pending timer");
    }
}
