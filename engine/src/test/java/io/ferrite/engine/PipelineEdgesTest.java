package io.ferrite.engine;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.StatefulProcessor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static io.ferrite.engine.EngineTestSupport.referenceDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behaviours at the edges of the pipeline: snapshot rounds across stages, HALT across stages, and where recovery
 * must start so that tracking sinks lose nothing.
 */
@Timeout(60)
class PipelineEdgesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCompleteSnapshotRoundsWhenOneBatchHoldsSeveralMarkersAcrossStages() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final SummingProcessor first = new SummingProcessor(false);
        final Processor gatedFirst = new DelegatingProcessor(first)
        {
            public void onEvent(final EventContext ctx)
            {
                if (ctx.sequence() == 1)
                {
                    await(release);
                }
                super.onEvent(ctx);
            }
        };
        final SummingProcessor second = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("first", gatedFirst).stage("second", second).build())
            .snapshotEvery(10).build())
        {
            engine.start();
            publishUpTo(engine, 100);
            while (engine.counters().lastJournaledSequence() < 100)
            {
                Thread.yield();
            }
            release.countDown();
            assertTrue(engine.stop(STOP), "pipeline did not drain: snapshot rounds deadlocked");
            assertEquals(10, engine.counters().snapshotsWritten());
        }
        assertEquals(referenceDigest(100), second.stateDigest());
        assertEquals(100, SnapshotStore.open(dir).list().get(0).sequence());
    }

    @Test
    void shouldNeverLetALaterStageHandleTheHaltingSequenceOrBeyond()
    {
        final AtomicLong downstreamMax = new AtomicLong();
        final Processor failing = ctx ->
        {
            if (ctx.sequence() == 5)
            {
                throw new IllegalStateException("halt here");
            }
        };
        final Processor downstream = ctx -> downstreamMax.set(ctx.sequence());
        try (Engine engine = builder(dir, Pipeline.builder().stage("failing", failing).stage("down", downstream).build())
            .errorHandler((ex, seq, who) -> { }).build())
        {
            engine.start();
            final EventClaim claim = new EventClaim();
            for (int i = 0; i < 200 && engine.isRunning(); i++)
            {
                try
                {
                    engine.claim(claim);
                    claim.type(1);
                    claim.length(0);
                    claim.commit();
                }
                catch (final IllegalStateException ex)
                {
                    break;
                }
            }
            engine.stop(STOP);
            assertTrue(engine.isFaulted());
        }
        assertEquals(4, downstreamMax.get());
    }

    @Test
    void shouldReplayFromBeforeATrackingSinksLastDeliveryEvenPastANewerSnapshot()
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build())
            .snapshotEvery(50).sink("out", new RecordingSink(200, 0)).build())
        {
            engine.start();
            publishUpTo(engine, 100);
            assertTrue(engine.stop(STOP));
        }
        final RecordingSink lagging = new RecordingSink(200, 20);
        final SummingProcessor p = new SummingProcessor(true);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build())
            .snapshotEvery(50).sink("out", lagging).build())
        {
            final RecoveryReport report = engine.start();
            assertEquals(0, report.snapshotSequence(), "snapshot 100 is newer than what the sink has");
            assertEquals(100, report.eventsReplayed());
            assertTrue(engine.stop(STOP));
        }
        assertEquals(80, lagging.count.get());
        assertEquals(21, lagging.inputSequences[0]);
        assertEquals(100, lagging.inputSequences[79]);
        assertEquals(referenceDigest(100), p.stateDigest());
    }

    @Test
    void shouldGiveAnUntrackedSinkLiveOutputsOnly()
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build()).build())
        {
            engine.start();
            publishUpTo(engine, 50);
            assertTrue(engine.stop(STOP));
        }
        final AtomicLong replayed = new AtomicLong();
        final AtomicLong live = new AtomicLong();
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build())
            .sink("untracked", (output, endOfBatch) -> (output.isReplay() ? replayed : live).incrementAndGet())
            .build())
        {
            assertEquals(50, engine.start().eventsReplayed());
            publishUpTo(engine, 60);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(0, replayed.get());
        assertEquals(10, live.get());
    }

    @Test
    void shouldRefuseToStartWhenASinkIsAheadOfTheJournal()
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build()).build())
        {
            engine.start();
            publishUpTo(engine, 10);
            assertTrue(engine.stop(STOP));
        }
        final Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build())
            .sink("ahead", new RecordingSink(10, 25)).build();
        final FerriteException ex = assertThrows(FerriteException.class, engine::start);
        assertTrue(ex.getMessage().contains("sink:ahead") && ex.getMessage().contains("25") &&
            ex.getMessage().contains("ends at 10"), ex.getMessage());
        engine.close();
    }

    @Test
    void shouldSkipASnapshotWhoseProcessorCannotWriteItAndKeepRunning()
    {
        final AtomicReference<String> reported = new AtomicReference<>();
        final SummingProcessor inner = new SummingProcessor(false);
        final Processor unsnapshottable = new DelegatingProcessor(inner)
        {
            public int writeSnapshot(final MutableDirectBuffer buffer)
            {
                throw new UnsupportedOperationException("cannot snapshot");
            }
        };
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", unsnapshottable).build()).snapshotEvery(100)
            .errorHandler((ex, seq, who) -> reported.set(who + "@" + seq)).build())
        {
            engine.start();
            publishUpTo(engine, 250);
            assertTrue(engine.stop(STOP));
            assertFalse(engine.isFaulted());
            assertEquals(0, engine.counters().snapshotsWritten());
        }
        assertEquals("sum@200", reported.get());
        assertTrue(SnapshotStore.open(dir).list().isEmpty());
        assertEquals(referenceDigest(250), inner.stateDigest());
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Forwards everything to a SummingProcessor; tests override one method. */
    private static class DelegatingProcessor implements StatefulProcessor
    {
        private final SummingProcessor inner;

        DelegatingProcessor(final SummingProcessor inner)
        {
            this.inner = inner;
        }

        public void onEvent(final EventContext ctx)
        {
            inner.onEvent(ctx);
        }

        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            return inner.writeSnapshot(buffer);
        }

        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            inner.loadSnapshot(buffer, offset, length);
        }

        public long stateDigest()
        {
            return inner.stateDigest();
        }
    }
}
