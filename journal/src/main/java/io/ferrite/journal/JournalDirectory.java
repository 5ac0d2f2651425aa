package io.ferrite.journal;

import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that a journal directory is usable and holds nothing but a journal: Chronicle's segment files
 * ({@code *.cq4}, named for the journal's roll cycle), Chronicle's table stores ({@code *.cq4t}) and segments it set
 * aside ({@code *.cq4-<millis>.discard}), and Ferrite's own lock and metadata files. Anything else means the path is wrong (a data directory, a home directory, another
 * application's files) and the journal refuses to touch it.
 */
final class JournalDirectory
{
    /** Suffix of Chronicle Queue segment files. */
    static final String SEGMENT_SUFFIX = ".cq4";
    /** Suffix of Chronicle Queue table stores (metadata, directory listing). */
    static final String TABLE_STORE_SUFFIX = ".cq4t";
    /** Chronicle Queue's table store of segment listing and locks, rebuilt from the segments when missing. */
    static final String QUEUE_METADATA_FILE = "metadata" + TABLE_STORE_SUFFIX;
    /** Suffix Chronicle Queue gives a segment it set aside as unreadable ({@code <name>.cq4-<millis>.discard}). */
    static final String DISCARD_SUFFIX = ".discard";
    /** Chronicle's name for a segment file made ahead of it (see {@link SegmentReservation#prepareSegment}). */
    static final String PRECREATED_SUFFIX = ".precreated";

    private JournalDirectory()
    {
    }

    /**
     * Make sure the directory exists (creating it for a writer) and can be used.
     *
     * @param directory the journal directory.
     * @param readOnly  true if the journal is opened for reading only.
     * @throws JournalException {@link JournalException.Category#BAD_DIRECTORY} naming the path and what is wrong.
     */
    static void prepare(final Path directory, final boolean readOnly)
    {
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(directory))
        {
            throw badDirectory(directory, "is not a directory");
        }

        if (!Files.exists(directory))
        {
            if (readOnly)
            {
                throw badDirectory(directory, "does not exist");
            }
            try
            {
                DataFiles.createDirectories(directory);
            }
            catch (final IOException ex)
            {
                throw new JournalException(JournalException.Category.BAD_DIRECTORY,
                    "journal directory " + directory + " cannot be created: " + ex, ex);
            }
        }

        if (!Files.isReadable(directory) || !Files.isExecutable(directory))
        {
            throw badDirectory(directory, "is not readable");
        }
        if (!readOnly && !Files.isWritable(directory))
        {
            throw badDirectory(directory, "is not writable");
        }
    }

    /**
     * List the segment files and check that nothing foreign is present.
     *
     * @param directory the journal directory.
     * @param rollCycle the journal's roll cycle, which decides how segment files are named.
     * @return the segment files' names, in order, with their sizes in bytes.
     * @throws JournalException {@link JournalException.Category#BAD_DIRECTORY} naming the first foreign file.
     */
    static Map<String, Long> checkContents(final Path directory, final JournalRollCycle rollCycle)
    {
        final Map<String, Long> segments = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                if (name.endsWith(PRECREATED_SUFFIX))
                {
                    // A live writer's: Chronicle renames it at a roll, a refusal deletes it, at any moment.
                    continue;
                }
                if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
                {
                    throw badDirectory(directory, "holds " + entry + ", which is not a journal file");
                }
                if (name.endsWith(SEGMENT_SUFFIX))
                {
                    if (!RollCycleMapping.isSegmentFileName(rollCycle, name))
                    {
                        throw badDirectory(directory, "holds " + entry +
                            ", which is not a segment file of a journal with roll cycle " + rollCycle);
                    }
                    segments.put(name, Files.size(entry));
                }
                else if (!isOwnFile(name))
                {
                    throw badDirectory(directory, "holds " + entry + ", which is not a journal file");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.BAD_DIRECTORY,
                "journal directory " + directory + " cannot be listed: " + ex, ex);
        }

        return segments;
    }

    /**
     * Delete the pre-created segment files a writer left (it died, or Chronicle failed, between preparing a new
     * segment and creating it): the next writer prepares its own. Writer only, under the directory lock.
     *
     * @param directory the journal directory.
     */
    static void deletePrecreatedSegments(final Path directory)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + PRECREATED_SUFFIX))
        {
            for (final Path entry : entries)
            {
                Files.deleteIfExists(entry);
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO,
                "cannot delete the pre-created segment files of journal " + directory + ": " + ex, ex);
        }
    }

    /**
     * @param directory the journal directory.
     * @return true if it holds any Chronicle Queue file.
     */
    static boolean holdsChronicleFiles(final Path directory)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                if (name.endsWith(SEGMENT_SUFFIX) || name.endsWith(TABLE_STORE_SUFFIX))
                {
                    return true;
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.BAD_DIRECTORY,
                "journal directory " + directory + " cannot be listed: " + ex, ex);
        }
    }

    /**
     * Find a segment file whose own header was never completed: its writer died while creating it, so it holds no
     * record. Only the newest segment can be in that state.
     *
     * @param directory the journal directory.
     * @param segments  the segment files' names, in order.
     * @return the name of the unfinished newest segment, or null if there is none.
     * @throws JournalCorruptedException if an older segment has no valid header.
     */
    static String findUnfinishedSegment(final Path directory, final Map<String, Long> segments)
    {
        String unfinished = null;
        for (final String name : segments.keySet())
        {
            if (null != unfinished)
            {
                throw new JournalCorruptedException(directory.resolve(unfinished), 0,
                    "segment header is incomplete but newer segments follow it");
            }
            final Path file = directory.resolve(name);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
                final int read = channel.read(header, 0);
                if (read < Integer.BYTES || !Wires.isReadyMetaData(header.getInt(0)))
                {
                    unfinished = name;
                }
                else if (Integer.BYTES + (long)Wires.lengthOf(header.getInt(0)) > channel.size())
                {
                    // A complete header reaching past the end of the file: Chronicle would parse whatever the
                    // mapping holds there.
                    throw new JournalCorruptedException(file, 0, "segment truncated to " + channel.size() +
                        " bytes: even its own header (" + (Integer.BYTES + Wires.lengthOf(header.getInt(0))) +
                        " bytes) is cut off, so none of its records is left; restore the file from a backup, or " +
                        "move it out of the journal directory to give its records up");
                }
            }
            catch (final IOException ex)
            {
                throw new JournalException(JournalException.Category.IO, "cannot read " + file + ": " + ex, ex);
            }
        }
        return unfinished;
    }

    /**
     * Tell a segment its writer died creating (its header never completed) from a segment whose header was damaged
     * later: the first holds no record and may be set aside, the second held records that nothing can read now, and
     * setting it aside would lose them. The bytes after the header cannot tell them apart: Chronicle lays out a new
     * segment's index arrays before it marks the header complete, so a writer killed in that window (or a power loss
     * that kept the index page and not the header's) leaves data there too. What can is {@link FramingChecked}: the
     * last writer, and every check, record the highest sequence each segment held.
     *
     * @param directory the journal directory.
     * @param name      a segment {@link #findUnfinishedSegment} found without a complete header.
     * @throws JournalCorruptedException naming the file, if the framing record says it held records.
     */
    static void checkUnfinishedSegment(final Path directory, final String name)
    {
        final long known = FramingChecked.load(directory).sequenceKnownIn(name);
        if (known > 0)
        {
            final Path file = directory.resolve(name);
            long size = -1;
            try
            {
                size = Files.size(file);
            }
            catch (final IOException ex)
            {
                // Only the message uses it.
            }
            throw new JournalCorruptedException(file, 0, "segment is " + size + " bytes long without a complete " +
                "header, but it held records (up to at least sequence " + known + ", as recorded in " +
                FramingChecked.FILE_NAME + "): its header was damaged, or it was truncated or overwritten; it was " +
                "not being created. Nothing can read the records in it, and a writable open refuses to set it " +
                "aside: restore the file from a backup, or move it out of the journal directory to give its " +
                "records up");
        }
    }

    /**
     * Check that Chronicle's {@code metadata.cq4t} table store starts with a complete header that fits the file:
     * Chronicle itself reports a damaged one as a lock it cannot claim.
     *
     * @param directory the journal directory.
     * @throws JournalException {@link JournalException.Category#CORRUPTED} saying how to rebuild it.
     */
    static void checkQueueMetadata(final Path directory)
    {
        final Path file = directory.resolve(QUEUE_METADATA_FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            final int read = channel.read(header, 0);
            final int value = header.getInt(0);
            if (read < Integer.BYTES || !Wires.isReadyMetaData(value) ||
                Integer.BYTES + (long)Wires.lengthOf(value) > channel.size())
            {
                throw damagedQueueMetadata(directory, read < Integer.BYTES ? "the file is " + channel.size() +
                    " bytes long" : String.format("its header 0x%08x is not a complete table store header", value),
                    null);
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot read " + file + ": " + ex, ex);
        }
    }

    /**
     * @param directory the journal directory.
     * @param what      what is wrong with the file.
     * @param cause     what Chronicle threw, or null.
     * @return the refusal, saying how to rebuild the file from the segments.
     */
    static JournalException damagedQueueMetadata(final Path directory, final String what, final Throwable cause)
    {
        final Path file = directory.resolve(QUEUE_METADATA_FILE);
        // Out of the journal directory, which must hold nothing but the journal's own files.
        final Path aside = null == directory.getParent() ? Path.of("/tmp", QUEUE_METADATA_FILE + ".damaged") :
            directory.resolveSibling(directory.getFileName() + "-" + QUEUE_METADATA_FILE + ".damaged");
        return new JournalException(JournalException.Category.CORRUPTED, "the journal's queue metadata " + file +
            " is damaged (" + what + "). It holds only Chronicle's listing of segments and its locks, which can be " +
            "rebuilt from the segment files: with no process using the journal, move it out of the journal " +
            "directory (mv " + file + " " + aside + ") and open the journal for writing once (ferrite run) to " +
            "rebuild it; the records in the segment files are not affected", cause);
    }

    /**
     * Set an unfinished segment aside the way Chronicle Queue does, keeping its bytes in a {@value #DISCARD_SUFFIX}
     * file.
     *
     * @param directory the journal directory.
     * @param name      the segment file's name.
     */
    static void discardSegment(final Path directory, final String name)
    {
        final Path file = directory.resolve(name);
        final Path discarded = directory.resolve(name + "-" + System.currentTimeMillis() + DISCARD_SUFFIX);
        try
        {
            Files.move(file, discarded);
            JournalMetadata.forceDirectory(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException(
                JournalException.Category.IO, "cannot set aside unfinished segment " + file + ": " + ex, ex);
        }
    }

    private static boolean isOwnFile(final String name)
    {
        return name.endsWith(TABLE_STORE_SUFFIX) || isDiscardedSegment(name) ||
            DirectoryLock.FILE_NAME.equals(name) ||
            FramingChecked.FILE_NAME.equals(name) || FramingChecked.TEMP_FILE_NAME.equals(name) ||
            JournalMetadata.FILE_NAME.equals(name) ||
            JournalMetadata.TEMP_FILE_NAME.equals(name);
    }

    private static boolean isDiscardedSegment(final String name)
    {
        return name.endsWith(DISCARD_SUFFIX) && name.contains(SEGMENT_SUFFIX + "-");
    }

    private static JournalException badDirectory(final Path directory, final String what)
    {
        return new JournalException(JournalException.Category.BAD_DIRECTORY, "journal directory " + directory + " " + what);
    }
}
