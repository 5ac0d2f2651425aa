package io.ferrite.bench.engine;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import org.agrona.concurrent.UnsafeBuffer;
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
import io.ferrite.bench.Drain;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;
import io.ferrite.bench.alternatives.HandWiredJournaledPipelineBenchmark;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.Pipeline;

/**
 * Throughput of Ferrite's engine with its journal: producer → input ring → journaller → one processor, side by side
 * with {@link HandWiredJournaledPipelineBenchmark} (the same shape wired by hand from a raw Disruptor and a raw
 * Chronicle Queue).
 * <p>
 * <b>Method:</b> as in the hand-wired benchmark: the benchmark thread publishes {@link #PIPELINE_BATCH} events
 * through the claim API (payload copied in, timestamp given by the producer) and waits (yielding) until the
 * processor has handled the last one. A fresh engine over an empty data directory per iteration, deleted after it.
 * {@code flush} is the journal's flush policy: {@code NONE} (page cache) or {@code BATCH} (group commits forced by the
 * engine's flusher thread before the processor sees the events).
 */
public class EngineJournaledPipelineBenchmark extends BenchmarkDefaults
{
    /**
     * An engine per iteration.
     */
    @State(Scope.Thread)
    public static class EngineState
    {
        /** Payload bytes per event. */
        @Param({"64"})
        public int payloadSize;

        /** How the stages wait: busy-spin (refused on 2 cores), yielding, sleeping or blocking. */
        @Param({"yielding"})
        public String waitStrategy;

        /** The journal's flush policy: NONE or BATCH. */
        @Param({"NONE", "BATCH"})
        public String flush;

        /** How the engine's agents map to threads (SHARED: one engine thread; DEDICATED: one per agent). */
        @Param({"shared", "dedicated"})
        public String threading;

        private final EventClaim claim = new EventClaim();
        private UnsafeBuffer template;
        private Path directory;
        private Engine engine;
        private ChecksumProcessor processor;
        private LongSupplier processed;
        private long nextValue = 1;

        /**
         * Make the payload and check the parameters once.
         */
        @Setup(Level.Trial)
        public void setUpTrial()
        {
            template = Payloads.template(Payloads.checkSize(payloadSize));
            FerriteEngines.flushPolicy(flush);
            // Producer, journaller and processor.
            WaitKind.parse(waitStrategy).checkCores(3, "engine journaled pipeline");
        }

        /**
         * Start an engine over an empty data directory.
         */
        @Setup(Level.Iteration)
        public void setUpIteration()
        {
            directory = BenchFiles.newDirectory("ferrite-engine-journaled");
            processor = new ChecksumProcessor();
            final ChecksumProcessor processor = this.processor;
            processed = processor::processedSequence;
            engine = FerriteEngines.builder(directory, RING_SIZE, payloadSize, WaitKind.parse(waitStrategy), flush,
                Pipeline.builder().stage("checksum", processor).build())
                .threadingMode(FerriteEngines.threading(threading))
                .build();
            engine.start();
        }

        /**
         * Stop the engine, delete its data directory and report how much it wrote.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            final long journaled = engine.lastJournaledSequence();
            engine.close();
            final long bytes = BenchFiles.sizeOf(directory);
            BenchFiles.delete(directory);
            System.out.printf("[ferrite engine %s] %,d events journaled, %,d MB of data files (deleted)%n",
                flush, journaled, bytes >> 20);
        }

        /**
         * Publish {@link #PIPELINE_BATCH} events and wait until the processor has handled them.
         *
         * @return the last sequence published.
         */
        public long runBatch()
        {
            final Engine engine = this.engine;
            final EventClaim claim = this.claim;
            final UnsafeBuffer template = this.template;
            final int payloadSize = this.payloadSize;
            long value = nextValue;
            long sequence = 0;
            for (int i = 0; i < PIPELINE_BATCH; i++)
            {
                sequence = FerriteEngines.publish(engine, claim, value++, template, payloadSize);
            }
            nextValue = value;
            Drain.await(processed, sequence, DRAIN_TIMEOUT_NANOS, "ferrite engine");
            return sequence;
        }

        /**
         * @return the running engine (for checks).
         */
        public Engine engine()
        {
            return engine;
        }

        /**
         * @return the engine's processor (for checks).
         */
        public ChecksumProcessor processor()
        {
            return processor;
        }

        /**
         * @return the current (or last) data directory.
         */
        public Path directory()
        {
            return directory;
        }
    }

    /**
     * @param state the running engine.
     * @return the last sequence published (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long journaledPipeline(final EngineState state)
    {
        return state.runBatch();
    }
}
