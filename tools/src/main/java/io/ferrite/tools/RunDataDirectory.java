package io.ferrite.tools;

import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.engine.processor.Workload;

import java.nio.file.Path;

/**
 * What {@code ferrite run} checks about its data directory before the engine opens it: that it belongs to this
 * workload, pipeline and seed (and not to a cluster member), and how far the last run got.
 */
final class RunDataDirectory
{
    private RunDataDirectory()
    {
    }

    /**
     * Refuse a data directory created for another workload, pipeline or seed, or by a cluster member; record what a
     * new one holds.
     *
     * @param workload        the workload about to run.
     * @param seed            its seed.
     * @param data            the data directory.
     * @param allowSeedChange whether {@code --allow-seed-change} lets another seed's directory switch to this one.
     * @return why the directory must not be used, for a usage error, or null if it may.
     */
    static String checkIdentity(
        final Workload workload, final long seed, final Path data, final boolean allowSeedChange)
    {
        final DataIdentity wanted = DataIdentity.of(workload, seed);
        final DataIdentity recorded = DataIdentity.read(data);
        if (null == recorded)
        {
            // A new directory, or one written before identities were recorded: from now on it holds this.
            wanted.write(data);
            return null;
        }
        if (recorded.clusterMember())
        {
            return "data directory " + data + " belongs to a cluster member (written by `ferrite cluster node`, " +
                "workload '" + recorded.workload + "'): its journal must hold only the events of the cluster's log; " +
                "give another --data directory";
        }
        final String mismatch = wanted.workloadMismatch(recorded, data);
        if (null != mismatch)
        {
            return mismatch;
        }
        if (recorded.seed != seed)
        {
            if (!allowSeedChange)
            {
                return "data directory " + data + " holds the event stream of --seed " + recorded.seed +
                    ", not --seed " + seed + ": appending another seed's events would mix two streams; give --seed " +
                    recorded.seed + ", or add --allow-seed-change to switch streams deliberately";
            }
            wanted.write(data);
        }
        return null;
    }

    /**
     * @param data the data directory.
     * @return the last sequence the previous run journaled, from its counters file (cheap: no journal is opened), or 0.
     */
    static long lastRunJournaled(final Path data)
    {
        try
        {
            final Long journaled = EngineStat.read(data).counters().get("journaled");
            return null == journaled ? 0 : journaled;
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }
}
