package io.ferrite.engine;

import io.ferrite.engine.inspect.SnapshotInfo;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import io.ferrite.journal.DataFiles;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The snapshot files of a data directory ({@code DIR/snapshots/snapshot-<S>.snap}).
 * <p>
 * File layout (little endian): magic {@code FERRSNAP} (8) · format version (4) · processor count (4) · sequence (8)
 * · created epoch ms (8) · per processor: name length (4), name (UTF-8), state digest (8), part length (4), part ·
 * CRC32C (4) over everything before it. A processor's part is its timers followed by its own snapshot bytes.
 * <p>
 * Files are written to a temp file, forced, atomically renamed and the directory forced, so a crash leaves either the
 * whole new snapshot or none. Not thread safe.
 */
public final class SnapshotStore
{
    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    static final long MAGIC = 0x50414E5352524546L; // "FERRSNAP" read as a little-endian long
    static final String SUBDIRECTORY = "snapshots";
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";
    private static final int HEADER_LENGTH = 32;

    private final Path directory;

    private SnapshotStore(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * @param dataDirectory the engine's data directory.
     * @return the store of its snapshots (the directory need not exist yet).
     */
    public static SnapshotStore open(final Path dataDirectory)
    {
        return new SnapshotStore(dataDirectory.resolve(SUBDIRECTORY));
    }

    /**
     * @return the snapshots directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * List every snapshot file, newest sequence first, each read and checked.
     *
     * @return the snapshots found (empty if none or no directory).
     */
    public List<SnapshotInfo> list()
    {
        final List<SnapshotInfo> infos = new ArrayList<>();
        for (final Path file : files())
        {
            infos.add(read(file).info());
        }
        return infos;
    }

    /**
     * @return the snapshots that fail their checks (empty when all are good).
     */
    public List<SnapshotInfo> verify()
    {
        final List<SnapshotInfo> bad = new ArrayList<>();
        for (final SnapshotInfo info : list())
        {
            if (!info.valid())
            {
                bad.add(info);
            }
        }
        return bad;
    }

    /** Snapshot files sorted newest (highest sequence) first. */
    List<Path> files()
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            for (final Path p : stream)
            {
                if (sequenceOf(p) >= 0 && Files.isRegularFile(p))
                {
                    files.add(p);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + directory, ex);
        }
        files.sort(Comparator.comparingLong(SnapshotStore::sequenceOf).reversed());
        return files;
    }

