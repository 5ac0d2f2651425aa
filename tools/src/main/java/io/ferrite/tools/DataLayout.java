package io.ferrite.tools;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where things live in a data directory written by {@code ferrite run --data DIR}:
 * <pre>
 *   DIR/journal/     the journal's segment files
 *   DIR/snapshots/   snapshot-&lt;sequence&gt;.snap files
 *   DIR/digests/     state digests recorded during the live run, checked by replay
 * </pre>
 */
final class DataLayout
{
    /** The journal's subdirectory of a data directory. */
    static final String JOURNAL = "journal";
    /** The snapshots' subdirectory of a data directory. */
    static final String SNAPSHOTS = "snapshots";

    private DataLayout()
    {
    }

    /**
     * @param commandLine the command the directory was given to, for the usage error.
     * @param directory   a directory named on the command line.
     * @return {@code directory}, if it exists and is a directory.
     * @throws ParameterException naming the path otherwise.
     */
    static Path requireDirectory(final CommandLine commandLine, final Path directory)
    {
        if (!Files.exists(directory))
        {
            throw new ParameterException(commandLine, "no such directory: " + directory);
        }
        if (!Files.isDirectory(directory))
        {
            throw new ParameterException(commandLine, "not a directory: " + directory);
        }
        return directory;
    }

    /**
     * The journal commands accept either a data directory or the journal directory inside it.
     *
     * @param directory an existing directory.
     * @return {@code directory/journal} if that is a directory, else {@code directory} itself.
     */
    static Path journalDirectory(final Path directory)
    {
        final Path inside = directory.resolve(JOURNAL);
        return Files.isDirectory(inside) ? inside : directory;
    }

    /**
     * The snapshot commands take a data directory. Refuse what would otherwise list as "no snapshots": the snapshots
     * or journal directory inside a data directory, a directory that is no data directory at all, and one that cannot
     * be read. A data directory that simply has no snapshots yet passes.
     *
     * @param commandLine the command the directory was given to, for the usage error.
     * @param directory   a directory named on the command line.
     * @return {@code directory}, if it is a readable data directory.
     * @throws ParameterException naming the path if it is missing, not a directory or not a data directory.
     * @throws ToolException      if it, or the snapshots directory in it, cannot be read or is not a directory.
     */
    static Path requireDataDirectory(final CommandLine commandLine, final Path directory)
    {
        requireDirectory(commandLine, directory);
        requireReadable(directory, "data directory " + directory);
        final Path snapshots = directory.resolve(SNAPSHOTS);
        if (Files.exists(snapshots, LinkOption.NOFOLLOW_LINKS) || Files.exists(snapshots))
        {
            if (!Files.isDirectory(snapshots))
            {
                throw new ToolException(snapshots + " is not a directory (a data directory keeps its snapshots " +
                    "there): move that file away");
            }
            requireReadable(snapshots, "snapshots directory " + snapshots);
            return directory;
        }
        if (Files.isDirectory(directory.resolve(JOURNAL)) || Files.exists(directory.resolve(DataIdentity.FILE_NAME)))
        {
            return directory;
        }
        final String name = null == directory.getFileName() ? "" : directory.getFileName().toString();
        if (SNAPSHOTS.equals(name) || holds(directory, "snapshot-*.snap"))
        {
            throw new ParameterException(commandLine, directory + " looks like a snapshots directory: give its " +
                "data directory, " + parentOf(directory));
        }
        if (JOURNAL.equals(name) || holds(directory, "*.{cq4,cq4t}"))
        {
            throw new ParameterException(commandLine, directory + " looks like a journal directory: give its " +
                "data directory, " + parentOf(directory));
        }
        throw new ParameterException(commandLine, directory + " is not a Ferrite data directory (it holds no " +
            JOURNAL + "/ and no " + SNAPSHOTS + "/): give the directory `ferrite run --data` wrote");
    }

    private static void requireReadable(final Path directory, final String what)
    {
        if (!Files.isReadable(directory) || !Files.isExecutable(directory))
        {
            throw new ToolException(what + " is not readable (permission denied)");
        }
    }

    private static boolean holds(final Path directory, final String glob)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob))
        {
            return files.iterator().hasNext();
        }
        catch (final IOException ex)
        {
            throw new ToolException("cannot list " + directory + ": " + ex, ex);
        }
    }

    private static Path parentOf(final Path directory)
    {
        final Path parent = directory.toAbsolutePath().normalize().getParent();
        return null == parent ? directory.toAbsolutePath() : parent;
    }
}
