package io.ferrite.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotRoundTest
{
    private final UnsafeBuffer part = new UnsafeBuffer(new byte[8]);

    @Test
    void shouldCompleteOnlyWhenEveryProcessorHasFilledItsPart()
    {
        final SnapshotRound round = new SnapshotRound(3);
        assertTrue(round.isEmpty());
        round.fill(0, 100, part, 8, 1);
        round.fill(2, 100, part, 8, 3);
        assertFalse(round.isComplete());
        assertFalse(round.isEmpty());
        round.fill(1, 100, part, 4, 2);
        assertTrue(round.isComplete());
        assertEquals(4, round.length(1));
        assertEquals(3, round.digest(2));
        assertEquals(100, round.sequence(0));
    }

    @Test
    void shouldHoldAProcessorBackFromTheNextRoundUntilTheWriterReleasesThisOne()
    {
        final SnapshotRound round = new SnapshotRound(2);
        round.fill(0, 100, part, 8, 1);
        assertFalse(round.isFree(0), "its part is still needed: it must not overwrite it with the next round");
        assertTrue(round.isFree(1));
        round.fill(1, 100, part, 8, 1);
        round.release();
        assertTrue(round.isFree(0) && round.isFree(1));
        assertTrue(round.isEmpty());
    }

    @Test
    void shouldCompleteButFlagARoundAProcessorFailedToSerialise()
    {
        final SnapshotRound round = new SnapshotRound(2);
        round.fill(0, 100, part, 8, 1);
        assertFalse(round.anyFailed());
        round.fail(1, 100);
        assertTrue(round.isComplete(), "a failed part must not block the processors forever");
        assertTrue(round.anyFailed());
    }

    @Test
    void shouldWakeTheWriterWhenTheRoundCompletes()
    {
        final SnapshotRound round = new SnapshotRound(2);
        final Thread writer = new Thread(() ->
        {
            // Park until unparked (spurious wake-ups aside): the round's completion must be what ends the wait.
            while (!round.isComplete())
            {
                LockSupport.park();
            }
        }, "test-writer");
        round.writerThread(writer);
        writer.start();
        round.fill(0, 100, part, 8, 1);
        round.fail(1, 100);
        // Without the unpark the writer would park forever: this bound is a hang guard, not a timing assertion.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> writer.join());
        round.writerThread(null);
        round.release();
        round.fill(0, 200, part, 8, 1);
        round.fill(1, 200, part, 8, 1);
        assertTrue(round.isComplete(), "with no writer registered, filling still completes the round");
    }
}
