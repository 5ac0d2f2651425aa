package io.ferrite.tools;

import io.ferrite.engine.processor.Workload;
import io.ferrite.engine.processor.WorkloadCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Finds workloads by name through {@link WorkloadCatalogue}: every jar on the class path (or {@code --workload-path})
 * that lists an implementation in {@code META-INF/services/io.ferrite.engine.processor.Workload} contributes its workloads, the
 * reference ones (trading, fraud) and a user's own alike.
 * <p>
 * One provider that fails to load (a missing class, a constructor that throws) does not hide the others: it is
 * recorded as a problem, and reported when it matters (the workload asked for is not found, or {@code workloads}).
 */
final class Workloads
{
    private Workloads()
    {
    }

    static WorkloadCatalogue load(final ClassLoader classLoader)
    {
        return WorkloadCatalogue.load(classLoader);
    }

    /**
     * @return the workload named {@code name}.
     * @throws ParameterException (a usage error) naming the workloads there are, if none has that name.
     */
    static Workload byName(final CommandLine commandLine, final String name, final ClassLoader classLoader)
    {
        try
        {
            return WorkloadCatalogue.load(classLoader).find(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(commandLine, ex.getMessage());
        }
    }
}
