package io.ferrite.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Raw access to segment files for corruption tests: find a record by a marker in its payload, flip or write bytes
 * where the journal would never write them.
 */
final class SegmentBytes
{
    private SegmentBytes()
    {
    }

    static byte[] marker(final long sequence)
    {
        return String.format("MARKER-%012d", sequence).getBytes(StandardCharsets.US_ASCII);
    }

    static List<Path> segments(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the file offset of the first occurrence of {@code pattern}, or -1.
     */
    static long find(final Path file, final byte[] pattern)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = Math.min(channel.size(), Integer.MAX_VALUE);
            final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            outer:
            for (int i = 0; i + pattern.length <= size; i++)
            {
                for (int j = 0; j < pattern.length; j++)
                {
                    if (map.get(i + j) != pattern[j])
                    {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the file offset of the payload of record {@code sequence}, written with {@link #marker(long)}.
     */
    static long payloadOffset(final Path file, final long sequence)
    {
        final long offset = find(file, marker(sequence));
        if (offset < 0)
        {
            throw new IllegalStateException("no marker of record " + sequence + " in " + file);
        }
        return offset;
    }

    static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static byte read(final Path file, final long offset)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            return one.get(0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void write(final Path file, final long offset, final byte[] bytes)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void flip(final Path file, final long offset)
    {
        write(file, offset, new byte[]{(byte)(read(file, offset) ^ 0x10)});
    }

    static void truncate(final Path file, final long size)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(size);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
