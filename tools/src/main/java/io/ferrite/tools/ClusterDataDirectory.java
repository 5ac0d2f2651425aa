package io.ferrite.tools;

import io.ferrite.engine.processor.Workload;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code ferrite cluster node} checks about its data directory before the member starts: that it is not a
 * standalone run's directory and not recorded for another workload or pipeline (see {@link DataIdentity}).
 */
final class ClusterDataDirectory
{
    /** The consensus module's directory in a member's data directory (see {@code ClusterNode}). */
    static final String CLUSTER = "cluster";

    private ClusterDataDirectory()
    {
    }

    /**
     * Refuse a standalone run's data directory, or one created for another workload or pipeline. Reads only: what a
     * new directory holds is recorded by {@link #recordIdentity}, once the member holds the directory's lock.
     *
     * @param workload the workload the member is about to run.
     * @param data     the member's data directory.
     * @return why the directory must not be used, for a usage error, or null if it may.
     */
    static String checkIdentity(final Workload workload, final Path data)
    {
        return check(DataIdentity.ofClusterMember(workload), DataIdentity.read(data), data);
    }

    private static String check(final DataIdentity wanted, final DataIdentity recorded, final Path data)
    {
        if (null == recorded)
        {
            if (Files.isDirectory(data.resolve(DataLayout.JOURNAL)) && !Files.isDirectory(data.resolve(CLUSTER)))
            {
                // A journal without a consensus module's state: written by `ferrite run` before identities were.
                return standaloneRun(data, "");
            }
            return null;
        }
        if (!recorded.clusterMember())
        {
            return standaloneRun(data, " of workload '" + recorded.workload + "'");
        }
        return wanted.workloadMismatch(recorded, data);
    }

    /**
     * Check again, now that this process holds the member's lock (another process may have written the directory
     * meanwhile), and record what a new directory, or a member's from before identities were recorded, holds.
     *
     * @param workload the workload the member is about to run.
     * @param data     the member's data directory.
     * @return why the directory must not be used, or null once it is recorded.
     */
    static String recordIdentity(final Workload workload, final Path data)
    {
        final DataIdentity wanted = DataIdentity.ofClusterMember(workload);
        final DataIdentity recorded = DataIdentity.read(data);
        final String refusal = check(wanted, recorded, data);
        if (null == refusal && null == recorded)
        {
            wanted.write(data);
        }
        return refusal;
    }

    private static String standaloneRun(final Path data, final String ofWorkload)
    {
        return "data directory " + data + " holds the journal of a standalone `ferrite run`" + ofWorkload +
            ", not a cluster member's: a member's journal must hold only the events of the cluster's log; give a " +
            "new directory, or the one this member used before";
    }
}
