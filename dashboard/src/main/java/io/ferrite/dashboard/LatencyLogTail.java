package io.ferrite.dashboard;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * Follows an engine's latency interval log ({@code DIR/latency.hlog}, HdrHistogram's interval log format) as it grows,
 * decoding only the lines appended since the last call. A log that was replaced (the engine restarted) is read again
 * from the start. Not thread safe: one caller (the dashboard's sampler).
 */
final class LatencyLogTail
{
    private static final int MAX_READ = 4 * 1024 * 1024;

    private final Path path;
    private Object fileKey;
    private long position;
    private long startMillis;
    private final StringBuilder partial = new StringBuilder();

    LatencyLogTail(final Path path)
    {
        this.path = path;
    }

    /**
     * @return the intervals appended since the last call (empty if none or no log yet).
     * @throws IOException if the log exists but cannot be read.
     * @throws IllegalArgumentException naming the line if an interval cannot be decoded.
     */
    List<LatencyInterval> poll() throws IOException
    {
        final List<LatencyInterval> intervals = new ArrayList<>();
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        }
        catch (final NoSuchFileException ex)
        {
            return intervals;
        }
        final Object key = null == attributes.fileKey() ? attributes.creationTime() : attributes.fileKey();
        if (!key.equals(fileKey) || attributes.size() < position)
        {
            fileKey = key;
            position = 0;
            startMillis = 0;
            partial.setLength(0);
        }
        if (attributes.size() == position)
        {
            return intervals;
        }
        final ByteBuffer bytes = ByteBuffer.allocate((int)Math.min(MAX_READ, attributes.size() - position));
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ))
        {
            channel.position(position);
            while (bytes.hasRemaining() && channel.read(bytes) > 0)
            {
                // read what is there now; the rest comes next time
            }
        }
        bytes.flip();
        position += bytes.remaining();
        partial.append(StandardCharsets.US_ASCII.decode(bytes));
        int lineStart = 0;
        for (int i = 0; i < partial.length(); i++)
        {
            if (partial.charAt(i) == '\n')
            {
                final LatencyInterval interval = parse(partial.substring(lineStart, i).trim());
                if (null != interval)
                {
                    intervals.add(interval);
                }
                lineStart = i + 1;
            }
        }
        partial.delete(0, lineStart);
        return intervals;
    }

    /**
     * @return the start time (epoch ms) the log's header gives, 0 before the header was read; it changes when the
     * engine restarts and writes a new log.
     */
    long startMillis()
    {
        return startMillis;
    }

    private LatencyInterval parse(final String line)
    {
        if (line.isEmpty() || line.startsWith("\"StartTimestamp\""))
        {
            return null;
        }
        if (line.startsWith("#"))
        {
            final String marker = "#[StartTime: ";
            if (line.startsWith(marker))
            {
                final int end = line.indexOf(' ', marker.length());
                startMillis = (long)(Double.parseDouble(line.substring(marker.length(), end)) * 1000.0);
            }
            return null;
        }
        String body = line;
        if (body.startsWith("Tag="))
        {
            body = body.substring(body.indexOf(',') + 1);
        }
        final String[] fields = body.split(",");
        if (fields.length != 4)
        {
            throw new IllegalArgumentException(path + ": not an interval line: " + abbreviate(line));
        }
        final double startSeconds = Double.parseDouble(fields[0]);
        final double lengthSeconds = Double.parseDouble(fields[1]);
        final Histogram histogram;
        try
        {
            histogram = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(fields[3])), 0);
        }
        catch (final DataFormatException | RuntimeException ex)
        {
            throw new IllegalArgumentException(path + ": undecodable histogram in line " + abbreviate(line), ex);
        }
        final long endMillis = startMillis + (long)((startSeconds + lengthSeconds) * 1000.0);
        return new LatencyInterval(endMillis, histogram);
    }

    private static String abbreviate(final String line)
    {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    /**
     * One interval of the log.
     *
     * @param endEpochMillis when the interval ended.
     * @param histogram      its latencies, nanoseconds.
     */
    record LatencyInterval(long endEpochMillis, Histogram histogram)
    {
    }
}
