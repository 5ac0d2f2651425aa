package io.ferrite.engine.processor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The {@link Workload}s a class loader offers through {@link ServiceLoader}, by name: the one lookup the CLI, the
 * benchmarks and embedding applications share. A provider that cannot be loaded, or a second workload with a name
 * already taken, is reported in {@link #problems()} instead of stopping the others from being found.
 *
 * @param byName   the workloads, sorted by name.
 * @param problems what went wrong loading the others, one sentence each.
 */
public record WorkloadCatalogue(Map<String, Workload> byName, List<String> problems)
{
    private static final int MAX_PROBLEMS = 64;

    /**
     * @param classLoader where to look (its {@code META-INF/services/io.ferrite.engine.processor.Workload} files).
     * @return every workload found.
     */
    public static WorkloadCatalogue load(final ClassLoader classLoader)
    {
        final Map<String, Workload> byName = new TreeMap<>();
        final List<String> problems = new ArrayList<>();
        final Iterator<Workload> providers = ServiceLoader.load(Workload.class, classLoader).iterator();
        while (problems.size() < MAX_PROBLEMS)
        {
            final Workload workload;
            try
            {
                if (!providers.hasNext())
                {
                    break;
                }
                workload = providers.next();
            }
            catch (final ServiceConfigurationError ex)
            {
                // The iterator moves on to the next provider after an error (best effort, per its contract).
                problems.add("cannot load a workload listed in META-INF/services/" + Workload.class.getName() +
                    ": " + ex.getClass().getSimpleName() + ": " + String.valueOf(ex.getMessage()).strip());
                continue;
            }
            final Workload previous = byName.putIfAbsent(workload.name(), workload);
            if (null != previous)
            {
                problems.add("two workloads are named '" + workload.name() + "': " + previous.getClass().getName() +
                    " and " + workload.getClass().getName() + " (the first is used)");
            }
        }
        return new WorkloadCatalogue(Collections.unmodifiableMap(byName), List.copyOf(problems));
    }

    /**
     * @param name a workload's name.
     * @return the workload.
     * @throws IllegalArgumentException naming the workloads there are (and any problems) if none has that name.
     */
    public Workload find(final String name)
    {
        final Workload workload = byName.get(name);
        if (null == workload)
        {
            throw new IllegalArgumentException("unknown workload '" + name + "'; " +
                (byName.isEmpty() ? "no workload is on the class path" : "known: " + String.join(", ", byName.keySet())) +
                (problems.isEmpty() ? "" : "; also " + String.join("; ", problems)));
        }
        return workload;
    }
}
