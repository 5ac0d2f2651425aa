package io.ferrite.bench.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Drain;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;
import io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EngineBuilder;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.RecoveryReport;

/**
 * Recovery time: how long {@link Engine#start()} takes to bring a stopped engine back to the state it had, over a
 * data directory of {@code events} journaled events, either with no snapshot (replay everything) or with a recent
 * one ({@value #RECENT_TAIL} events before the tail). Single shot: one recovery per iteration, a fresh engine each
 * time, state digests on as in production. Side by side with
 * {@link RawChronicleQueueReplayBenchmark#recover}, a raw read of a journal of as many records.
 * <p>
 * The data directory is written once per trial by a live engine (10M events, {@code -p events=10000000}, is
 * about 1 GB and takes a while to write on 2 cores).
 */
public class EngineRecoveryBenchmark extends BenchmarkDefaults
{
    /** With {@code snapshot=recent}, how many events the journal holds after the snapshot. */
    public static final long RECENT_TAIL = 1_000;

    /**
     * A data directory written by a live engine, and the engine recovering from it.
     */
    @State(Scope.Thread)
    public static class RecoverState
    {
        /** Events in the journal. */
        @Param({"1000000"})
        public long events;

        /** "none": replay the whole journal; "recent": restore a snapshot taken {@value #RECENT_TAIL} events ago. */
        @Param({"none", "recent"})
        public String snapshot;

        /** Payload bytes per event. */
        @Param({"64"})
        public int payloadSize;

        private Path directory;
        private Engine engine;
        private long snapshotSequence;

        /**
         * Run a live engine until it has journaled {@code events} events (and taken its snapshot), then stop it.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            if (!"none".equals(snapshot) && !"recent".equals(snapshot))
            {
                throw new IllegalArgumentException("snapshot must be none or recent, was " + snapshot);
            }
            if (events <= RECENT_TAIL)
            {
                throw new IllegalArgumentException("events must be above " + RECENT_TAIL + ", was " + events);
            }
            snapshotSequence = "recent".equals(snapshot) ? events - RECENT_TAIL : 0;
            directory = BenchFiles.newDirectory("ferrite-recover");
            final ChecksumProcessor processor = new ChecksumProcessor();
            final Engine writer = newEngine(processor);
            writer.start();
            try
            {
                final UnsafeBuffer payload = Payloads.template(Payloads.checkSize(payloadSize));
                final EventClaim claim = new EventClaim();
                for (long i = 1; i <= events; i++)
                {
                    FerriteEngines.publish(writer, claim, i, payload, payloadSize);
                }
                Drain.await(processor::processedSequence, events, DRAIN_TIMEOUT_NANOS, "recovery fixture engine");
            }
            finally
            {
                writer.close();
            }
            if (writer.counters().lastSnapshotSequence() != snapshotSequence)
            {
                throw new IllegalStateException("fixture engine took its snapshot at " +
                    writer.counters().lastSnapshotSequence() + ", expected " + snapshotSequence);
            }
        }

        /**
         * Delete the data directory.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            BenchFiles.delete(directory);
        }

        /**
         * Stop the recovered engine (not timed).
         */
        @TearDown(Level.Invocation)
        public void stopEngine()
        {
            if (null != engine)
            {
                engine.close();
                engine = null;
            }
        }

        /**
         * Build an engine over the data directory and start it: the recovery being measured.
         *
         * @return the recovery report.
         * @throws IllegalStateException if recovery did not use the expected snapshot or replay the expected events.
         */
        public RecoveryReport recoverOnce()
        {
            engine = newEngine(new ChecksumProcessor());
            final RecoveryReport report = engine.start();
            if (report.journalTail() != events || report.snapshotSequence() != snapshotSequence ||
                report.eventsReplayed() != events - snapshotSequence)
            {
                throw new IllegalStateException("unexpected recovery of " + directory + ": " + report.describe());
            }
            return report;
        }

        private Engine newEngine(final ChecksumProcessor processor)
        {
            return FerriteEngines.builder(directory, RING_SIZE, payloadSize, WaitKind.SLEEPING, "NONE",
                    Pipeline.builder().stage("checksum", processor).build())
                .digestEvery(EngineBuilder.DIGEST_EVERY_DEFAULT)
                .snapshotEvery(snapshotSequence)
                .build();
        }
    }

    /**
     * @param state the data directory.
     * @return events replayed (returned so JMH consumes it).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long recover(final RecoverState state)
    {
        return state.recoverOnce().eventsReplayed();
    }
}
