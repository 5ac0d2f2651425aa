package io.ferrite.bench.engine;

import io.ferrite.engine.processor.WorkloadCatalogue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

import io.ferrite.bench.PaddedCounter;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.StatefulProcessor;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Finds the reference workloads ("trading", "fraud") the way {@code ferrite run} does, through
 * {@link ServiceLoader}, so that the benchmarks measure whatever workloads are on the class path without compiling
 * against them; and instruments a workload's pipeline so a benchmark can tell when it has drained.
 */
public final class Workloads
{
    private Workloads()
    {
    }

    /**
     * @param name a workload's name, e.g. "trading".
     * @return the workload.
     * @throws IllegalArgumentException naming the workloads that are on the class path if none has that name.
     */
    public static io.ferrite.engine.processor.Workload find(final String name)
    {
        return WorkloadCatalogue.load(Workloads.class.getClassLoader()).find(name);
    }

    /**
     * Copy a pipeline, wrapping every processor of its last stage so that it publishes the sequence of each event it
     * has finished (a release store per event: the only cost the instrumentation adds). A stateful processor stays
     * stateful (snapshots and digests pass through).
     *
     * @param pipeline a fresh pipeline of a workload.
     * @param progress receives one counter per processor of the last stage.
     * @return the instrumented pipeline.
     */
    public static Pipeline withProgress(final Pipeline pipeline, final List<PaddedCounter> progress)
    {
        final Pipeline.Builder builder = Pipeline.builder();
        final List<List<ProcessorSpec>> stages = pipeline.stages();
        for (int s = 0; s < stages.size(); s++)
        {
            final List<ProcessorSpec> specs = stages.get(s);
            final ProcessorSpec[] copy = new ProcessorSpec[specs.size()];
            for (int p = 0; p < specs.size(); p++)
            {
                final ProcessorSpec spec = specs.get(p);
                if (s == stages.size() - 1)
                {
                    final PaddedCounter counter = new PaddedCounter();
                    progress.add(counter);
                    copy[p] = new ProcessorSpec(spec.name(), wrap(spec.processor(), counter), spec.cpu());
                }
                else
                {
                    copy[p] = spec;
                }
            }
            builder.stage(copy);
        }
        return builder.build();
    }

    /**
     * @param pipeline a pipeline whose processors are quiescent (its engine stopped, or never started).
     * @return the state digest of each stateful processor, in pipeline order.
     */
    public static long[] digests(final Pipeline pipeline)
    {
        final List<ProcessorSpec> specs = pipeline.processors();
        final long[] digests = new long[specs.size()];
        int count = 0;
        for (final ProcessorSpec spec : specs)
        {
            if (spec.processor() instanceof StatefulProcessor)
            {
                digests[count++] = ((StatefulProcessor)spec.processor()).stateDigest();
            }
        }
        return Arrays.copyOf(digests, count);
    }

    private static Processor wrap(final Processor processor, final PaddedCounter counter)
    {
        if (processor instanceof StatefulProcessor)
        {
            return new StatefulWithProgress((StatefulProcessor)processor, counter);
        }
        return new WithProgress(processor, counter);
    }

    private static class WithProgress implements Processor
    {
        final Processor delegate;
        final PaddedCounter progress;

        WithProgress(final Processor delegate, final PaddedCounter progress)
        {
            this.delegate = delegate;
            this.progress = progress;
        }

        @Override
        public void onEvent(final EventContext ctx)
        {
            delegate.onEvent(ctx);
            progress.setRelease(ctx.sequence());
        }

        @Override
        public void onTimer(final long timerId, final long deadline, final EventContext ctx)
        {
            delegate.onTimer(timerId, deadline, ctx);
            progress.setRelease(ctx.sequence());
        }
    }

    private static final class StatefulWithProgress extends WithProgress implements StatefulProcessor
    {
        private final StatefulProcessor stateful;

        StatefulWithProgress(final StatefulProcessor delegate, final PaddedCounter progress)
        {
            super(delegate, progress);
            this.stateful = delegate;
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            return stateful.writeSnapshot(buffer);
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            stateful.loadSnapshot(buffer, offset, length);
        }

        @Override
        public long stateDigest()
        {
            return stateful.stateDigest();
        }
    }
}
