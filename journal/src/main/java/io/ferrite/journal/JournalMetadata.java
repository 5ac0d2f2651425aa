package io.ferrite.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Ferrite's own small description of a journal, kept in {@value #FILE_NAME} beside the segment files: the format
 * version, the roll cycle the journal was created with, and the largest payload length any writer was configured
 * with (readers use it to reject a length field that could never have been written).
 * <p>
 * Written by a writer through a temporary file, fsync and atomic rename, so it is always either the old or the new
 * version.
 */
final class JournalMetadata
{
    /** Name of the metadata file inside the journal directory. */
    static final String FILE_NAME = "ferrite-journal.meta";
    /** Name of the temporary file a writer renames over {@link #FILE_NAME}. */
    static final String TEMP_FILE_NAME = FILE_NAME + ".tmp";
    /**
     * Version of the record layout described by {@link RecordDescriptor} that writers record: 3, batches whose records
     * after the first leave out their sequence. Version 2 (batches of full records) and 1 (one record per excerpt)
     * are read as they are; a writer extending one writes format 3 excerpts after the old ones, each excerpt saying
     * which kind it is, and records 3.
     */
    static final int FORMAT_VERSION = 3;
    /** Oldest version this code reads: 1, one record per excerpt, is a journal of batches of one. */
    static final int OLDEST_READABLE_FORMAT_VERSION = 1;

    private static final String FORMAT_KEY = "format";
    private static final String ROLL_CYCLE_KEY = "rollCycle";
    private static final String MAX_PAYLOAD_KEY = "maxPayloadLength";
    private static final String FLUSH_POLICY_KEY = "writerFlushPolicy";

    private final JournalRollCycle rollCycle;
    private final int maxPayloadLength;
    private final FlushPolicy writerFlushPolicy;
    private final int formatVersion;

    JournalMetadata(final JournalRollCycle rollCycle, final int maxPayloadLength, final FlushPolicy writerFlushPolicy)
    {
        this(rollCycle, maxPayloadLength, writerFlushPolicy, FORMAT_VERSION);
    }

    private JournalMetadata(
        final JournalRollCycle rollCycle,
        final int maxPayloadLength,
        final FlushPolicy writerFlushPolicy,
        final int formatVersion)
    {
        this.rollCycle = rollCycle;
        this.maxPayloadLength = maxPayloadLength;
        this.writerFlushPolicy = writerFlushPolicy;
        this.formatVersion = formatVersion;
    }

    /**
     * @return the format version the journal declares; a writer that appends batches raises it to
     * {@link #FORMAT_VERSION}.
     */
    int formatVersion()
    {
        return formatVersion;
    }

    /**
     * @return the flush policy the last writer opened the journal with, or null if not recorded (older journals).
     */
    FlushPolicy writerFlushPolicy()
    {
        return writerFlushPolicy;
    }

    JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    /**
     * @param directory the journal directory.
     * @return the stored metadata, or null if the directory holds none.
     * @throws JournalException {@link JournalException.Category#BAD_DIRECTORY} if the file cannot be understood.
     */
    static JournalMetadata read(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot read " + file + ": " + ex, ex);
        }

        final String format = properties.getProperty(FORMAT_KEY);
        int formatVersion = -1;
        try
        {
            formatVersion = Integer.parseInt(String.valueOf(format).trim());
        }
        catch (final NumberFormatException ignore)
        {
            // Reported below with the text as found.
        }
        if (formatVersion < OLDEST_READABLE_FORMAT_VERSION || formatVersion > FORMAT_VERSION)
        {
            throw new JournalException(JournalException.Category.BAD_DIRECTORY,
                file + " declares journal format " + format + ", this version reads formats " +
                OLDEST_READABLE_FORMAT_VERSION + " to " + FORMAT_VERSION);
        }

        final JournalRollCycle rollCycle;
        final int maxPayloadLength;
        final FlushPolicy flushPolicy;
        try
        {
            rollCycle = JournalRollCycle.valueOf(properties.getProperty(ROLL_CYCLE_KEY, ""));
            maxPayloadLength = Integer.parseInt(properties.getProperty(MAX_PAYLOAD_KEY, ""));
            final String flush = properties.getProperty(FLUSH_POLICY_KEY);
            flushPolicy = null == flush ? null : FlushPolicy.valueOf(flush);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new JournalException(
                JournalException.Category.BAD_DIRECTORY, file + " is not a valid journal description: " + ex, ex);
        }
        if (maxPayloadLength < 0 || maxPayloadLength > JournalConfig.MAX_PAYLOAD_LENGTH_LIMIT)
        {
            throw new JournalException(JournalException.Category.BAD_DIRECTORY,
                file + " declares an impossible maxPayloadLength " + maxPayloadLength);
        }

        return new JournalMetadata(rollCycle, maxPayloadLength, flushPolicy, formatVersion);
    }

    /**
     * Durably replace the metadata file of {@code directory} with this one.
     *
     * @param directory the journal directory.
     */
    void write(final Path directory)
    {
        final Path temp = directory.resolve(TEMP_FILE_NAME);
        final Path file = directory.resolve(FILE_NAME);
        final Properties properties = new Properties();
        properties.setProperty(FORMAT_KEY, String.valueOf(FORMAT_VERSION));
        properties.setProperty(ROLL_CYCLE_KEY, rollCycle.name());
        properties.setProperty(MAX_PAYLOAD_KEY, String.valueOf(maxPayloadLength));
        if (null != writerFlushPolicy)
        {
            properties.setProperty(FLUSH_POLICY_KEY, writerFlushPolicy.name());
        }
        try
        {
            try (OutputStream out = Files.newOutputStream(temp))
            {
                properties.store(out, "Ferrite journal; do not edit");
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE))
            {
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot write " + file + ": " + ex, ex);
        }
    }

    /**
     * Make a directory's entries (a created or renamed file) durable, as a rename is only durable once its directory
     * is forced.
     *
     * @param directory to force.
     * @throws IOException if the file system refuses.
     */
    static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
