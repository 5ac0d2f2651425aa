package io.ferrite.tools;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;

/**
 * A workload whose pipeline cannot be built because a class it needs is gone, as when a dependency is missing from
 * {@code --workload-path}: an {@link Error}, which picocli does not hand to the exception handler.
 */
public final class BrokenWorkload implements Workload
{
    /** The name tests pass to {@code --workload}. */
    public static final String NAME = "test-broken";
    /** The class it reports missing. */
    public static final String MISSING_CLASS = "com/example/Gone";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload: building its pipeline fails with NoClassDefFoundError";
    }

    @Override
    public int maxEventLength()
    {
        return 16;
    }

    @Override
    public Pipeline newPipeline()
    {
        throw new NoClassDefFoundError(MISSING_CLASS);
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        throw new NoClassDefFoundError(MISSING_CLASS);
    }
}
