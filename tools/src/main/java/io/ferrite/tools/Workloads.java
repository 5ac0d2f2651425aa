package io.ferrite.tools;

import io.ferrite.engine.Workload;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds workloads by name through {@link ServiceLoader}: every jar on the class path that lists an implementation in
 * {@code META-INF/services/io.ferrite.engine.Workload} contributes its workloads, the reference ones (trading, fraud)
 * and a user's own alike.
 */
final class Workloads
{
    private Workloads()
    {
    }

    /**
     * @param classLoader where to look: the tool's class path, and any {@code --workload-path}.
     * @return every workload found, by name, sorted.
     * @throws ToolException if a provider cannot be loaded, or two providers claim the same name.
     */
    static Map<String, Workload> available(final ClassLoader classLoader)
    {
        final Map<String, Workload> byName = new TreeMap<>();
        try
        {
            for (final Workload workload : ServiceLoader.load(Workload.class, classLoader))
            {
                final Workload previous = byName.putIfAbsent(workload.name(), workload);
                if (null != previous)
                {
                    throw new ToolException("two workloads are named '" + workload.name() + "': " +
                        previous.getClass().getName() + " and " + workload.getClass().getName());
                }
            }
        }
        catch (final ServiceConfigurationError ex)
        {
            throw new ToolException("cannot load a workload listed in META-INF/services/" +
                Workload.class.getName() + ": " + ex.getMessage(), ex);
        }
        return byName;
    }

    /**
     * @param commandLine the command the name was given to, for the usage error.
     * @param name        the workload's name.
     * @param classLoader where to look.
     * @return the workload.
     * @throws ParameterException naming the known workloads if none has that name.
     */
    static Workload byName(final CommandLine commandLine, final String name, final ClassLoader classLoader)
    {
        final Map<String, Workload> available = available(classLoader);
        final Workload workload = available.get(name);
        if (null == workload)
        {
            throw new ParameterException(commandLine, "unknown workload '" + name + "'; " + (available.isEmpty() ?
                "no workload is on the class path" : "known: " + String.join(", ", available.keySet())));
        }
        return workload;
    }
}
