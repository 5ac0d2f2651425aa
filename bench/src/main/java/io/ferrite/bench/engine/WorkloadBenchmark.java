package io.ferrite.bench.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

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
import io.ferrite.bench.PaddedCounter;
import io.ferrite.bench.WaitKind;
import io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;

/**
 * A reference workload (the trading matching engine, the fraud scorer) through Ferrite's engine with its journal,
 * side by side with {@link BareProcessorWorkloadBenchmark}: the same processors called directly, no engine.
 * <p>
 * <b>Method:</b> the benchmark thread is the producer. Each invocation generates {@link #PIPELINE_BATCH} events of
 * the workload's deterministic generator straight into claimed ring slots and waits until the last stage has
 * processed the last one; events per second. One engine per trial over an empty data directory, deleted after it:
 * the workload's state evolves over the whole trial as in a long run, event for event as in the bare benchmark, and
 * no per-iteration set-up allocation blurs {@code -prof gc}. No sinks: outputs are dropped by the engine (a sink
 * thread would be one thread more than the 2 cores of the development machines).
 * The last stage's processors are wrapped to publish their progress (see {@link Workloads#withProgress}).
 */
public class WorkloadBenchmark extends BenchmarkDefaults
{
    /** The generator seed every workload benchmark uses. */
    public static final long SEED = 42;

    /**
     * An engine running a workload, per trial.
     */
    @State(Scope.Thread)
    public static class WorkloadState
    {
        /** The workload's name, found through ServiceLoader. */
        @Param({"trading", "fraud"})
        public String workload;

        /** The journal's flush policy. */
        @Param({"NONE"})
        public String flush;

        /** How the stages wait. */
        @Param({"yielding"})
        public String waitStrategy;

        /** How the engine's agents map to threads (SHARED: one engine thread; DEDICATED: one per agent). */
        @Param({"shared", "dedicated"})
        public String threading;

        private final EventClaim claim = new EventClaim();
        private Workload definition;
        private Path directory;
        private Engine engine;
        private EventGenerator generator;
        private LongSupplier[] lastStage;
        private Pipeline pipeline;

        /**
         * Find the workload and start an engine over an empty data directory with fresh processors and generator.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            definition = Workloads.find(workload);
            FerriteEngines.flushPolicy(flush);
            WaitKind.parse(waitStrategy).checkCores(3, "engine workload " + workload);
            directory = BenchFiles.newDirectory("ferrite-workload-" + workload);
            final List<PaddedCounter> progress = new ArrayList<>();
            pipeline = definition.newPipeline();
            engine = FerriteEngines.builder(directory, RING_SIZE, definition.maxEventLength(),
                    WaitKind.parse(waitStrategy), flush, Workloads.withProgress(pipeline, progress))
                .threadingMode(FerriteEngines.threading(threading))
                .build();
            lastStage = new LongSupplier[progress.size()];
            for (int i = 0; i < lastStage.length; i++)
            {
                lastStage[i] = progress.get(i)::get;
            }
            generator = definition.newGenerator(SEED);
            engine.start();
        }

        /**
         * Stop the engine and delete its data directory.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            final String fault = engine.fault();
            engine.close();
            BenchFiles.delete(directory);
            if (!"none".equals(fault))
            {
                throw new IllegalStateException("workload " + workload + " halted the engine: " + fault);
            }
        }

        /**
         * Generate and publish {@link #PIPELINE_BATCH} events, then wait until the last stage has processed them.
         *
         * @return the last sequence published.
         */
        public long runBatch()
        {
            final Engine engine = this.engine;
            final EventClaim claim = this.claim;
            final EventGenerator generator = this.generator;
            long sequence = 0;
            for (int i = 0; i < PIPELINE_BATCH; i++)
            {
                engine.claim(claim);
                sequence = claim.sequence();
                try
                {
                    generator.generate(claim);
                }
                finally
                {
                    // Commit even if generating failed: a claimed slot that is never committed stalls the engine.
                    claim.commit();
                }
            }
            for (final LongSupplier processed : lastStage)
            {
                Drain.await(processed, sequence, DRAIN_TIMEOUT_NANOS, "ferrite engine running " + workload);
            }
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
         * @return the state digest of each stateful processor, in pipeline order; read only once the engine has
         * stopped.
         */
        public long[] processorDigests()
        {
            return Workloads.digests(pipeline);
        }
    }

    /**
     * @param state the running engine.
     * @return the last sequence published (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long workload(final WorkloadState state)
    {
        return state.runBatch();
    }
}
