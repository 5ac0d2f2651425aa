package io.ferrite.bench.alternatives;

import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.engine.WorkloadBenchmark;
import io.ferrite.bench.engine.Workloads;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Workload;

/**
 * A reference workload's processors alone: each generated event handed straight to every processor, in pipeline
 * order, on the benchmark thread (see {@link BareContext}). No ring, no journal, no other thread: the ceiling for
 * {@link WorkloadBenchmark}, which runs the same processors on the same events through the engine.
 * <p>
 * <b>Method:</b> {@link #PIPELINE_BATCH} events per invocation; one set of processors and one generator per trial,
 * so the processors see the same event sequence, from 1, as the engine benchmark's do.
 */
public class BareProcessorWorkloadBenchmark extends BenchmarkDefaults
{
    /**
     * A workload's processors and generator, fresh per trial.
     */
    @State(Scope.Thread)
    public static class WorkloadState
    {
        /** The workload's name, found through ServiceLoader. */
        @Param({"trading", "fraud"})
        public String workload;

        private Workload definition;
        private BareContext context;
        private Processor[] processors;
        private String[] names;
        private EventGenerator generator;
        private Pipeline pipeline;
        private long nextSequence;

        /**
         * Find the workload; make its processors and generator.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            definition = Workloads.find(workload);
            context = new BareContext(definition.maxEventLength());
            pipeline = definition.newPipeline();
            final List<ProcessorSpec> specs = pipeline.processors();
            processors = new Processor[specs.size()];
            names = new String[specs.size()];
            for (int i = 0; i < specs.size(); i++)
            {
                processors[i] = specs.get(i).processor();
                names[i] = specs.get(i).name();
            }
            generator = definition.newGenerator(WorkloadBenchmark.SEED);
            nextSequence = 1;
        }

        /**
         * Generate and process {@link #PIPELINE_BATCH} events.
         *
         * @return outputs emitted so far.
         */
        public long runBatch()
        {
            final BareContext context = this.context;
            final Processor[] processors = this.processors;
            final String[] names = this.names;
            final EventGenerator generator = this.generator;
            long sequence = nextSequence;
            for (int i = 0; i < PIPELINE_BATCH; i++)
            {
                context.reset(sequence++);
                generator.generate(context);
                for (int p = 0; p < processors.length; p++)
                {
                    context.processorName(names[p]);
                    processors[p].onEvent(context);
                }
            }
            nextSequence = sequence;
            return context.outputs();
        }

        /**
         * @return the state digest of each stateful processor, in pipeline order.
         */
        public long[] processorDigests()
        {
            return Workloads.digests(pipeline);
        }
    }

    /**
     * @param state the processors.
     * @return outputs emitted so far (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long workload(final WorkloadState state)
    {
        return state.runBatch();
    }
}
