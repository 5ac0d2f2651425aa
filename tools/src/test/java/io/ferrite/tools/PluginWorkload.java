package io.ferrite.tools;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;

/**
 * A workload deliberately left out of the test class path's service file: the tests list it in a service file of
 * their own and pass that with {@code --workload-path}, as a user plugging in a jar would.
 */
public final class PluginWorkload implements Workload
{
    /** The name it is found by. */
    public static final String NAME = "test-plugin";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload found only through --workload-path";
    }

    @Override
    public int maxEventLength()
    {
        return 16;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder().stage("ignore", ctx -> { }).build();
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
