package io.ferrite.engine.processor;

import java.util.Objects;

/**
 * A processor as registered in a pipeline: its name (also its thread's name and its key in snapshots and digests),
 * and optionally the CPU to pin its thread to.
 *
 * @param name      unique within the pipeline; stable across restarts (snapshots are keyed by it).
 * @param processor the processor.
 * @param cpu       the CPU to pin to, or -1 for no pinning.
 */
public record ProcessorSpec(String name, Processor processor, int cpu)
{
    /**
     * Validate the fields.
     *
     * @param name      unique within the pipeline.
     * @param processor the processor.
     * @param cpu       the CPU to pin to, or -1.
     */
    public ProcessorSpec
    {
        Objects.requireNonNull(name, "processor name");
        Objects.requireNonNull(processor, "processor");
        if (name.isBlank())
        {
            throw new IllegalArgumentException("processor name must not be blank");
        }
        if (cpu < -1)
        {
            throw new IllegalArgumentException("cpu must be -1 (unpinned) or >= 0, was " + cpu + " for " + name);
        }
    }

    /**
     * @param name      the processor's name.
     * @param processor the processor.
     * @return an unpinned spec.
     */
    public static ProcessorSpec of(final String name, final Processor processor)
    {
        return new ProcessorSpec(name, processor, -1);
    }
}
