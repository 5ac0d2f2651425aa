package io.ferrite.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
