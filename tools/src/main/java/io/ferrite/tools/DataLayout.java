package io.ferrite.tools;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things live in a data directory written by {@code ferrite run --data DIR}:
 * <pre>
 *   DIR/journal/     the journal's segment files
 *   DIR/snapshots/   snapshot-&lt;sequence&gt; files
 *   DIR/digests/     state digests recorded during the live run, checked by replay
 * </pre>
 */
final class DataLayout
{
    /** The journal's subdirectory of a data directory. */
    static final String JOURNAL = "journal";

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
}