    static long sequenceOf(final Path file)
    {
        final String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX))
        {
            return -1;
        }
        try
        {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    Path fileFor(final long sequence)
    {
        return directory.resolve(String.format("%s%020d%s", PREFIX, sequence, SUFFIX));
    }

    /**
     * Write a snapshot durably.
     *
     * @param sequence the sequence it belongs to.
     * @param names    processor names in pipeline order.
     * @param digests  their state digests.
     * @param parts    their parts.
     * @param lengths  their part lengths.
     * @param scratch  a reusable buffer to build the file in.
     * @return the file written.
     */
    Path write(
        final long sequence,
        final String[] names,
        final long[] digests,
        final DirectBuffer[] parts,
        final int[] lengths,
        final ExpandableArrayBuffer scratch)
    {
        int pos = 0;
        scratch.putLong(pos, MAGIC);
        scratch.putInt(pos + 8, FORMAT_VERSION);
        scratch.putInt(pos + 12, names.length);
        scratch.putLong(pos + 16, sequence);
        scratch.putLong(pos + 24, System.currentTimeMillis());
        pos = HEADER_LENGTH;
        for (int i = 0; i < names.length; i++)
        {
            final byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
            scratch.putInt(pos, name.length);
            scratch.putBytes(pos + 4, name);
            pos += 4 + name.length;
            scratch.putLong(pos, digests[i]);
            scratch.putInt(pos + 8, lengths[i]);
            pos += 12;
            scratch.putBytes(pos, parts[i], 0, lengths[i]);
            pos += lengths[i];
        }
        final CRC32C crc = new CRC32C();
        crc.update(scratch.byteArray(), 0, pos);
        scratch.putInt(pos, (int)crc.getValue());
        pos += 4;

        final Path target = fileFor(sequence);
        final Path temp = directory.resolve("." + target.getFileName() + ".tmp");
        try
        {
            DataFiles.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                DataFiles.restrictFile(temp);
                final ByteBuffer bytes = ByteBuffer.wrap(scratch.byteArray(), 0, pos);
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException("file system of " + directory + " cannot rename atomically", ex);
            }
            forceDirectory(directory);
        }
        catch (final IOException ex)
        {
            deleteQuietly(temp);
            throw new FerriteException("cannot write snapshot " + target + " at sequence " + sequence + ": " + ex, ex);
        }
        return target;
    }

    /**
     * Delete the temp files of snapshots whose writing failed or was cut short by a crash: they are never read, and
     * a full disk leaves them behind by the dozen. Only for the engine that owns the directory, at start.
     *
     * @return how many were deleted.
     */
    int removeTempFiles()
    {
        if (!Files.isDirectory(directory))
        {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "." + PREFIX + "*" + SUFFIX + ".tmp"))
        {
            for (final Path temp : stream)
            {
                if (Files.isRegularFile(temp))
                {
                    Files.deleteIfExists(temp);
                    removed++;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new FerriteException("cannot remove snapshot temp files in " + directory + ": " + ex, ex);
        }
        return removed;
    }

    private static void deleteQuietly(final Path temp)
    {
        try
        {
            Files.deleteIfExists(temp);
        }
        catch (final IOException ignore)
        {
            // The write already failed and says so; removeTempFiles() retries at the next start.
        }
    }

    /**
     * Delete all but the newest {@code keep} snapshots (and stray temp files).
     *
     * @param keep how many to keep, at least 1.
     * @return the oldest sequence kept, 0 if none.
     */
    long retain(final int keep)
    {
        final List<Path> files = files();
        long oldestKept = 0;
        for (int i = 0; i < files.size(); i++)
        {
            if (i < keep)
            {
                oldestKept = sequenceOf(files.get(i));
            }
            else
            {
                try
                {
                    Files.deleteIfExists(files.get(i));
                }
                catch (final IOException ex)
                {
                    throw new FerriteException("cannot delete old snapshot " + files.get(i) + ": " + ex, ex);
                }
            }
        }
        return oldestKept;
    }

    static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
    }

    /**
     * Read and check a snapshot file.
     *
     * @param file the file.
     * @return its contents and info; {@code info().valid()} says whether it can be used.
     */
    static Loaded read(final Path file)
    {
        final long fileSequence = sequenceOf(file);
        byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            return Loaded.invalid(file, fileSequence, 0, "cannot read: " + ex);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (bytes.length < HEADER_LENGTH + 4)
        {
            return Loaded.invalid(file, fileSequence, bytes.length, "truncated: " + bytes.length + " bytes");
        }
        if (buffer.getLong(0) != MAGIC)
        {
            return Loaded.invalid(file, fileSequence, bytes.length, "not a Ferrite snapshot (bad magic)");
        }
        final int version = buffer.getInt(8);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int)crc.getValue() != buffer.getInt(bytes.length - 4))
        {
            return Loaded.invalid(file, fileSequence, bytes.length, version == FORMAT_VERSION &&
                partsOverrun(buffer, bytes.length) ? "truncated: its parts run past the end of its " + bytes.length +
                " bytes (checksum mismatch)" : "checksum mismatch");
        }
        if (version != FORMAT_VERSION)
        {
            final SnapshotInfo info = new SnapshotInfo(fileSequence, file, bytes.length, buffer.getLong(24), version,
                List.of(), false, "format version " + version + " is not supported (this build reads " +
                FORMAT_VERSION + ")");
            return new Loaded(info, buffer, new int[0], new int[0], new long[0]);
        }
        final int count = buffer.getInt(12);
        final long sequence = buffer.getLong(16);
        if (sequence != fileSequence)
        {
            return Loaded.invalid(file, fileSequence, bytes.length,
                "holds sequence " + sequence + " but its name says " + fileSequence);
        }
        final List<String> names = new ArrayList<>();
        final int[] offsets = new int[count];
        final int[] lengths = new int[count];
        final long[] digests = new long[count];
        int pos = HEADER_LENGTH;
        try
        {
            for (int i = 0; i < count; i++)
            {
                final int nameLength = buffer.getInt(pos);
                names.add(buffer.getStringWithoutLengthUtf8(pos + 4, nameLength));
                pos += 4 + nameLength;
                digests[i] = buffer.getLong(pos);
                lengths[i] = buffer.getInt(pos + 8);
                offsets[i] = pos + 12;
                pos += 12 + lengths[i];
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            return Loaded.invalid(file, fileSequence, bytes.length, "structure overruns the file");
        }
        if (pos != bytes.length - 4)
        {
            return Loaded.invalid(file, fileSequence, bytes.length, "structure does not fill the file");
        }
        final SnapshotInfo info = new SnapshotInfo(
            sequence, file, bytes.length, buffer.getLong(24), version, List.copyOf(names), true, null);
        return new Loaded(info, buffer, offsets, lengths, digests);
    }

    /**
     * Whether the processors' parts the header lists run past the file's end: a snapshot cut short (a copy or a disk
     * that lost its tail) rather than one damaged in place, told apart only for the message.
     */
    private static boolean partsOverrun(final UnsafeBuffer buffer, final int length)
    {
        final int count = buffer.getInt(12);
        long pos = HEADER_LENGTH;
        for (int i = 0; i < count && pos <= length - 4; i++)
        {
            if (pos + 4 > length)
            {
                return true;
            }
            final int nameLength = buffer.getInt((int)pos);
            if (nameLength < 0)
            {
                return false;
            }
            pos += 4L + nameLength;
            if (pos + 12 > length)
            {
                return true;
            }
            final int partLength = buffer.getInt((int)pos + 8);
            if (partLength < 0)
            {
                return false;
            }
            pos += 12L + partLength;
        }
        return count > 0 && pos > length - 4;
    }

    /**
     * A snapshot read into memory.
     *
     * @param info    what it is and whether it is valid.
     * @param buffer  the whole file.
     * @param offsets of each processor's part.
     * @param lengths of each processor's part.
     * @param digests each processor's digest at the snapshot.
     */
    record Loaded(SnapshotInfo info, UnsafeBuffer buffer, int[] offsets, int[] lengths, long[] digests)
    {
        static Loaded invalid(final Path file, final long sequence, final long bytes, final String problem)
        {
            return new Loaded(new SnapshotInfo(sequence, file, bytes, 0, -1, List.of(), false, problem),
                null, new int[0], new int[0], new long[0]);
        }
    }
}
