package io.ferrite.engine;

import org.agrona.collections.Long2LongHashMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The durable side record of one processor's state digests: fixed 16-byte records (sequence, digest), appended every
 * {@code digestEvery} events during live runs, in {@code DIR/digests/<processor>.digests}. Replay compares its own
 * digests with these to find the first divergent sequence.
 * <p>
 * Appends go through the page cache (a process crash loses nothing already written). Confined to one thread.
 */
final class DigestLog implements AutoCloseable
{
    static final String SUBDIRECTORY = "digests";
    private static final int RECORD_LENGTH = 16;
    private static final long MISSING = Long.MIN_VALUE;

    private final Path file;
    private final Long2LongHashMap recorded = new Long2LongHashMap(MISSING);
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
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
        return dataDirectory.resolve(SUBDIRECTORY).resolve(processorName.replaceAll("[^A-Za-z0-9._-]", "_") + ".digests");
    }

    Path file()
    {
        return file;
    }

    /**
     * @return the digest recorded for {@code sequence}, or {@link Long#MIN_VALUE} if none.
     */
    long recorded(final long sequence)
    {
        return recorded.get(sequence);
    }

    boolean has(final long sequence)
    {
        return recorded.containsKey(sequence);
    }

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
    }

    private void load(final long journalTail, final boolean forAppend)
    {
        try
        {
            if (forAppend)
            {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            }
            else if (!Files.exists(file))
            {
                return;
            }
            else
            {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            final long size = channel.size();
            final ByteBuffer all = ByteBuffer.allocate((int)Math.min(size, Integer.MAX_VALUE - 16))
                .order(ByteOrder.LITTLE_ENDIAN);
            channel.read(all, 0);
            long keep = 0;
            for (int pos = 0; pos + RECORD_LENGTH <= all.position(); pos += RECORD_LENGTH)
            {
                final long sequence = all.getLong(pos);
                if (sequence > journalTail)
                {
                    break;
                }
                recorded.put(sequence, all.getLong(pos + 8));
                keep = pos + RECORD_LENGTH;
            }
            if (forAppend)
            {
                if (keep < size)
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

    /**
     * @return the lowest sequence with a recorded digest (the live run's interval), 0 if none.
     */
    long firstRecordedSequence()
    {
        long min = 0;
        final Long2LongHashMap.KeyIterator it = recorded.keySet().iterator();
        while (it.hasNext())
        {
            final long s = it.nextValue();
            min = min == 0 ? s : Math.min(min, s);
        }
        return min;
    }

    int size()
    {
        return recorded.size();
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
