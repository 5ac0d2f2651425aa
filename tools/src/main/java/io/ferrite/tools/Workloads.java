package io.ferrite.tools;

import io.ferrite.engine.Workload;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds workloads by name through {@link ServiceLoader}: every jar on the class path (or {@code --workload-path})
 * that lists an implementation in {@code META-INF/services/io.ferrite.engine.Workload} contributes its workloads, the
 * reference ones (trading, fraud) and a user's own alike.
 * <p>
 * One provider that fails to load (a missing class, a constructor that throws) does not hide the others: it is
 * recorded as a problem, and reported when it matters (the workload asked for is not found, or {@code workloads}).
 */
final class Workloads
{
    /** A runaway provider iterator must not loop forever. */
    private static final int MAX_PROBLEMS = 64;

    private Workloads()
    {
    }

    /**
     * What the class path offers.
     *
     * @param byName    the workloads that loaded, by name, sorted.
     * @param problems  one line per provider that could not be loaded, or name claimed twice.
     */
    record Catalogue(Map<String, Workload> byName, List<String> problems)
    {
    }

    /**
     * @param classLoader where to look: the tool's class path, and any {@code --workload-path}.
     * @return the workloads found and the problems met.
     */
    static Catalogue load(final ClassLoader classLoader)
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
                    ": " + ErrorHandler.describe(ex));
                continue;
            }
            final Workload previous = byName.putIfAbsent(workload.name(), workload);
            if (null != previous)
            {
                problems.add("two workloads are named '" + workload.name() + "': " + previous.getClass().getName() +
                    " and " + workload.getClass().getName() + " (the first is used)");
            }
        }
        return new Catalogue(byName, problems);
    }

    /**
     * @param commandLine the command the name was given to, for the usage error.
     * @param name        the workload's name.
     * @param classLoader where to look.
     * @return the workload.
     * @throws ParameterException naming the known workloads, and any that failed to load, if none has that name.
     */
    static Workload byName(final CommandLine commandLine, final String name, final ClassLoader classLoader)
    {
        final Catalogue catalogue = load(classLoader);
        final Workload workload = catalogue.byName().get(name);
        if (null == workload)
        {
            throw new ParameterException(commandLine, "unknown workload '" + name + "'; " +
                (catalogue.byName().isEmpty() ? "no workload is on the class path" :
                    "known: " + String.join(", ", catalogue.byName().keySet())) +
                (catalogue.problems().isEmpty() ? "" : "; also " + String.join("; ", catalogue.problems())));
        }
        return workload;
    }
}
