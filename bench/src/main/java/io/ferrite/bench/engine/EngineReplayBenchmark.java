package io.ferrite.bench.engine;

import java.nio.file.Path;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark;
import io.ferrite.bench.journal.JournalFixtures;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.ReplayReport;
import io.ferrite.engine.Replayer;

/**
 * Replay throughput: Ferrite's {@link Replayer} rebuilding a trivial processor's state ({@link ChecksumProcessor})
 * from a journal of {@value #REPLAY_EVENTS} events, per invocation, opening included; events per second.
 * <p>
 * The journal is written as the engine's journaller writes it flat out ({@link JournalFixtures#write}: batches of
 * {@value JournalFixtures#JOURNALLER_BATCH} records sharing excerpts of at most 64 KiB). Replay reads every record:
 * the excerpt's framing, each record's CRC32C and sequence, then hands it to the processor, which reads its 8-byte
 * value. Side by side with {@link RawChronicleQueueReplayBenchmark#replay}, the raw zero-copy read of the same
 * records written one per excerpt, which checks nothing.
 */
public class EngineReplayBenchmark extends BenchmarkDefaults
{
    /**
     * A data directory holding a journal of {@value #REPLAY_EVENTS} events.
     */
    @State(Scope.Thread)
    public static class ReplayState
    {
        /** Payload bytes per event. */
        @Param({"64"})
        public int payloadSize;

        private Path directory;

        /**
         * Write the journal.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            directory = BenchFiles.newDirectory("ferrite-replay");
            JournalFixtures.write(directory.resolve("journal"), REPLAY_EVENTS, payloadSize);
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
         * Replay the whole journal through a fresh processor.
         *
         * @return the replayed state's digest.
         * @throws IllegalStateException if the replay did not cover every event or found a divergence.
         */
        public long replayAll()
        {
            final ReplayReport report = Replayer.replay(
                directory, Pipeline.builder().stage("checksum", new ChecksumProcessor()).build(), 0, false);
            if (report.events() != REPLAY_EVENTS || null != report.divergence())
            {
                throw new IllegalStateException("replay of " + directory + " covered " + report.events() + " of " +
                    REPLAY_EVENTS + " events, divergence: " + report.divergence());
            }
            return report.stateDigest();
        }
    }

    /**
     * @param state the data directory.
     * @return the replayed state's digest (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(REPLAY_EVENTS)
    public long replay(final ReplayState state)
    {
        return state.replayAll();
    }
}
