package io.ferrite.examples.fraud;

import io.ferrite.examples.testing.RecordingContext;
import io.ferrite.examples.testing.TestEvent;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the scorer on long generated streams: detection quality against the generator's labels, bounded memory,
 * snapshot and restore, allocation.
 */
class FraudRunTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long HOUR = 3600 * SECOND;

    /**
     * Precision and recall of "not approved" against the generator's labels, over transactions only. 5,000 cards at
     * 200 ms between events keep the defaults' rhythm (a card every 1,000 s on average) in a shorter run.
     */
    @Test
    void shouldDetectTheInjectedPatternsWithHighPrecisionAndRecall()
    {
        final FraudGenerator generator = new FraudGenerator(2024, 5_000, 1_000, 200_000_000L);
        final FraudScorer scorer = new FraudScorer(8_192, 4_096, 256, 6 * HOUR);
        final DecisionCodec.Decoder decision = new DecisionCodec.Decoder();
        final byte[] last = new byte[1];
        final RecordingContext ctx = RecordingContext.listening((type, buffer, offset, length) ->
            last[0] = type == FraudEventType.DECISION ? decision.wrap(buffer, offset).decision() : 0);
        final TestEvent event = new TestEvent(FraudWorkload.MAX_EVENT_LENGTH);

        final long[] injected = new long[FraudPattern.COUNT];
        final long[] detected = new long[FraudPattern.COUNT];
        final long[] decisions = new long[4];
        final int events = 300_000;
        for (long i = 1; i <= events; i++)
        {
            generator.generate(event.reset(i));
            last[0] = -1;
            ctx.deliver(scorer, event);
            if (event.type() != FraudEventType.TRANSACTION)
            {
                continue;
            }
            assertTrue(last[0] > 0, "every generated transaction gets a decision, event " + i);
            decisions[last[0]]++;
            final int pattern = generator.pattern(i);
            injected[pattern]++;
            detected[pattern] += last[0] != Decision.APPROVE ? 1 : 0;
        }

        long truePositives = 0;
        long positives = 0;
        final StringBuilder perPattern = new StringBuilder();
        for (int p = FraudPattern.VELOCITY_BURST; p < FraudPattern.COUNT; p++)
        {
            truePositives += detected[p];
            positives += injected[p];
            perPattern.append(String.format(Locale.ROOT, " %s %d/%d (%.3f)", FraudPattern.name(p), detected[p],
                injected[p], detected[p] / (double)injected[p]));
            assertTrue(injected[p] > 20, "the run injected " + FraudPattern.name(p));
        }
        final long falsePositives = detected[FraudPattern.NONE];
        final double precision = truePositives / (double)(truePositives + falsePositives);
        final double recall = truePositives / (double)positives;
        System.out.printf(Locale.ROOT, "fraud run of %d events: precision %.4f, recall %.4f (%d injected, %d false " +
            "positives among %d normal transactions); decisions approve %d review %d decline %d; recall by pattern:%s%n",
            events, precision, recall, positives, falsePositives, injected[FraudPattern.NONE],
            decisions[Decision.APPROVE], decisions[Decision.REVIEW], decisions[Decision.DECLINE], perPattern);

        assertTrue(precision >= 0.95, "precision " + precision);
        assertTrue(recall >= 0.85, "recall " + recall);
        assertEquals(injected[FraudPattern.AMOUNT_SPIKE], detected[FraudPattern.AMOUNT_SPIKE], "every spike");
        assertEquals(injected[FraudPattern.IMPOSSIBLE_TRAVEL], detected[FraudPattern.IMPOSSIBLE_TRAVEL], "every trip");
        assertEquals(injected[FraudPattern.BLOCKED_CARD], detected[FraudPattern.BLOCKED_CARD], "every blocked card");
        assertEquals(injected[FraudPattern.BLOCKED_MERCHANT], detected[FraudPattern.BLOCKED_MERCHANT],
            "every blocked merchant");
    }

    @Test
    void shouldKeepMemoryBoundedByAgingIdleCardsOverALongRun()
    {
        // 20,000 cards at 50 ms: each card every ~1,000 s, so a 2-minute idle timeout forgets most cards between uses.
        final FraudGenerator generator = new FraudGenerator(5, 20_000, 1_000, 50_000_000L);
        final int capacity = 4_096;
        final FraudScorer scorer = new FraudScorer(capacity, 2_048, 256, 120 * SECOND);
        final RecordingContext ctx = RecordingContext.discarding();
        final TestEvent event = new TestEvent(FraudWorkload.MAX_EVENT_LENGTH);
        int maxCards = 0;
        final int events = 200_000;
        for (long i = 1; i <= events; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(scorer, event);
            maxCards = Math.max(maxCards, scorer.cardCount());
        }

        System.out.printf(Locale.ROOT, "aging run of %d events: at most %d cards tracked (capacity %d), %d aged out, " +
            "%d evicted%n", events, maxCards, capacity, scorer.cardsExpired(), scorer.cardsEvicted());
        // About 20 transactions per second for 120 s: a few thousand cards at most, far below the 20,000 seen.
        assertTrue(maxCards < 3_000, "memory follows the idle timeout, not the number of cards: " + maxCards);
        assertEquals(0, scorer.cardsEvicted(), "aging alone kept the table below its capacity");
        assertTrue(scorer.cardsExpired() > 100_000, "cards aged out: " + scorer.cardsExpired());
    }

    @Test
    void shouldEmitTheSameOutputsAndDigestAfterRestoringASnapshot()
    {
        final FraudGenerator generator = new FraudGenerator(77, 5_000, 1_000, 200_000_000L);
        final FraudScorer original = new FraudScorer(8_192, 4_096, 256, 6 * HOUR);
        final RecordingContext originalCtx = RecordingContext.recording();
        final TestEvent event = new TestEvent(FraudWorkload.MAX_EVENT_LENGTH);
        for (long i = 1; i <= 40_000; i++)
        {
            generator.generate(event.reset(i));
            originalCtx.deliver(original, event);
        }
        originalCtx.drain();

        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1024);
        final int length = original.writeSnapshot(snapshot);
        final FraudScorer restored = new FraudScorer(8_192, 4_096, 256, 6 * HOUR);
        restored.loadSnapshot(snapshot, 0, length);
        assertEquals(original.stateDigest(), restored.stateDigest());
        assertTrue(restored.cardCount() > 4_000, "the snapshot holds real state: " + restored.cardCount());

        final RecordingContext restoredCtx = RecordingContext.recording();
        for (long i = 40_001; i <= 70_000; i++)
        {
            generator.generate(event.reset(i));
            originalCtx.deliver(original, event);
            restoredCtx.deliver(restored, event);
            final List<RecordingContext.Output> expected = originalCtx.drain();
            assertEquals(expected, restoredCtx.drain(), "outputs of event " + i);
        }
        assertEquals(original.stateDigest(), restored.stateDigest());

        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(1024);
        final ExpandableArrayBuffer reference = new ExpandableArrayBuffer(1024);
        final int againLength = restored.writeSnapshot(again);
        assertEquals(original.writeSnapshot(reference), againLength);
        for (int b = 0; b < againLength; b++)
        {
            assertEquals(reference.getByte(b), again.getByte(b), "snapshot byte " + b);
        }
    }

    @Test
    void shouldReachTheSameDigestWhenTheSameEventsAreProcessedAgain()
    {
        assertEquals(digestAfter(3), digestAfter(3));
        assertTrue(digestAfter(3) != digestAfter(4), "a different stream gives a different state");
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter not available");
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());

        final FraudGenerator generator = new FraudGenerator(6, 20_000, 1_000, 50_000_000L);
        final FraudScorer scorer = new FraudScorer(32_768, 4_096, 256, HOUR);
        final RecordingContext ctx = RecordingContext.discarding();
        final TestEvent event = new TestEvent(FraudWorkload.MAX_EVENT_LENGTH);
        final int events = 200_000;
        long i = 1;
        for (; i <= events; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(scorer, event);
        }

        final long threadId = Thread.currentThread().getId();
        final long before = bean.getThreadAllocatedBytes(threadId);
        for (; i <= 2L * events; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(scorer, event);
        }
        final long allocated = bean.getThreadAllocatedBytes(threadId) - before;

        assertTrue(allocated < events / 4,
            "generator + scorer allocated " + allocated + " bytes over " + events + " events");
        assertEquals(2L * events, ctx.emittedCount(), "one output per event");
    }

    private static long digestAfter(final long seed)
    {
        final FraudGenerator generator = new FraudGenerator(seed, 5_000, 1_000, 200_000_000L);
        final FraudScorer scorer = new FraudScorer(8_192, 4_096, 256, 6 * HOUR);
        final RecordingContext ctx = RecordingContext.discarding();
        final TestEvent event = new TestEvent(FraudWorkload.MAX_EVENT_LENGTH);
        for (long i = 1; i <= 30_000; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(scorer, event);
        }
        return scorer.stateDigest();
    }
}
