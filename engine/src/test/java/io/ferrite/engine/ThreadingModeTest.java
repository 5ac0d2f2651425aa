package io.ferrite.engine;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Sink;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static io.ferrite.engine.EngineTestSupport.referenceDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threading mode changes which thread runs an agent, never what the agents do: the same input gives the same
 * journal, the same outputs and the same digests in DEDICATED, SHARED and INVOKER, across a restart with snapshots,
 * and replay catches the same divergence in each.
 */
class ThreadingModeTest
{
    private static final long EVENTS = 20_000;

    @TempDir
    Path root;

    /** What one run leaves behind, in a form that compares across modes. */
    private record Run(List<String> journal, List<String> outputs, Map<String, Long> digests, long snapshots)
    {
    }

    @Test
    void shouldWriteTheSameJournalOutputsAndDigestsInEveryMode() throws Exception
    {
        final Map<ThreadingMode, Run> runs = new EnumMap<>(ThreadingMode.class);
        for (final ThreadingMode mode : ThreadingMode.values())
        {
            runs.put(mode, run(mode, root.resolve(mode.name())));
        }
        final Run dedicated = runs.get(ThreadingMode.DEDICATED);
        assertEquals(EVENTS, dedicated.journal().size());
        assertEquals(2 * EVENTS + EVENTS / 10, dedicated.outputs().size(), "sum and a emit one per event, b one per ten");
        assertTrue(dedicated.snapshots() > 0, "the runs took snapshots");
        for (final ThreadingMode mode : ThreadingMode.values())
        {
            final Run run = runs.get(mode);
            assertEquals(dedicated.journal(), run.journal(), mode + " journal");
            assertEquals(dedicated.outputs(), run.outputs(), mode + " outputs");
            assertEquals(dedicated.digests(), run.digests(), mode + " digests");
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void shouldRecoverFromItsSnapshotsToTheUncrashedDigest(final ThreadingMode mode)
    {
        final Path dir = root.resolve("restart");
        try (Engine engine = engine(dir, mode, new SummingProcessor(false), null))
        {
            engine.start();
            publishUpTo(engine, EVENTS / 2);
            assertTrue(engine.stop(STOP));
            assertEquals(EVENTS / 2, engine.counters().lastSnapshotSequence());
        }
        final SummingProcessor resumed = new SummingProcessor(false);
        try (Engine engine = engine(dir, mode, resumed, null))
        {
            final RecoveryReport report = engine.start();
            assertEquals(EVENTS / 2, report.snapshotSequence());
            assertEquals(0, report.eventsReplayed());
            publishUpTo(engine, EVENTS);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(referenceDigest(EVENTS), resumed.stateDigest());
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void shouldReportTheFirstDivergentSequenceInEveryMode(final ThreadingMode mode)
    {
        final Path dir = root.resolve("diverge");
        try (Engine engine = builder(dir, Pipeline.builder().stage("clock-reader", new RecoveryTest.WallClockProcessor()).build())
            .threadingMode(mode).digestEvery(100).build())
        {
            engine.start();
            publishUpTo(engine, 1_000);
            assertTrue(engine.stop(STOP));
        }
        final Engine restarted = builder(dir, Pipeline.builder().stage("clock-reader", new RecoveryTest.WallClockProcessor()).build())
            .threadingMode(mode).digestEvery(100).build();
        final DivergenceException ex = assertThrows(DivergenceException.class, restarted::start);
        assertEquals(100, ex.divergence().sequence());
        assertEquals("clock-reader", ex.divergence().processorName());
        restarted.close();
    }

    @Test
    void shouldRefuseInvokeOutsideInvokerModeAndFromAnotherThread() throws Exception
    {
        try (Engine shared = engine(root.resolve("shared"), ThreadingMode.SHARED, new SummingProcessor(false), null))
        {
            shared.start();
            final IllegalStateException ex = assertThrows(IllegalStateException.class, shared::invoke);
            assertTrue(ex.getMessage().contains("INVOKER"), ex.getMessage());
        }
        try (Engine invoker = engine(root.resolve("invoker"), ThreadingMode.INVOKER, new SummingProcessor(false), null))
        {
            assertThrows(IllegalStateException.class, invoker::invoke, "not started");
            invoker.start();
            final Throwable[] fromOther = new Throwable[1];
            final Thread other = new Thread(() ->
            {
                try
                {
                    invoker.invoke();
                }
                catch (final Throwable t)
                {
                    fromOther[0] = t;
                }
            });
            other.start();
            other.join();
            assertTrue(fromOther[0] instanceof IllegalStateException, String.valueOf(fromOther[0]));
            assertTrue(fromOther[0].getMessage().contains("thread that started"), fromOther[0].getMessage());
        }
    }

    @Test
    void shouldRunAnInvokerEngineOnlyWhenInvoked()
    {
        final SummingProcessor processor = new SummingProcessor(false);
        try (Engine engine = engine(root.resolve("invoked"), ThreadingMode.INVOKER, processor, null))
        {
            engine.start();
            publishUpTo(engine, 100);
            assertEquals(0, processor.count, "nothing runs until invoked");
            int work = 0;
            while (processor.count < 100)
            {
                work += engine.invoke();
            }
            assertTrue(work >= 200, "journaller and processor each handled 100 events: " + work);
            assertEquals(0, engine.invoke(), "idle once caught up");
            assertEquals(100, engine.lastJournaledSequence());
        }
        assertEquals(referenceDigest(100), processor.stateDigest());
    }

    @Test
    void shouldPublishPastAFullRingOnTheInvokingThread()
    {
        final SummingProcessor processor = new SummingProcessor(true);
        final RecordingSink sink = new RecordingSink(10_000, Sink.NOT_TRACKED);
        try (Engine engine = engine(root.resolve("full"), ThreadingMode.INVOKER, processor, sink))
        {
            engine.start();
            // Ten times the ring (1024): publish() must run the engine itself or it would wait forever.
            publishUpTo(engine, 10_000);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(10_000, processor.count);
        assertEquals(10_000, sink.count.get());
        assertEquals(referenceDigest(10_000), processor.stateDigest());
    }

    @ParameterizedTest
    @EnumSource(value = FlushPolicy.class, names = {"NONE", "BATCH"})
    void shouldJournalTheWholeBacklogInOneForcedBatchOnlyWithFlushBatch(final FlushPolicy flush)
    {
        final SummingProcessor processor = new SummingProcessor(false);
        try (Engine engine = builder(root.resolve(flush.name()), Pipeline.builder().stage("sum", processor).build())
            .ringSize(4096)
            .flushPolicy(flush)
            .threadingMode(ThreadingMode.INVOKER)
            .build())
        {
            engine.start();
            publishUpTo(engine, 3_000);
            assertEquals(0, engine.lastJournaledSequence(), "nothing runs until invoked");
            engine.invoke();
            // BATCH: one group commit covers all 3,000 queued events (one force instead of three); NONE keeps the
            // duty cycle's bound so that a shared thread reaches the processors sooner.
            assertEquals(FlushPolicy.BATCH == flush ? 3_000 : EngineConfiguration.DUTY_CYCLE_LIMIT,
                engine.lastJournaledSequence());
            assertTrue(processor.count <= engine.lastJournaledSequence(), "no processor ran ahead of the journal");
            while (processor.count < 3_000)
            {
                engine.invoke();
            }
        }
        assertEquals(referenceDigest(3_000), processor.stateDigest());
    }

    @Test
    void shouldChooseSharedWhenCoresAreFewerThanBusyThreads()
    {
        assertEquals(ThreadingMode.SHARED, ThreadingMode.defaultFor(2, 4));
        assertEquals(ThreadingMode.DEDICATED, ThreadingMode.defaultFor(8, 4));
        final Engine engine = builder(root.resolve("default"),
            Pipeline.builder().stage("sum", new SummingProcessor(false)).build()).build();
        assertEquals(ThreadingMode.defaultFor(Runtime.getRuntime().availableProcessors(), 3),
            engine.threadingMode());
        engine.close();
    }

    private static Engine engine(final Path dir, final ThreadingMode mode, final Processor processor, final Sink sink)
    {
        final EngineBuilder builder = builder(dir, Pipeline.builder().stage("sum", processor).build())
            .threadingMode(mode)
            .snapshotEvery(EVENTS / 2)
            .digestEvery(1_000);
        if (null != sink)
        {
            builder.sink("out", sink);
        }
        return builder.build();
    }

    private static Run run(final ThreadingMode mode, final Path dir) throws Exception
    {
        final List<String> outputs = new ArrayList<>();
        final Sink sink = (output, endOfBatch) -> outputs.add(output.inputSequence() + ":" + output.processorName() +
            ":" + output.ordinal() + ":" + output.type() + ":" + output.buffer().getLong(output.payloadOffset() + 8));
        final Map<String, Long> digests;
        final long snapshots;
        try (Engine engine = builder(dir, Pipeline.builder()
                .stage("sum", new SummingProcessor(true))
                .stage(new ProcessorSpec("a", new SummingProcessor(true), -1),
                    new ProcessorSpec("b", new Doubler(), -1))
                .build())
            .threadingMode(mode)
            .snapshotEvery(5_000)
            .digestEvery(1_000)
            .sink("out", sink)
            .build())
        {
            engine.start();
            publishUpTo(engine, EVENTS);
            assertTrue(engine.stop(STOP));
            assertFalse(engine.isFaulted(), engine.fault());
            digests = engine.processorDigests();
            snapshots = engine.counters().snapshotsWritten();
        }
        // Outputs of different processors may interleave differently on the output ring; each one's stream may not.
        outputs.sort(null);
        final List<String> journal = new ArrayList<>();
        try (Journal j = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true));
            JournalReader reader = j.reader())
        {
            final JournalRecord record = new JournalRecord();
            while (reader.next(record))
            {
                journal.add(record.sequence() + ":" + record.timestamp() + ":" + record.type() + ":" +
                    record.buffer().getLong(record.payloadOffset()));
            }
        }
        return new Run(journal, outputs, digests, snapshots);
    }

    /** A second stateful processor in the fan-out stage: doubles and sums, emits one output per tenth event. */
    private static final class Doubler implements StatefulProcessor
    {
        private final org.agrona.concurrent.UnsafeBuffer out = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
        private long total;

        public void onEvent(final EventContext ctx)
        {
            total += 2 * ctx.buffer().getLong(ctx.payloadOffset());
            if (ctx.sequence() % 10 == 0)
            {
                out.putLong(0, ctx.sequence());
                out.putLong(8, total);
                ctx.emit(9, out, 0, 16);
            }
        }

        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            buffer.putLong(0, total);
            return 8;
        }

        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            total = buffer.getLong(offset);
        }

        public long stateDigest()
        {
            return total;
        }
    }
}
