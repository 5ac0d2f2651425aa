package io.ferrite.engine;

import io.ferrite.engine.inspect.SnapshotInfo;
import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.journal.FlushPolicy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static io.ferrite.engine.EngineTestSupport.referenceDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class RecoveryTest
{
    @TempDir
    Path dir;

    private Engine engine(final SummingProcessor p, final long snapshotEvery)
    {
        return builder(dir, Pipeline.builder().stage("sum", p).build())
            .snapshotEvery(snapshotEvery).digestEvery(100).build();
    }

    /** Run a fresh engine on {@code dir} until the journal holds {@code last} events; returns its processor. */
    private SummingProcessor runTo(final long last, final long snapshotEvery)
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = engine(p, snapshotEvery))
        {
            engine.start();
            publishUpTo(engine, last);
            assertTrue(engine.stop(STOP));
        }
        return p;
    }

    @Test
    void shouldRebuildStateFromTheJournalAloneAndContinue()
    {
        runTo(3_000, 0);
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = engine(p, 0))
        {
            final RecoveryReport report = engine.start();
            assertEquals(3_000, report.journalTail());
            assertEquals(0, report.snapshotSequence());
            assertEquals(3_000, report.eventsReplayed());
            assertEquals(30, report.digestsChecked());
            publishUpTo(engine, 5_000);
            assertTrue(engine.stop(STOP));
        }
        assertNull(p.error);
        assertEquals(referenceDigest(5_000), p.stateDigest());
    }

    @Test
    void shouldRestoreTheNewestSnapshotAndReplayOnlyWhatFollows()
    {
        runTo(5_500, 1_000);
        final SnapshotStore store = SnapshotStore.open(dir);
        final List<SnapshotInfo> snapshots = store.list();
        assertEquals(List.of(5_000L, 4_000L, 3_000L), snapshots.stream().map(SnapshotInfo::sequence).toList());
        assertTrue(store.verify().isEmpty());

        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = engine(p, 1_000))
        {
            final RecoveryReport report = engine.start();
            assertEquals(5_000, report.snapshotSequence());
            assertEquals(500, report.eventsReplayed());
            assertEquals(5_500, p.count);
            publishUpTo(engine, 6_000);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(referenceDigest(6_000), p.stateDigest());
    }

    @Test
    void shouldFallBackToThePreviousSnapshotWhenTheNewestIsCorrupt() throws Exception
    {
        runTo(3_500, 1_000);
        flipByte(SnapshotStore.open(dir).fileFor(3_000), 40);
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = engine(p, 1_000))
        {
            final RecoveryReport report = engine.start();
            assertEquals(2_000, report.snapshotSequence());
            assertEquals(1_500, report.eventsReplayed());
            assertTrue(report.notes().stream().anyMatch(n -> n.contains("checksum mismatch")), report.notes().toString());
            engine.stop(STOP);
        }
        assertEquals(referenceDigest(3_500), p.stateDigest());
    }

    @Test
    void shouldReplayFromTheFirstRecordWhenEverySnapshotIsCorrupt() throws Exception
    {
        runTo(3_500, 1_000);
        for (final SnapshotInfo info : SnapshotStore.open(dir).list())
        {
            flipByte(info.path(), 20);
        }
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = engine(p, 0))
        {
            final RecoveryReport report = engine.start();
            assertEquals(0, report.snapshotSequence());
            assertEquals(3_500, report.eventsReplayed());
            assertEquals(3, report.notes().size());
            engine.stop(STOP);
        }
        assertEquals(referenceDigest(3_500), p.stateDigest());
    }

    @Test
    void shouldRefuseToRecoverFromASnapshotNewerThanTheJournal() throws Exception
    {
        runTo(1_500, 1_000);
        final SnapshotStore store = SnapshotStore.open(dir);
        Files.copy(store.fileFor(1_000), store.fileFor(2_000));
        final Engine engine = engine(new SummingProcessor(false), 0);
        final FerriteException ex = assertThrows(FerriteException.class, engine::start);
        assertTrue(ex.getMessage().contains("sequence 2000") && ex.getMessage().contains("ends at 1500"), ex.getMessage());
        assertTrue(ex.getMessage().contains(store.fileFor(2_000).toString()), ex.getMessage());
        engine.close();
    }

    @Test
    void shouldRefuseASnapshotOfAnotherFormatVersion() throws Exception
    {
        runTo(1_500, 1_000);
        final Path file = SnapshotStore.open(dir).fileFor(1_000);
        rewriteVersion(file, 99);
        final Engine engine = engine(new SummingProcessor(false), 0);
        final FerriteException ex = assertThrows(FerriteException.class, engine::start);
        assertTrue(ex.getMessage().contains("format version 99"), ex.getMessage());
        engine.close();
    }

    @Test
    void shouldRefuseASnapshotOfADifferentPipeline()
    {
        runTo(1_500, 1_000);
        final Engine engine = builder(dir, Pipeline.builder().stage("other", new SummingProcessor(false)).build()).build();
        final FerriteException ex = assertThrows(FerriteException.class, engine::start);
        assertTrue(ex.getMessage().contains("[sum]") && ex.getMessage().contains("[other]"), ex.getMessage());
        engine.close();
    }

    @Test
    void shouldReportTheFirstDivergentSequenceOfANondeterministicProcessor()
    {
        final Pipeline clockReader = Pipeline.builder().stage("clock-reader", new WallClockProcessor()).build();
        try (Engine engine = builder(dir, clockReader).digestEvery(100).build())
        {
            engine.start();
            publishUpTo(engine, 1_000);
            assertTrue(engine.stop(STOP));
        }
        final Engine restarted = builder(dir, Pipeline.builder().stage("clock-reader", new WallClockProcessor()).build())
            .digestEvery(100).build();
        final DivergenceException ex = assertThrows(DivergenceException.class, restarted::start);
        assertEquals(100, ex.divergence().sequence());
        assertEquals("clock-reader", ex.divergence().processorName());
        restarted.close();

        final ReplayReport report = Replayer.replay(dir,
            Pipeline.builder().stage("clock-reader", new WallClockProcessor()).build(), 0, false);
        assertNotNull(report.divergence());
        assertEquals(100, report.divergence().sequence());
    }

    @Test
    void shouldReportADivergenceFirstSeenAtALaterRecordedDigestOfTheSecondStage()
    {
        // Digests at 100, 200, 300...: the second stage reads the clock only from sequence 251, so the recorded
        // digests at 100 and 200 match on replay and the first divergence is at 300, not at the first check.
        try (Engine engine = builder(dir, lateDivergingPipeline()).digestEvery(100).build())
        {
            engine.start();
            publishUpTo(engine, 1_000);
            assertTrue(engine.stop(STOP));
        }
        final Engine restarted = builder(dir, lateDivergingPipeline()).digestEvery(100).build();
        final DivergenceException ex = assertThrows(DivergenceException.class, restarted::start);
        assertEquals(300, ex.divergence().sequence());
        assertEquals("late", ex.divergence().processorName());
        restarted.close();

        final ReplayReport report = Replayer.replay(dir, lateDivergingPipeline(), 0, false);
        assertNotNull(report.divergence());
        assertEquals(300, report.divergence().sequence());
        assertEquals("late", report.divergence().processorName());
        assertEquals(300, report.events(), "replay stops at the event whose digest diverged");
        assertEquals(6, report.digestsChecked(), "both stages checked at 100, 200 and 300");
    }

    private static Pipeline lateDivergingPipeline()
    {
        return Pipeline.builder()
            .stage("sum", new SummingProcessor(false))
            .stage("late", new LateWallClockProcessor(251))
            .build();
    }

    @Test
    void shouldReplayTheSameJournalTwiceToIdenticalDigests()
    {
        final SummingProcessor live = runTo(2_000, 500);
        final ReplayReport first = Replayer.replay(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build(), 0, false);
        final ReplayReport second = Replayer.replay(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build(), 0, false);
        assertNull(first.divergence());
        assertEquals(20, first.digestsChecked());
        assertEquals(first.stateDigest(), second.stateDigest());
        assertEquals(2_000, first.events());

        final ReplayReport fromSnapshot = Replayer.replay(dir,
            Pipeline.builder().stage("sum", new SummingProcessor(false)).build(), 0, true);
        assertEquals(2_000, fromSnapshot.snapshotSequence());
        assertEquals(first.stateDigest(), fromSnapshot.stateDigest());

        final SummingProcessor partial = new SummingProcessor(false);
        final ReplayReport toMiddle = Replayer.replay(dir, Pipeline.builder().stage("sum", partial).build(), 1_234, false);
        assertEquals(1_234, toMiddle.lastSequence());
        assertEquals(referenceDigest(1_234), partial.stateDigest());
        assertEquals(referenceDigest(2_000), live.stateDigest());
    }

    @Test
    void shouldNotRedeliverOutputsASinkAlreadyHad()
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build())
            .sink("out", new RecordingSink(2_000, 0)).build())
        {
            engine.start();
            publishUpTo(engine, 1_000);
            assertTrue(engine.stop(STOP));
        }
        final RecordingSink sink = new RecordingSink(2_000, 700);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(true)).build())
            .sink("out", sink).build())
        {
            engine.start();
            publishUpTo(engine, 1_100);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(400, sink.count.get());
        for (int i = 0; i < 400; i++)
        {
            assertEquals(701 + i, sink.inputSequences[i]);
            assertEquals(i < 300, sink.replays[i]);
        }
    }

    @Test
    void shouldSkipTheSameEventsOnReplayUnderSkipPolicy()
    {
        final Pipeline pipeline = Pipeline.builder().stage("picky", new PickyProcessor()).build();
        final long liveDigest;
        try (Engine engine = builder(dir, pipeline).exceptionPolicy(ExceptionPolicy.SKIP).digestEvery(100)
            .errorHandler((ex, seq, who) -> { }).build())
        {
            engine.start();
            publishUpTo(engine, 2_000);
            assertTrue(engine.stop(STOP));
            liveDigest = engine.stateDigest();
        }
        try (Engine engine = builder(dir, Pipeline.builder().stage("picky", new PickyProcessor()).build())
            .exceptionPolicy(ExceptionPolicy.SKIP).digestEvery(100).errorHandler((ex, seq, who) -> { }).build())
        {
            final RecoveryReport report = engine.start();
            assertEquals(20, report.digestsChecked());
            assertTrue(engine.stop(STOP));
            assertEquals(liveDigest, engine.stateDigest());
        }
    }

    @Test
    void shouldRecoverEverythingJournaledAfterAHaltOnceTheProcessorIsFixed()
    {
        final AtomicBoolean broken = new AtomicBoolean(true);
        final SummingProcessor inner = new SummingProcessor(false);
        final Processor flaky = new FlakyProcessor(inner, broken);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", flaky).build())
            .errorHandler((ex, seq, who) -> { }).digestEvery(0).build())
        {
            engine.start();
            assertThrows(IllegalStateException.class, () -> publishUpTo(engine, 100_000));
            engine.stop(STOP);
            assertFalse(engine.isRunning());
        }
        final Engine stillBroken = builder(dir, Pipeline.builder().stage("sum",
            new FlakyProcessor(new SummingProcessor(false), broken)).build())
            .errorHandler((ex, seq, who) -> { }).digestEvery(0).build();
        final FerriteException ex = assertThrows(FerriteException.class, stillBroken::start);
        assertTrue(ex.getMessage().contains("sequence 500"), ex.getMessage());
        stillBroken.close();

        broken.set(false);
        final SummingProcessor fixed = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", new FlakyProcessor(fixed, broken)).build())
            .digestEvery(0).build())
        {
            final RecoveryReport report = engine.start();
            assertTrue(report.journalTail() >= 500);
            publishUpTo(engine, report.journalTail() + 10);
            assertTrue(engine.stop(STOP));
            assertEquals(referenceDigest(report.journalTail() + 10), fixed.stateDigest());
        }
    }

    @Test
    void shouldTakeSnapshotsOnRequestAtOneSequence()
    {
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build()).flushPolicy(FlushPolicy.BATCH).build())
        {
            engine.start();
            publishUpTo(engine, 100);
            while (engine.counters().lastJournaledSequence() < 100)
            {
                Thread.yield();
            }
            engine.requestSnapshot();
            publishUpTo(engine, 200);
            assertTrue(engine.stop(STOP));
            assertEquals(1, engine.counters().snapshotsWritten());
        }
        final List<SnapshotInfo> snapshots = SnapshotStore.open(dir).list();
        assertEquals(1, snapshots.size());
        final long s = snapshots.get(0).sequence();
        assertTrue(s > 100 && s <= 200, "snapshot at " + s);
        final SummingProcessor restored = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", restored).build()).build())
        {
            assertEquals(s, engine.start().snapshotSequence());
            engine.stop(STOP);
        }
        assertEquals(referenceDigest(200), restored.stateDigest());
    }

    @Test
    void shouldDeleteJournalSegmentsBelowTheOldestKeptSnapshotAndStillRecover()
    {
        final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);
        final SummingProcessor p = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", p).build())
            .rollCycle(io.ferrite.journal.JournalRollCycle.MINUTELY).journalClock(millis::get)
            .snapshotEvery(1_000).snapshotsToKeep(1).deleteJournalBelowSnapshots(true).build())
        {
            engine.start();
            for (long last = 500; last <= 4_500; last += 500)
            {
                publishUpTo(engine, last);
                while (engine.counters().processedSequence().get("sum") < last)
                {
                    Thread.yield();
                }
                millis.addAndGet(60_000); // the next events go to a new segment
            }
            assertTrue(engine.stop(STOP));
        }
        assertEquals(List.of(4_000L), SnapshotStore.open(dir).list().stream().map(SnapshotInfo::sequence).toList());
        final long first;
        try (io.ferrite.journal.Journal journal = io.ferrite.journal.Journal.open(new io.ferrite.journal.JournalConfig()
            .directory(dir.resolve("journal")).readOnly(true)))
        {
            first = journal.firstSequence();
            assertEquals(4_500, journal.lastSequence());
        }
        assertTrue(first > 1 && first <= 4_001, "segments below the snapshot should be gone, first is " + first);

        final SummingProcessor restored = new SummingProcessor(false);
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", restored).build())
            .rollCycle(io.ferrite.journal.JournalRollCycle.MINUTELY).journalClock(millis::get).build())
        {
            final RecoveryReport report = engine.start();
            assertEquals(4_000, report.snapshotSequence());
            assertEquals(500, report.eventsReplayed());
            assertTrue(engine.stop(STOP));
        }
        assertEquals(referenceDigest(4_500), restored.stateDigest());

        // Without its snapshot, the shortened journal cannot give the state: recovery must say so, not guess.
        for (final SnapshotInfo info : SnapshotStore.open(dir).list())
        {
            assertTrue(info.path().toFile().delete());
        }
        final Engine engine = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
            .rollCycle(io.ferrite.journal.JournalRollCycle.MINUTELY).journalClock(millis::get).build();
        final FerriteException ex = assertThrows(FerriteException.class, engine::start);
        assertTrue(ex.getMessage().contains("starts at sequence " + first) && ex.getMessage().contains("needs 1"),
            ex.getMessage());
        engine.close();
    }

    private static void flipByte(final Path file, final long offset) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }

    private static void rewriteVersion(final Path file, final int version) throws Exception
    {
        final byte[] bytes = Files.readAllBytes(file);
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(bytes);
        buffer.putInt(8, version);
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        buffer.putInt(bytes.length - 4, (int)crc.getValue());
        Files.write(file, bytes);
    }

    /** A processor whose whole state is one long: its snapshot and its digest. */
    abstract static class LongStateProcessor implements StatefulProcessor
    {
        long state;

        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            buffer.putLong(0, state);
            return 8;
        }

        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            state = buffer.getLong(offset);
        }

        public long stateDigest()
        {
            return state;
        }
    }

    /** Deliberately broken: its state depends on the wall clock, so replay cannot reproduce it. */
    static final class WallClockProcessor extends LongStateProcessor
    {
        public void onEvent(final EventContext ctx)
        {
            state = Digests.mix(state, System.nanoTime());
        }
    }

    /** Deterministic (counts events) until {@code fromSequence}, then mixes in the wall clock. */
    static final class LateWallClockProcessor extends LongStateProcessor
    {
        private final long fromSequence;

        LateWallClockProcessor(final long fromSequence)
        {
            this.fromSequence = fromSequence;
        }

        public void onEvent(final EventContext ctx)
        {
            state = Digests.mix(state, ctx.sequence() >= fromSequence ? System.nanoTime() : ctx.sequence());
        }
    }

    /** Throws on every event whose value is divisible by 7: deterministic, so SKIP replays identically. */
    static final class PickyProcessor extends SummingProcessor
    {
        PickyProcessor()
        {
            super(false);
        }

        public void onEvent(final EventContext ctx)
        {
            if (ctx.buffer().getLong(ctx.payloadOffset()) % 7 == 0)
            {
                throw new IllegalArgumentException("multiple of 7");
            }
            super.onEvent(ctx);
        }
    }

    /** Fails at sequence 500 while broken. */
    static final class FlakyProcessor implements StatefulProcessor
    {
        private final SummingProcessor inner;
        private final AtomicBoolean broken;

        FlakyProcessor(final SummingProcessor inner, final AtomicBoolean broken)
        {
            this.inner = inner;
            this.broken = broken;
        }

        public void onEvent(final EventContext ctx)
        {
            if (ctx.sequence() == 500 && broken.get())
            {
                throw new IllegalStateException("transient failure");
            }
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
