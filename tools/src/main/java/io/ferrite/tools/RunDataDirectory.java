package io.ferrite.tools;

import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.journal.DataFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code ferrite run} checks about its data directory before the engine opens it (that it belongs to this
 * workload, pipeline and seed, not to a cluster member, and how far the last run got), and what it records there
 * once it holds it.
 */
final class RunDataDirectory
{
    private RunDataDirectory()
    {
    }

    /**
     * Refuse a data directory created for another workload, pipeline or seed, or by a cluster member. Reads only:
     * the identity is recorded by {@link #recordIdentity}, once the journal's writer lock is held.
     *
     * @param wanted          the identity of the workload and seed about to run.
     * @param data            the data directory.
     * @param allowSeedChange whether {@code --allow-seed-change} lets another seed's directory switch to this one.
     * @return why the directory must not be used, for a usage error, or null if it may.
     */
    static String checkIdentity(final DataIdentity wanted, final Path data, final boolean allowSeedChange)
    {
        return check(wanted, DataIdentity.read(data), data, allowSeedChange);
    }

    private static String check(
        final DataIdentity wanted, final DataIdentity recorded, final Path data, final boolean allowSeedChange)
    {
        if (null == recorded)
        {
            // A member's directory from before identities were recorded still has its consensus module's state.
            return Files.isDirectory(data.resolve(ClusterDataDirectory.CLUSTER)) ? clusterMember(data, "") : null;
        }
        if (recorded.clusterMember())
        {
            return clusterMember(data, ", workload '" + recorded.workload + "'");
        }
        final String mismatch = wanted.workloadMismatch(recorded, data);
        if (null != mismatch)
        {
            return mismatch;
        }
        if (recorded.seed != wanted.seed && !allowSeedChange)
        {
            return "data directory " + data + " holds the event stream of --seed " + recorded.seed +
                ", not --seed " + wanted.seed + ": appending another seed's events would mix two streams; give " +
                "--seed " + recorded.seed + ", or add --allow-seed-change to switch streams deliberately";
        }
        return null;
    }

    private static String clusterMember(final Path data, final String workload)
    {
        return "data directory " + data + " belongs to a cluster member (written by `ferrite cluster node`" +
            workload + "): its journal must hold only the events of the cluster's log; give another --data directory";
    }

    /**
     * Check the directory's identity again and record this one where it is new or the seed changed. Only the
     * journal's one writer may call this (see {@link io.ferrite.engine.EngineBuilder#onJournalLocked}): a run refused
     * as locked must not rewrite what a live run's directory holds, and the check made before the lock was taken may
     * have raced another run's record.
     *
     * @param wanted          the identity of the workload and seed about to run.
     * @param data            the data directory, which exists.
     * @param allowSeedChange whether {@code --allow-seed-change} lets another seed's directory switch to this one.
     * @return why the directory must not be used, for a usage error (nothing was written), or null once recorded.
     */
    static String recordIdentity(final DataIdentity wanted, final Path data, final boolean allowSeedChange)
    {
        final DataIdentity recorded = DataIdentity.read(data);
        final String problem = check(wanted, recorded, data, allowSeedChange);
        if (null != problem)
        {
            return problem;
        }
        // A new directory, or one written before identities were recorded: from now on it holds this.
        if (null == recorded || recorded.seed != wanted.seed)
        {
            wanted.write(data);
        }
        return null;
    }

    /**
     * Create the data directory (owner-only) if it is missing, once every option has been checked.
     *
     * @param data the data directory ({@code --data}).
     * @return why it cannot be created, for a usage error (a file or a directory that takes no new entries on the
     * way, no permission), or null once it exists.
     * @throws ToolException if creating it failed for another reason (disk full, I/O error).
     */
    static String create(final Path data)
    {
        try
        {
            DataFiles.createDirectories(data);
            return null;
        }
        catch (final IOException ex)
        {
            final Path absolute = data.toAbsolutePath();
            Path existing = absolute.getParent();
            while (null != existing && !Files.exists(existing))
            {
                existing = existing.getParent();
            }
            final String reason = reason(ex);
            if (null != existing && !Files.isDirectory(existing))
            {
                return "--data " + data + ": cannot create it: " + existing +
                    (Files.isRegularFile(existing) ? " is a file" : " is not a directory");
            }
            if (ex instanceof AccessDeniedException || ex instanceof NoSuchFileException ||
                ex instanceof FileAlreadyExistsException || ex instanceof NotDirectoryException ||
                "Read-only file system".equals(reason))
            {
                return "--data " + data + ": cannot create it" + (null == existing ? "" : " in " + existing) + " (" +
                    reason.toLowerCase(Locale.ROOT) + ")";
            }
            throw new ToolException("cannot create data directory " + data + ": " + reason, ex);
        }
    }

    /**
     * @return why a file operation failed, in the operating system's words where it gave them.
     */
    private static String reason(final IOException ex)
    {
        if (ex instanceof FileSystemException && null != ((FileSystemException)ex).getReason())
        {
            return ((FileSystemException)ex).getReason();
        }
        if (ex instanceof NoSuchFileException)
        {
            return "No such file or directory";
        }
        if (ex instanceof AccessDeniedException)
        {
            return "Permission denied";
        }
        return null == ex.getMessage() ? ex.getClass().getSimpleName() : ex.getMessage();
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
