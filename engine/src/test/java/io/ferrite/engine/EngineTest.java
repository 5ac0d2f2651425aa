package io.ferrite.engine;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.MutableEvent;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EngineTest
{
    @TempDir
    Path dir;

    @Test
    void shouldProcessEveryEventOnceInSequenceOrderAfterJournaling()
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build()).build())
        {
            engine.start();
            publishUpTo(engine, 50_000);
            assertTrue(engine.stop(STOP));
            assertNull(p.error);
            assertEquals(50_000, p.count);
            assertEquals(referenceDigest(50_000), p.stateDigest());
        }
        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true)))
        {
            assertEquals(50_000, journal.lastSequence());
        }
    }

    @Test
    void shouldKeepEachProducersOrderAndLoseNothingWithSeveralProducers() throws Exception
    {
        final int producers = 3;
        final int perProducer = 20_000;
        final long[] lastSeen = new long[producers];
        final AtomicReference<String> error = new AtomicReference<>();
        final AtomicLong seen = new AtomicLong();
        final Processor checker = ctx ->
        {
            final int producer = ctx.buffer().getInt(ctx.payloadOffset());
            final long counter = ctx.buffer().getLong(ctx.payloadOffset() + 8);
            if (counter != lastSeen[producer] + 1)
            {
                error.compareAndSet(null, "producer " + producer + " counter " + counter + " after " + lastSeen[producer]);
            }
            lastSeen[producer] = counter;
            seen.lazySet(seen.get() + 1);
        };
        try (Engine engine = builder(dir, Pipeline.builder().stage("checker", checker).build())
            .producerType(ProducerType.MULTI).build())
        {
            engine.start();
            final Thread[] threads = new Thread[producers];
            for (int t = 0; t < producers; t++)
            {
                final int id = t;
                threads[t] = new Thread(() ->
                {
                    final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
                    for (long i = 1; i <= perProducer; i++)
                    {
                        payload.putInt(0, id);
                        payload.putLong(8, i);
                        engine.publish(1, payload, 0, 16);
                    }
                });
                threads[t].start();
            }
            for (final Thread t : threads)
            {
                t.join();
            }
            assertTrue(engine.stop(STOP));
            assertNull(error.get());
            assertEquals((long)producers * perProducer, seen.get());
            for (final long last : lastSeen)
            {
                assertEquals(perProducer, last);
            }
        }
        assertJournalDense(producers * perProducer);
    }

    @Test
    void shouldGiveEveryEventOnceToEachProcessorOfAParallelStage()
    {
        final SummingProcessor first = new SummingProcessor(false);
        final SummingProcessor left = new SummingProcessor(false);
        final SummingProcessor right = new SummingProcessor(false);
        final Pipeline diamond = Pipeline.builder()
            .stage("first", first)
            .stage(ProcessorSpec.of("left", left), ProcessorSpec.of("right", right))
            .build();
        try (Engine engine = builder(dir, diamond).build())
        {
            engine.start();
            publishUpTo(engine, 20_000);
            assertTrue(engine.stop(STOP));
        }
        final long expected = referenceDigest(20_000);
        for (final SummingProcessor p : List.of(first, left, right))
        {
            assertNull(p.error);
            assertEquals(20_000, p.count);
            assertEquals(expected, p.stateDigest());
        }
    }

    @ParameterizedTest
    @EnumSource(value = FlushPolicy.class, names = {"NONE", "BATCH"})
    void shouldNeverLetAProcessorSeeAnEventBeforeItIsJournaled(final FlushPolicy flush)
    {
        final AtomicReference<Engine> engineRef = new AtomicReference<>();
        final AtomicReference<String> violation = new AtomicReference<>();
        final AtomicLong processed = new AtomicLong();
        final Processor gate = ctx ->
        {
            final long journaled = engineRef.get().lastJournaledSequence();
            if (journaled < ctx.sequence())
            {
                violation.compareAndSet(null, "saw " + ctx.sequence() + " with journal at " + journaled);
            }
            processed.incrementAndGet(); // shared by two stage threads
        };
        try (Engine engine = builder(dir, Pipeline.builder().stage("gate", gate).stage("after", gate).build())
            .flushPolicy(flush).build())
        {
            engineRef.set(engine);
            engine.start();
            publishUpTo(engine, flush == FlushPolicy.BATCH ? 5_000 : 30_000);
            assertTrue(engine.stop(STOP));
        }
        assertNull(violation.get());
        assertEquals(flush == FlushPolicy.BATCH ? 10_000 : 60_000, processed.get());
    }

    @Test
    void shouldReturnFalseFromTryPublishWhenTheRingIsFullAndRecoverWhenItDrains() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong processed = new AtomicLong();
        final Processor blocked = ctx ->
        {
            awaitQuietly(release);
            processed.incrementAndGet();
        };
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        try (Engine engine = builder(dir, Pipeline.builder().stage("blocked", blocked).build()).ringSize(8).build())
        {
            engine.start();
            int accepted = 0;
            while (engine.tryPublish(1, payload, 0, 8))
            {
                accepted++;
                assertTrue(accepted <= 8, "ring of 8 accepted more than 8 events");
            }
            assertEquals(8, accepted);
            assertFalse(engine.tryPublish(1, payload, 0, 8));
            release.countDown();
            engine.publish(1, payload, 0, 8);
            assertTrue(engine.stop(STOP));
            assertEquals(9, processed.get());
        }
    }

    @Test
    void shouldFailABlockedProducerInsteadOfHangingWhenTheEngineStops() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final Processor blocked = ctx -> awaitQuietly(release);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        try (Engine engine = builder(dir, Pipeline.builder().stage("blocked", blocked).build()).ringSize(4).build())
        {
            engine.start();
            final AtomicReference<Throwable> producerOutcome = new AtomicReference<>();
            final CountDownLatch producerDone = new CountDownLatch(1);
            final Thread producer = new Thread(() ->
            {
                try
                {
                    for (int i = 0; i < 100; i++)
                    {
                        engine.publish(1, payload, 0, 8);
                    }
                }
                catch (final Throwable ex)
                {
                    producerOutcome.set(ex);
                }
                producerDone.countDown();
            });
            producer.start();
            while (engine.lastPublishedSequence() < 4)
            {
                Thread.onSpinWait();
            }
            final Thread releaser = new Thread(() ->
            {
                try
                {
                    producerDone.await(10, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ignore)
                {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            });
            releaser.start();
            engine.stop(STOP);
            assertTrue(producerDone.await(10, TimeUnit.SECONDS), "producer still blocked after stop");
            assertTrue(producerOutcome.get() instanceof IllegalStateException, String.valueOf(producerOutcome.get()));
            assertThrows(IllegalStateException.class, () -> engine.publish(1, payload, 0, 8));
        }
    }

    @Test
    void shouldHaltAtTheFailingSequenceAndRefuseInputUnderHaltPolicy()
    {
        final AtomicLong lastHandled = new AtomicLong();
        final AtomicReference<String> reported = new AtomicReference<>();
        final Processor failing = ctx ->
        {
            if (ctx.sequence() == 50)
            {
                throw new IllegalStateException("boom");
            }
            lastHandled.set(ctx.sequence());
        };
        try (Engine engine = builder(dir, Pipeline.builder().stage("failing", failing).build())
            .errorHandler((ex, seq, who) -> reported.set(who + "@" + seq + ":" + ex.getMessage()))
            .build())
        {
            engine.start();
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            assertThrows(IllegalStateException.class, () ->
            {
                for (int i = 0; i < 1_000_000; i++)
                {
                    engine.publish(1, payload, 0, 8);
                }
            });
            engine.stop(STOP);
            assertEquals("failing@50:boom", reported.get());
            assertEquals(49, lastHandled.get());
            assertTrue(engine.fault().contains("sequence 50"), engine.fault());
        }
    }

    @Test
    void shouldReportAndContinueUnderSkipPolicy()
    {
        final AtomicLong handled = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Processor failing = ctx ->
        {
            if (ctx.sequence() % 100 == 0)
            {
                throw new IllegalStateException("bad event " + ctx.sequence());
            }
            handled.incrementAndGet();
        };
        try (Engine engine = builder(dir, Pipeline.builder().stage("failing", failing).build())
            .exceptionPolicy(ExceptionPolicy.SKIP)
            .errorHandler((ex, seq, who) -> errors.incrementAndGet())
            .build())
        {
            engine.start();
            publishUpTo(engine, 1_000);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(10, errors.get());
        assertEquals(990, handled.get());
    }

    @Test
    void shouldDrainEverythingToTheSinksOnGracefulStop()
    {
        final RecordingSink sink = new RecordingSink(10_000, 0);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build())
            .sink("recorder", sink).outputRingSize(64).build())
        {
            engine.start();
            publishUpTo(engine, 10_000);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(10_000, sink.count.get());
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals(i + 1, sink.inputSequences[i]);
            assertFalse(sink.replays[i]);
        }
    }

    @Test
    void shouldRejectOversizedPayloadBeforeClaimingASlot()
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
            .maxEventLength(64).build())
        {
            engine.start();
            final UnsafeBuffer big = new UnsafeBuffer(new byte[65]);
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> engine.tryPublish(1, big, 0, 65));
            assertTrue(ex.getMessage().contains("65"), ex.getMessage());
            assertEquals(0, engine.lastPublishedSequence());
            assertThrows(IllegalArgumentException.class, () -> engine.publish(-5, big, 0, 8));
            assertEquals(0, engine.lastPublishedSequence());
        }
    }

    @Test
    void shouldRejectPublishAfterStop()
    {
        final Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build()).build();
        engine.start();
        engine.stop(STOP);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> engine.publish(1, payload, 0, 8));
        assertTrue(ex.getMessage().contains("STOPPED"), ex.getMessage());
        engine.close();
        engine.close();
    }

    @Test
    void shouldJournalAnAbortedClaimAsNoopWithoutShowingItToProcessors()
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build()).build())
        {
            engine.start();
            final EventClaim claim = new EventClaim();
            engine.claim(claim);
            assertEquals(1, claim.sequence());
            claim.abort();
            publishUpTo(engine, 3);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(2, p.count);
        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            assertTrue(reader.next(record));
            assertEquals(EventTypes.NOOP, record.type());
            assertEquals(1, record.sequence());
        }
    }

    @Test
    void shouldPublishBatchesWithDenseSequences()
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build()).build())
        {
            engine.start();
            final EventBatchClaim batch = new EventBatchClaim();
            for (int b = 0; b < 100; b++)
            {
                engine.claimBatch(10, batch);
                for (int i = 0; i < batch.size(); i++)
                {
                    final MutableEvent e = batch.event(i);
                    e.type(1);
                    e.buffer().putLong(0, EngineTestSupport.valueOf(e.sequence()));
                    e.length(8);
                }
                batch.commit();
            }
            assertTrue(engine.stop(STOP));
        }
        assertNull(p.error);
        assertEquals(referenceDigest(1_000), p.stateDigest());
    }

    @Test
    void shouldWarnAndRunUnpinnedWhenTheRequestedCpuDoesNotExist()
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage(new ProcessorSpec("sum", p, 999)).build())
            .threadingMode(ThreadingMode.DEDICATED).build())
        {
            engine.start();
            publishUpTo(engine, 100);
            assertTrue(engine.stop(STOP));
            final List<String> outcomes = engine.pinningOutcomes();
            assertEquals(1, outcomes.size());
            assertTrue(outcomes.get(0).contains("sum: unpinned") && outcomes.get(0).contains("999"), outcomes.get(0));
        }
        assertEquals(100, p.count);
    }

    @Test
    void shouldFireTimersThroughTheJournalAtEventTimeDeadlines()
    {
        final AtomicLong firedAt = new AtomicLong();
        final AtomicLong fires = new AtomicLong();
        final Processor timed = new Processor()
        {
            public void onEvent(final EventContext ctx)
            {
                if (ctx.sequence() == 1)
                {
                    ctx.scheduleTimer(42, ctx.timestamp() + 5_500);
                }
            }

            public void onTimer(final long timerId, final long deadline, final EventContext ctx)
            {
                fires.incrementAndGet();
                firedAt.set(ctx.sequence());
                assertEquals(42, timerId);
                assertTrue(ctx.timestamp() >= deadline);
            }
        };
        try (Engine engine = builder(dir, Pipeline.builder().stage("timed", timed).build())
            .producerType(ProducerType.MULTI).build())
        {
            engine.start();
            // Event time advances 1000 ns per event; keep publishing until the timer has fired (it is published
            // by the processor thread, asynchronously, once an event at or past the deadline is processed).
            long last = 0;
            while (fires.get() == 0 && last < 100_000)
            {
                last += 10;
                publishUpTo(engine, last);
                Thread.yield();
            }
            assertTrue(engine.stop(STOP));
        }
        assertEquals(1, fires.get());
        assertTrue(firedAt.get() > 7, "timer fired at " + firedAt.get() + ", before its deadline could pass");
        int timerRecords = 0;
        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            while (reader.next(record))
            {
                if (record.type() == EventTypes.TIMER)
                {
                    timerRecords++;
                    assertEquals(firedAt.get(), record.sequence());
                }
            }
        }
        assertEquals(1, timerRecords);
    }

    @Test
    void shouldRefuseTimersWithASingleProducerWithAClearMessage()
    {
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Processor timed = ctx -> ctx.scheduleTimer(1, 10);
        try (Engine engine = builder(dir, Pipeline.builder().stage("timed", timed).build())
            .errorHandler((ex, seq, who) -> error.set(ex)).build())
        {
            engine.start();
            publishUpTo(engine, 1);
            engine.stop(STOP);
        }
        assertTrue(error.get() instanceof IllegalStateException);
        assertTrue(error.get().getMessage().contains("producerType MULTI"), error.get().getMessage());
    }

    @Test
    void shouldExposeCountersAndLatency()
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build())
            .sink("s", new RecordingSink(1_000, 0)).latencySampleEvery(1).build())
        {
            engine.start();
            publishUpTo(engine, 1_000);
            assertTrue(engine.stop(STOP));
            final EngineCounters counters = engine.counters();
            assertEquals(1_000, counters.lastPublishedSequence());
            assertEquals(1_000, counters.lastJournaledSequence());
            assertEquals(1_000L, counters.processedSequence().get("sum"));
            assertEquals(1_000L, counters.emitted().get("sum"));
            assertEquals(1_000, counters.outputsPublished());
            assertEquals(1_000L, counters.sinkOutputsConsumed().get("sink:s"));
            assertEquals(0, counters.lag());
            assertEquals(1_000, engine.latencyHistogram().getTotalCount());
        }
    }

    @Test
    void shouldRunWithoutAJournalWhenAskedAndSayNothingIsDurable()
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build()).journaling(false).build())
        {
            final RecoveryReport report = engine.start();
            assertTrue(report.notes().get(0).contains("journaling is off"));
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("ferrite-journaller")), "a journaller thread runs without a journal");
            publishUpTo(engine, 10_000);
            assertTrue(engine.stop(STOP));
            assertThrows(IllegalStateException.class, engine::requestSnapshot);
        }
        assertEquals(EngineTestSupport.referenceDigest(10_000), p.stateDigest());
        assertFalse(Files.exists(dir.resolve("journal")));
        assertMessage("snapshotEvery needs journaling", () -> builder(dir, Pipeline.builder()
            .stage("sum", new SummingProcessor(false)).build()).journaling(false).snapshotEvery(10).build());
    }

    @ParameterizedTest
    @EnumSource(WaitStrategyType.class)
    void shouldLeaveSegmentPreparationToTheWriterOnlyWhenBusySpinning(final WaitStrategyType wait)
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build())
            .waitStrategy(wait)
            .threadingMode(ThreadingMode.SHARED)
            .build())
        {
            engine.start();
            final boolean pretouching = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("ferrite-journal-prealloc"));
            assertEquals(WaitStrategyType.BUSY_SPIN != wait, pretouching,
                "a pre-touch thread beside a " + wait + " engine");
            publishUpTo(engine, 10_000);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(EngineTestSupport.referenceDigest(10_000), p.stateDigest());
    }

    @Test
    void shouldTimeOnlyTheSampledEvents()
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
            .latencySampleEvery(16).build())
        {
            engine.start();
            publishUpTo(engine, 1_600);
            assertTrue(engine.stop(STOP));
            assertEquals(100, engine.latencyHistogram().getTotalCount());
        }
    }

    @Test
    void shouldRejectBadSettingsNamingThem()
    {
        final Pipeline pipeline = Pipeline.builder().stage("sum", new SummingProcessor(false)).build();
        assertMessage("ringSize", () -> builder(dir, pipeline).ringSize(1000).build());
        assertMessage("maxEventLength", () -> builder(dir, pipeline).maxEventLength(8).build());
        assertMessage("dataDirectory", () -> Engine.builder().pipeline(pipeline).build());
        assertMessage("pipeline", () -> Engine.builder().dataDirectory(dir).build());
        assertMessage("no thread named 'nope'", () -> builder(dir, pipeline).pin("nope", 0).build());
        assertMessage("snapshotsToKeep", () -> builder(dir, pipeline).snapshotsToKeep(0).build());
        assertMessage("latencySampleEvery", () -> builder(dir, pipeline).latencySampleEvery(3).build());
        assertMessage("duplicate processor name: a", () -> Pipeline.builder()
            .stage("a", new SummingProcessor(false)).stage("a", new SummingProcessor(false)));
    }

    @Test
    void shouldFailStartWithAClearErrorWhenTheDataDirectoryIsAFile() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("plain-file"), "x");
        final Engine engine = builder(file, Pipeline.builder().stage("sum", new SummingProcessor(false)).build()).build();
        final RuntimeException ex = assertThrows(RuntimeException.class, engine::start);
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        engine.close();
    }

    private void assertJournalDense(final long expectedLast)
    {
        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            long expected = 1;
            while (reader.next(record))
            {
                assertEquals(expected++, record.sequence());
            }
            assertEquals(expectedLast + 1, expected);
        }
    }

    private static void assertMessage(final String fragment, final Runnable action)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(ex.getMessage().contains(fragment), "message '" + ex.getMessage() + "' lacks '" + fragment + "'");
    }

    private static void awaitQuietly(final CountDownLatch latch)
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

    @Test
    void shouldRunTheJournalLockedActionOnlyWhileHoldingTheJournalsWriterLock()
    {
        final AtomicReference<String> ran = new AtomicReference<>();
        try (Engine live = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build()).build())
        {
            live.start();
            try (Engine refused = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
                .onJournalLocked(() -> ran.set("refused engine"))
                .build())
            {
                assertThrows(RuntimeException.class, refused::start);
            }
            assertNull(ran.get(), "an engine refused as locked does not run it");
            assertTrue(live.stop(STOP));
        }

        final RuntimeException veto = new IllegalArgumentException("not this directory");
        try (Engine vetoed = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
            .onJournalLocked(() ->
            {
                // The lock is held: nobody else may open the journal for writing now.
                final RuntimeException locked = assertThrows(RuntimeException.class,
                    () -> Journal.open(new JournalConfig().directory(dir.resolve("journal"))));
                ran.set(locked.getMessage());
                throw veto;
            })
            .build())
        {
            assertEquals(veto, assertThrows(RuntimeException.class, vetoed::start));
        }
        assertTrue(ran.get().contains("already open for writing"), ran.get());

        try (Engine next = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build()).build())
        {
            next.start();
            assertTrue(next.stop(STOP), "the vetoed engine released the journal");
        }
    }
}
