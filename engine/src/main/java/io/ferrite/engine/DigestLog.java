package io.ferrite.engine;

import io.ferrite.journal.DataFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The durable side record of one processor's state digests: fixed 16-byte records (sequence, digest) in ascending
 * sequence order, appended every {@code digestEvery} events during live runs, in
 * {@code DIR/digests/<processor>.digests}. Replay walks them with a cursor and compares its own digest at each
 * recorded sequence, whatever interval the live run used.
 * <p>
 * Appends go through the page cache (a process crash loses nothing already written). Confined to one thread.
 */
final class DigestLog implements AutoCloseable
{
    static final String SUBDIRECTORY = "digests";
    private static final int RECORD_LENGTH = 16;

    private final Path file;
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private long[] sequences = new long[64];
    private long[] digests = new long[64];
    private int size;
    private int cursor;
    private FileChannel channel;

    private DigestLog(final Path file)
    {
        this.file = file;
    }

    /**
     * Open for reading only (replay tool): loads every complete record.
     */
    static DigestLog openReadOnly(final Path dataDirectory, final String processorName)
    {
        final DigestLog log = new DigestLog(fileOf(dataDirectory, processorName));
        log.load(Long.MAX_VALUE, false);
        return log;
    }

    /**
     * Open for appending: loads the records, drops a torn last record and any record beyond {@code journalTail}
     * (they cannot be trusted: the journal does not hold their events), and positions at the end.
     */
    static DigestLog openForAppend(final Path dataDirectory, final String processorName, final long journalTail)
    {
        final DigestLog log = new DigestLog(fileOf(dataDirectory, processorName));
        log.load(journalTail, true);
        return log;
    }

    static Path fileOf(final Path dataDirectory, final String processorName)
    {
        return dataDirectory.resolve(SUBDIRECTORY)
            .resolve(processorName.replaceAll("[^A-Za-z0-9._-]", "_") + ".digests");
    }

    /**
     * Place the cursor on the first record at or after {@code sequence}.
     *
     * @return that record's sequence, or {@link Long#MAX_VALUE} if none.
     */
    long seek(final long sequence)
    {
        final int found = Arrays.binarySearch(sequences, 0, size, sequence);
        cursor = found >= 0 ? found : -found - 1;
        return cursor < size ? sequences[cursor] : Long.MAX_VALUE;
    }

    /**
     * @return the digest recorded at the cursor.
     */
    long digestAtCursor()
    {
        return digests[cursor];
    }

    /**
     * Move the cursor to the next record.
     *
     * @return its sequence, or {@link Long#MAX_VALUE} if none.
     */
    long advance()
    {
        cursor++;
        return cursor < size ? sequences[cursor] : Long.MAX_VALUE;
    }

    /**
     * @return the highest sequence recorded, 0 if none.
     */
    long lastRecordedSequence()
    {
        return size == 0 ? 0 : sequences[size - 1];
    }

    /**
     * Append a record; {@code sequence} must be above {@link #lastRecordedSequence()}.
     */
    void append(final long sequence, final long digest)
    {
        record.clear();
        record.putLong(0, sequence).putLong(8, digest);
        try
        {
            while (record.hasRemaining())
            {
                channel.write(record);
            }
        }
        catch (final IOException ex)
        {
            throw new FerriteException("cannot append digest for sequence " + sequence + " to " + file + ": " + ex, ex);
        }
        add(sequence, digest);
    }

    private void add(final long sequence, final long digest)
    {
        if (size == sequences.length)
        {
            sequences = Arrays.copyOf(sequences, size * 2);
            digests = Arrays.copyOf(digests, size * 2);
        }
        sequences[size] = sequence;
        digests[size] = digest;
        size++;
    }

    private void load(final long journalTail, final boolean forAppend)
    {
        try
        {
            if (forAppend)
            {
                DataFiles.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                DataFiles.restrictFile(file);
            }
            else if (!Files.exists(file))
            {
                return;
            }
            else
            {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            final long fileSize = channel.size();
            final ByteBuffer all = ByteBuffer.allocate((int)Math.min(fileSize, Integer.MAX_VALUE - 16))
                .order(ByteOrder.LITTLE_ENDIAN);
            while (all.hasRemaining() && channel.read(all, all.position()) > 0)
            {
                // read until the buffer is full or the file ends
            }
            long keep = 0;
            for (int pos = 0; pos + RECORD_LENGTH <= all.position(); pos += RECORD_LENGTH)
            {
                final long sequence = all.getLong(pos);
                if (sequence > journalTail || sequence <= lastRecordedSequence())
                {
                    break;
                }
                add(sequence, all.getLong(pos + 8));
                keep = pos + RECORD_LENGTH;
            }
            if (forAppend)
            {
                if (keep < fileSize)
                {
                    channel.truncate(keep);
                }
                channel.position(keep);
            }
            else
            {
                channel.close();
                channel = null;
            }
        }
        catch (final IOException ex)
        {
            throw new FerriteException("cannot open digest log " + file + ": " + ex, ex);
        }
    }

    public void close()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new FerriteException("cannot close digest log " + file + ": " + ex, ex);
            }
            channel = null;
        }
    }
}
