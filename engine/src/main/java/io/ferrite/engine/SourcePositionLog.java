package io.ferrite.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A source's position side log, {@code sources/<name>.positions} in the data directory: for every record the source
 * published, (sequence, partition, offset, aux), written <b>before</b> the record is committed to the input ring and
 * therefore before the journaller can append it. At recovery the entries up to the journal tail say exactly where the
 * source stands; entries past it (written ahead of a crash, never journaled) are dropped.
 * <p>
 * Why a side log rather than positions inside the journal: the journal record format is not the source's to change,
 * and an extra journaled "position" event would shift the sequences processors see, so a resumed run would differ
 * from an uninterrupted one. The side log keeps the journal byte for byte what it would be without sources.
 * <pre>
 *   header  magic (8) "FRSRCPOS", version (4), entry length (4)
 *   entry   sequence (8), partition (4), kind (4: 1 record, 2 skipped), offset (8), aux (8)     little endian
 * </pre>
 * Written with positional {@code write} calls, one per published batch, so an entry is in the page cache (safe from
 * kill -9) before its record is committed; with a flush policy other than NONE it is also forced to disk first.
 * Entries are in non-decreasing sequence order. On open the log is compacted to one entry per partition (temp file,
 * fsync, atomic rename), so it grows only with the records of one run.
 */
final class SourcePositionLog implements AutoCloseable
{
    static final long MAGIC = 0x534F505243535246L; // "FRSRCPOS" little endian
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 16;
    static final int ENTRY_LENGTH = 32;
    static final int KIND_RECORD = 1;
    static final int KIND_SKIPPED = 2;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer pending;
    private final boolean force;
    private long writePosition;

    private SourcePositionLog(final Path file, final FileChannel channel, final int capacity, final boolean force)
        throws IOException
    {
        this.file = file;
        this.channel = channel;
        this.pending = ByteBuffer.allocateDirect(capacity * ENTRY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        this.force = force;
        this.writePosition = channel.size();
    }

    /**
     * Read the log up to the journal tail, rewrite it compacted and open it for appending.
     *
     * @param directory     the data directory.
     * @param sourceName    the source.
     * @param journalTail   the last journaled sequence.
     * @param batchCapacity most entries appended in one batch.
     * @param force         force entries to disk before their records are committed.
     * @param resume        filled with the positions to resume after.
     * @return the log, ready to append.
     */
    static SourcePositionLog open(
        final Path directory,
        final String sourceName,
        final long journalTail,
        final int batchCapacity,
        final boolean force,
        final SourcePositions resume)
    {
        final Path sources = directory.resolve("sources");
        final Path file = sources.resolve(sourceName + ".positions");
        try
        {
            if (!Files.isDirectory(sources))
            {
                Files.createDirectories(sources);
                setOwnerOnly(sources, true);
            }
            final List<long[]> kept = new ArrayList<>();
            if (Files.exists(file))
            {
                readUpTo(file, journalTail, resume);
            }
            for (final int partition : resume.partitions())
            {
                kept.add(new long[]{partition, resume.offset(partition, 0), resume.aux(partition, 0)});
            }
            final Path temp = sources.resolve(sourceName + ".positions.tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                setOwnerOnly(temp, false);
                final ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH + kept.size() * ENTRY_LENGTH)
                    .order(ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(MAGIC).putInt(VERSION).putInt(ENTRY_LENGTH);
                for (final long[] p : kept)
                {
                    // Compacted entries carry the journal tail: they are all journaled by definition.
                    buffer.putLong(journalTail).putInt((int)p[0]).putInt(KIND_RECORD).putLong(p[1]).putLong(p[2]);
                }
                buffer.flip();
                while (buffer.hasRemaining())
                {
                    out.write(buffer);
                }
                out.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(sources);
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            return new SourcePositionLog(file, channel, batchCapacity, force);
        }
        catch (final IOException ex)
        {
            throw new FerriteException("source '" + sourceName + "': cannot open its position log " + file + ": " + ex,
                ex);
        }
    }

    private static void readUpTo(final Path file, final long journalTail, final SourcePositions resume)
        throws IOException
    {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = in.size();
            if (size < HEADER_LENGTH)
            {
                // Torn at creation: it was written before any record of the source was committed.
                return;
            }
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(in, header, 0);
            header.flip();
            final long magic = header.getLong();
            final int version = header.getInt();
            final int entryLength = header.getInt();
            if (magic != MAGIC || version != VERSION || entryLength != ENTRY_LENGTH)
            {
                throw new FerriteException(file + " is not a Ferrite source position log (version " + VERSION + ")");
            }
            final ByteBuffer chunk = ByteBuffer.allocate(ENTRY_LENGTH * 8192).order(ByteOrder.LITTLE_ENDIAN);
            long position = HEADER_LENGTH;
            // A trailing partial entry belongs to a batch that was never committed: ignore it.
            final long end = HEADER_LENGTH + (size - HEADER_LENGTH) / ENTRY_LENGTH * ENTRY_LENGTH;
            while (position < end)
            {
                chunk.clear();
                chunk.limit((int)Math.min(chunk.capacity(), end - position));
                readFully(in, chunk, position);
                chunk.flip();
                while (chunk.remaining() >= ENTRY_LENGTH)
                {
                    final long sequence = chunk.getLong();
                    final int partition = chunk.getInt();
                    chunk.getInt();
                    final long offset = chunk.getLong();
                    final long aux = chunk.getLong();
                    if (sequence > journalTail)
                    {
                        // Written ahead of a record the journaller never appended; all later entries are newer.
                        return;
                    }
                    resume.put(partition, offset, aux);
                }
                position += chunk.limit();
            }
        }
    }

    private static void readFully(final FileChannel in, final ByteBuffer buffer, final long position)
        throws IOException
    {
        long at = position;
        while (buffer.hasRemaining())
        {
            final int read = in.read(buffer, at);
            if (read < 0)
            {
                throw new IOException("unexpected end of " + position);
            }
            at += read;
        }
    }

    /**
     * Stage one entry of the batch being published.
     */
    void add(final long sequence, final int partition, final int kind, final long offset, final long aux)
    {
        pending.putLong(sequence).putInt(partition).putInt(kind).putLong(offset).putLong(aux);
    }

    /**
     * Write the staged entries (and force them if the flush policy asks): after this returns, the records they
     * describe may be committed.
     */
    void write()
    {
        if (pending.position() == 0)
        {
            return;
        }
        pending.flip();
        try
        {
            while (pending.hasRemaining())
            {
                writePosition += channel.write(pending, writePosition);
            }
            if (force)
            {
                channel.force(false);
            }
        }
        catch (final IOException ex)
        {
            throw new FerriteException("cannot write the source position log " + file + ": " + ex, ex);
        }
        finally
        {
            pending.clear();
        }
    }

    Path file()
    {
        return file;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new FerriteException("cannot close " + file + ": " + ex, ex);
        }
    }

    private static void setOwnerOnly(final Path path, final boolean directory) throws IOException
    {
        try
        {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
        }
        catch (final UnsupportedOperationException ex)
        {
            // Not a POSIX file system: nothing finer to set.
        }
    }

    private static void forceDirectory(final Path directory)
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems refuse to open a directory: the rename is still atomic, only its durability waits.
        }
    }
}
