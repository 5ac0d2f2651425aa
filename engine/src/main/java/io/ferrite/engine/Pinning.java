package io.ferrite.engine;

import net.openhft.affinity.Affinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pins engine threads to CPUs with {@code net.openhft:affinity}, one explicit {@code sched_setaffinity} per thread.
 * Where a requested CPU does not exist or pinning is refused, logs one warning and the thread runs unpinned: a
 * missing core must never stop the engine.
 */
final class Pinning
{
    private static final Logger LOG = LoggerFactory.getLogger(Pinning.class);

    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    /**
     * Called first thing on the thread to pin.
     *
     * @param role the thread's role (processor name, "journaller", "sink:NAME").
     * @param cpu  the CPU, or -1 for none.
     */
    void pinCurrentThread(final String role, final int cpu)
    {
        if (cpu < 0)
        {
            return;
        }
        final int cpus = Runtime.getRuntime().availableProcessors();
        if (cpu >= cpus)
        {
            warn(role, cpu, "CPU " + cpu + " does not exist (this machine has " + cpus + ")");
            return;
        }
        try
        {
            final BitSet mask = new BitSet();
            mask.set(cpu);
            Affinity.setAffinity(mask);
            // The library falls back to an implementation that ignores requests when its native support (JNA)
            // fails to load, logging that only at its own level: read the mask back rather than trust the call.
            final BitSet applied = Affinity.getAffinity();
            if (!mask.equals(applied))
            {
                warn(role, cpu, "the affinity library did not apply it (the thread's CPUs read back as " + applied +
                    " through " + Affinity.getAffinityImpl().getClass().getSimpleName() + ")");
                return;
            }
            final int now = Affinity.getCpu();
            outcomes.add(role + ": pinned to CPU " + cpu + (now >= 0 && now != cpu ? " (currently on " + now + ")" : ""));
        }
        catch (final Throwable ex)
        {
            warn(role, cpu, "pinning refused: " + ex);
        }
    }

    /** A pinning request that this engine's threading mode cannot honour: one warning, nothing pinned. */
    void ignored(final String role, final int cpu, final String why)
    {
        warn(role, cpu, "CPU " + cpu + " not used: " + why);
    }

    private void warn(final String role, final int cpu, final String why)
    {
        final String outcome = role + ": unpinned, " + why;
        outcomes.add(outcome);
        LOG.warn("cannot pin '{}' to CPU {}: {}; running unpinned", role, cpu, why);
    }

    List<String> outcomes()
    {
        return List.copyOf(outcomes);
    }
}
