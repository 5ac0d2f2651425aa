package io.ferrite.bench.latency;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipelines the latency harness knows, by name.
 */
public final class LatencyPipelines
{
    private LatencyPipelines()
    {
    }

    /**
     * @return every known pipeline, Ferrite's first, then the alternatives.
     */
    public static List<LatencyPipelineFactory> all()
    {
        return List.of(new FerriteLatencyPipelineFactory(), new HandWiredLatencyPipelineFactory());
    }

    /**
     * @param names pipeline names; empty means all.
     * @return the factories, in the order named.
     * @throws LatencyConfig.UsageException naming an unknown pipeline and listing the known ones.
     */
    public static List<LatencyPipelineFactory> select(final List<String> names)
    {
        if (names.isEmpty())
        {
            return all();
        }
        final List<LatencyPipelineFactory> selected = new ArrayList<>();
        for (final String name : names)
        {
            LatencyPipelineFactory found = null;
            for (final LatencyPipelineFactory factory : all())
            {
                if (factory.name().equals(name))
                {
                    found = factory;
                }
            }
            if (null == found)
            {
                final List<String> known = new ArrayList<>();
                for (final LatencyPipelineFactory factory : all())
                {
                    known.add(factory.name());
                }
                throw new LatencyConfig.UsageException("unknown pipeline '" + name + "', known: " + known);
            }
            selected.add(found);
        }
        return selected;
    }
}
