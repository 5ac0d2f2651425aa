package io.ferrite.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The journal's segment files on disk (Chronicle Queue's {@code *.cq4}), for sizes the journal API does not report
 * without walking every record.
 */
final class SegmentFiles
{
    private static final String SUFFIX = ".cq4";

    private SegmentFiles()
    {
    }

    /**
     * @param journalDirectory the journal directory.
     * @return the summed size of its segment files, in bytes. Segments are mapped in blocks, so this is the space
     * they take, not the bytes of records written.
     * @throws UncheckedIOException naming the directory if it cannot be listed.
     */
    static long totalBytes(final Path journalDirectory)
    {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(journalDirectory, "*" + SUFFIX))
        {
            for (final Path file : files)
            {
                bytes += Files.size(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list segment files in " + journalDirectory, ex);
        }
        return bytes;
    }
}
