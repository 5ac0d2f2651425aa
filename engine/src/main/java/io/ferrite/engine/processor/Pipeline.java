package io.ferrite.engine.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a pipeline: stages in order, each holding one or more processors that see the same events in parallel.
 * <pre>
 *   journaller ─► stage 1 ─► stage 2 ─► ...      a stage with several processors fans out (diamond):
 *                                                   journaller ─► P1 ─► (P2a ∥ P2b)
 * </pre>
 * Immutable once built.
 */
public final class Pipeline
{
    private final List<List<ProcessorSpec>> stages;

    private Pipeline(final List<List<ProcessorSpec>> stages)
    {
        this.stages = stages;
    }

    /**
     * @return a builder for a pipeline.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the stages in order; each stage's processors run in parallel.
     */
    public List<List<ProcessorSpec>> stages()
    {
        return stages;
    }

    /**
     * @return every processor in stage order.
     */
    public List<ProcessorSpec> processors()
    {
        final List<ProcessorSpec> all = new ArrayList<>();
        for (final List<ProcessorSpec> stage : stages)
        {
            all.addAll(stage);
        }
        return all;
    }

    /**
     * Builds a {@link Pipeline}.
     */
    public static final class Builder
    {
        private final List<List<ProcessorSpec>> stages = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        /**
         * Add a stage of one processor after the previous stage.
         *
         * @param name      the processor's unique name.
         * @param processor the processor.
         * @return this for a fluent API.
         */
        public Builder stage(final String name, final Processor processor)
        {
            return stage(ProcessorSpec.of(name, processor));
        }

        /**
         * Add a stage whose processors see the same events in parallel, after the previous stage.
         *
         * @param specs one or more processors.
         * @return this for a fluent API.
         */
        public Builder stage(final ProcessorSpec... specs)
        {
            if (specs.length == 0)
            {
                throw new IllegalArgumentException("a stage needs at least one processor");
            }
            for (final ProcessorSpec spec : specs)
            {
                if (!names.add(spec.name()))
                {
                    throw new IllegalArgumentException("duplicate processor name: " + spec.name());
                }
            }
            stages.add(List.of(specs));
            return this;
        }

        /**
         * @return the pipeline.
         * @throws IllegalStateException if no stage was added.
         */
        public Pipeline build()
        {
            if (stages.isEmpty())
            {
                throw new IllegalStateException("a pipeline needs at least one stage");
            }
            return new Pipeline(List.copyOf(stages));
        }
    }
}
