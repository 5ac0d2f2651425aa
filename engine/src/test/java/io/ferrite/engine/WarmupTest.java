package io.ferrite.engine;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The warm-up runs the workload through a scratch engine before the real one starts, and leaves nothing behind:
 * the real processors, journal and digest see only the real events.
 */
class WarmupTest
{
    private static final long WARMUP_EVENTS = 5_000;

    @TempDir
    Path dir;

    @Test
    void shouldDriveTheWarmupThroughAScratchPipelineAndLeaveNoTrace()
    {
        final CountingWorkload workload = new CountingWorkload();
        final SummingProcessor real = new SummingProcessor(false);
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", real).build())
            .warmup(workload, WARMUP_EVENTS)
            .build())
        {
            engine.start();
            assertEquals(2, workload.pipelines.size(), "two scratch pipelines for the warm-up");
            assertEquals(WARMUP_EVENTS, workload.pipelines.get(0).count, "every warm-up event was processed");
            // The second scratch engine starts empty, as the real one does, and takes the one-at-a-time events only:
            // its processor saw sequences 1.. again (SummingProcessor fails on a gap or a repeat).
            assertEquals(WARMUP_EVENTS / 10, workload.pipelines.get(1).count, "the fresh engine's events");
            assertFalse(Files.exists(dir.resolve(Warmup.SCRATCH_DIRECTORY)), "the scratch directory is deleted");
            assertEquals(0, engine.lastPublishedSequence(), "the real journal holds no warm-up event");

            EngineTestSupport.publishUpTo(engine, 1_000);
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(1_000, real.count);
            assertEquals(EngineTestSupport.referenceDigest(1_000), real.stateDigest());
        }
    }

    @Test
    void shouldEndACancelledWarmupDeletingItsScratchDirectoryAndStartNothing()
    {
        final CountingWorkload workload = new CountingWorkload();
        final AtomicLong asked = new AtomicLong();
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false))
            .build())
            .warmup(workload, WARMUP_EVENTS)
            .warmupCancelled(() -> asked.incrementAndGet() > 1_000)
            .build())
        {
            final FerriteException ex = assertThrows(FerriteException.class, engine::start);
            assertTrue(ex.getMessage().contains("cancelled during the warm-up"), ex.getMessage());
            assertEquals(1, workload.pipelines.size(), "no second scratch engine after a cancel");
            assertTrue(workload.pipelines.get(0).count < WARMUP_EVENTS, "the warm-up stopped early");
            assertFalse(Files.exists(dir.resolve(Warmup.SCRATCH_DIRECTORY)), "the scratch directory is deleted");
            assertFalse(Files.exists(dir.resolve("journal")), "the real journal was not opened");
        }
    }

    @Test
    void shouldDeliverTheWarmupOutputsToSinksFromTheGivenFactoryOnly()
    {
        final List<long[]> warmupSinks = new ArrayList<>();
        final long[] realOutputs = new long[1];
        final SummingProcessor real = new SummingProcessor(true);
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", real).build())
            .sink("real", (output, endOfBatch) -> realOutputs[0]++)
            .warmup(new CountingWorkload(), WARMUP_EVENTS)
            .warmupSink(() ->
            {
                final long[] outputs = new long[1];
                warmupSinks.add(outputs);
                return (output, endOfBatch) -> outputs[0]++;
            })
            .build())
        {
            engine.start();
            assertEquals(2, warmupSinks.size(), "one warm-up sink per scratch engine");
            assertEquals(WARMUP_EVENTS, warmupSinks.get(0)[0], "the first scratch engine's outputs");
            assertEquals(WARMUP_EVENTS / 10, warmupSinks.get(1)[0], "the fresh scratch engine's outputs");
            assertEquals(0, realOutputs[0], "the real sink saw no warm-up output");

            EngineTestSupport.publishUpTo(engine, 100);
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(100, realOutputs[0], "the real sink sees the real outputs");
            assertEquals(WARMUP_EVENTS / 10, warmupSinks.get(1)[0], "and the warm-up sinks none of them");
        }
    }

    @Test
    void shouldNotStartASecondScratchEngineForAWarmupWithNoOneAtATimeEvents()
    {
        final CountingWorkload workload = new CountingWorkload();
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false))
            .build())
            .warmup(workload, 9)
            .build())
        {
            engine.start();
            assertEquals(1, workload.pipelines.size(), "9 events: none one at a time, so no fresh engine");
            assertEquals(9, workload.pipelines.get(0).count);
            assertTrue(engine.stop(EngineTestSupport.STOP));
        }
    }

    @Test
    void shouldCollectTheHeapOnceTheWarmupIsOver()
    {
        // A full collection is what System.gc() does under the default collectors; a young collection during the
        // warm-up does not count here.
        final List<GarbageCollectorMXBean> full = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(bean -> bean.getName().contains("Old") || bean.getName().contains("MarkSweep"))
            .collect(Collectors.toList());
        assumeFalse(full.isEmpty(), "no full-collection bean to read in this JVM");
        final List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assumeFalse(flags.contains("-XX:+DisableExplicitGC") || flags.contains("-XX:+ExplicitGCInvokesConcurrent"),
            "System.gc() does no full collection in this JVM");
        final long before = full.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        final SummingProcessor real = new SummingProcessor(false);
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", real).build())
            .warmup(new CountingWorkload(), WARMUP_EVENTS)
            .build())
        {
            engine.start();
            final long after = full.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
            assertTrue(after > before, "a full collection after the warm-up: " + before + " -> " + after);
            assertTrue(engine.stop(EngineTestSupport.STOP));
        }
    }

    @Test
    void shouldRollOnlyTheScratchJournalAndLeaveTheRealOneOnItsOwnClock() throws Exception
    {
        // A fixed real clock: every real event belongs to one cycle, so one segment, named for it.
        final long now = 1_796_000_000_000L;
        final CountingWorkload workload = new CountingWorkload();
        final SummingProcessor real = new SummingProcessor(false);
        final long events = Warmup.ROLL_MIN_EVENTS * 11 / 10 + 1_000;
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", real).build())
            .journalClock(() -> now)
            .warmup(workload, events)
            .build())
        {
            engine.start();
            assertEquals(events, workload.pipelines.get(0).count, "every warm-up event was processed");
            EngineTestSupport.publishUpTo(engine, 100);
            assertTrue(engine.stop(EngineTestSupport.STOP));
        }
        final List<String> segments;
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            segments = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4"))
                .collect(Collectors.toList());
        }
        final String day = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
            .format(java.time.Instant.ofEpochMilli(now).atZone(java.time.ZoneOffset.UTC));
        assertEquals(1, segments.size(), "real segments " + segments);
        assertTrue(segments.get(0).contains(day), "segment " + segments.get(0) + " is not of the real clock's day " +
            day);
        assertEquals(100, real.count);
    }

    @Test
    void shouldStartTheRealEngineWhenTheWarmupWorkloadFails()
    {
        final CountingWorkload workload = new CountingWorkload();
        workload.failAt = 100;
        final SummingProcessor real = new SummingProcessor(false);
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", real).build())
            .warmup(workload, WARMUP_EVENTS)
            .build())
        {
            engine.start();
            EngineTestSupport.publishUpTo(engine, 10);
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(10, real.count);
        }
    }

    @Test
    void shouldTakeSnapshotsAndDigestsInTheWarmupWhenTheRealEngineDoes()
    {
        final CountingWorkload workload = new CountingWorkload();
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false))
            .build())
            .warmup(workload, WARMUP_EVENTS)
            .snapshotEvery(100_000)
            .digestEvery(10)
            .build())
        {
            engine.start();
            final SummingProcessor scratch = workload.pipelines.get(0);
            assertEquals(WARMUP_EVENTS, scratch.count);
            // WARMUP_EVENTS / SNAPSHOTS apart (closer than the real engine's 100,000); digests WARMUP_EVENTS / DIGESTS
            // apart (further than the real engine's 10: the warm-up needs enough for the JIT, not the real density;
            // each snapshot computes one more, and stopping may too).
            assertEquals(Warmup.SNAPSHOTS, scratch.snapshotsWritten, "snapshot code ran in the warm-up");
            assertTrue(scratch.digestsTaken >= Warmup.DIGESTS, "digests taken: " + scratch.digestsTaken);
            assertTrue(scratch.digestsTaken <= Warmup.DIGESTS + Warmup.SNAPSHOTS + 4,
                "digests taken: " + scratch.digestsTaken);
            assertTrue(engine.stop(EngineTestSupport.STOP));
        }
    }

    @Test
    void shouldNotSnapshotInTheWarmupWhenTheRealEngineDoesNot()
    {
        final CountingWorkload workload = new CountingWorkload();
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false))
            .build())
            .warmup(workload, WARMUP_EVENTS)
            .snapshotEvery(0)
            .digestEvery(0)
            .build())
        {
            engine.start();
            final SummingProcessor scratch = workload.pipelines.get(0);
            assertEquals(WARMUP_EVENTS, scratch.count);
            assertEquals(0, scratch.snapshotsWritten);
            assertTrue(engine.stop(EngineTestSupport.STOP));
        }
    }

    @Test
    void shouldSpaceWarmupSnapshotsAndDigestsByTheirCountAlone()
    {
        assertEquals(37_500, Warmup.every(300_000, 8));
        assertEquals(1, Warmup.every(3, 8));
    }

    @Test
    void shouldSampleTheLatencyOfUnstampedWarmupEventsWhereverTheRingIndexStarts()
    {
        // The engine samples an unstamped event when (ring index & mask) == 0; the warm-up must reach that branch (and
        // the stamped one) within a few sample intervals, whatever the offset between its count and the ring index.
        final int every = EngineBuilder.LATENCY_SAMPLE_EVERY_DEFAULT;
        for (int offset = 0; offset < every; offset++)
        {
            boolean sampledUnstamped = false;
            boolean stamped = false;
            for (long published = 0; published < 4L * every; published++)
            {
                if (Warmup.stampsIntended(published))
                {
                    stamped = true;
                }
                else if (0 == ((published + offset) & (every - 1)))
                {
                    sampledUnstamped = true;
                }
            }
            assertTrue(stamped, "no stamped warm-up event at ring offset " + offset);
            assertTrue(sampledUnstamped, "no sampled unstamped warm-up event at ring offset " + offset);
        }
    }

    @Test
    void shouldStepFlatOutEventsSoThatStampedOnesGoAloneAndEveryEventIsCoveredOnce()
    {
        for (final boolean recordsLatency : new boolean[]{ true, false })
        {
            // Two rounds, the first ending at every phase of the stamping pattern, as the rounds' ends fall anywhere.
            for (long firstRoundEnd = 1_000; firstRoundEnd < 1_003; firstRoundEnd++)
            {
                long published = 0;
                int longSteps = 0;
                for (final long roundEnd : new long[]{ firstRoundEnd, 2_001 })
                {
                    while (published < roundEnd)
                    {
                        final int count = Warmup.flatOutStep(published, roundEnd, recordsLatency);
                        assertTrue(count >= 1 && published + count <= roundEnd, "step of " + count + " at " + published);
                        for (long event = published + 1; event < published + count; event++)
                        {
                            // Only the first event of a step can carry a send time.
                            assertFalse(recordsLatency && Warmup.stampsIntended(event),
                                "stamped event " + event + " inside a step from " + published);
                        }
                        if (recordsLatency && Warmup.stampsIntended(published))
                        {
                            assertEquals(1, count, "a stamped event goes alone");
                        }
                        longSteps += count > 1 ? 1 : 0;
                        published += count;
                    }
                }
                assertEquals(2_001, published);
                assertTrue(longSteps > 600, "steps of more than one event run publishRun's loop again: " + longSteps);
            }
        }
        // The paced-wait events are stamped ones.
        assertEquals(0, Warmup.FLAT_OUT_WAIT_EVERY % 3);
    }

    @Test
    void shouldFindTheNextMultipleWithoutOverflowing()
    {
        assertEquals(0, Warmup.nextMultiple(0, 4_096));
        assertEquals(4_096, Warmup.nextMultiple(1, 4_096));
        assertEquals(4_096, Warmup.nextMultiple(4_096, 4_096));
        assertEquals(8_192, Warmup.nextMultiple(4_097, 4_096));
        assertEquals(1L << 62, Warmup.nextMultiple(5, 1L << 62));
        assertEquals(Long.MAX_VALUE, Warmup.nextMultiple((1L << 62) + 1, 1L << 62), "2^63 overflows");
        assertEquals(Long.MAX_VALUE, Warmup.nextMultiple(2, Long.MAX_VALUE));
    }

    /** A workload of SummingProcessors that remembers the pipelines it made. */
    static final class CountingWorkload implements Workload
    {
        final List<SummingProcessor> pipelines = new ArrayList<>();
        long failAt = Long.MAX_VALUE;

        public String name()
        {
            return "counting";
        }

        public String description()
        {
            return "test";
        }

        public int maxEventLength()
        {
            return 64;
        }

        public Pipeline newPipeline()
        {
            final SummingProcessor processor = new SummingProcessor(true);
            pipelines.add(processor);
            return Pipeline.builder().stage("sum", processor).build();
        }

        public EventGenerator newGenerator(final long seed)
        {
            return event ->
            {
                if (event.sequence() >= failAt)
                {
                    throw new IllegalStateException("generator gives up at " + event.sequence());
                }
                event.type(1);
                event.buffer().putLong(event.payloadOffset(), event.sequence());
                event.length(8);
            };
        }

        public String describeEvent(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            return null;
        }
    }
}
