package io.ferrite.tools;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;

/**
 * A workload whose processor throws at one sequence, to see {@code ferrite run} report an engine that halted.
 */
public final class FailingWorkload implements Workload
{
    /** The name tests pass to {@code --workload}. */
    public static final String NAME = "test-failing";
    /** Its one processor's name. */
    public static final String PROCESSOR = "fragile";
    /** The sequence whose event makes the processor throw. */
    public static final long FAILING_SEQUENCE = 500;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload: its processor throws at sequence " + FAILING_SEQUENCE;
    }

    @Override
    public int maxEventLength()
    {
        return 64;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder().stage(PROCESSOR, ctx ->
        {
            if (FAILING_SEQUENCE == ctx.sequence())
            {
                throw new IllegalArgumentException("cannot handle event " + ctx.sequence());
            }
        }).build();
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return event ->
        {
            event.type(1);
            event.timestamp(event.sequence());
            event.length(0);
        };
    }
}
