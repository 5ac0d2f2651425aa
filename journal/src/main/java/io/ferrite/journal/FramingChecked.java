package io.ferrite.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sealed segments already passed the open-time framing check ({@link SegmentFraming}), so that opening a long
 * journal reads only its newest segment and the ones that changed: a segment is trusted again only while its size and
 * modification time are those recorded. The file ({@value #FILE_NAME}) is a cache: unreadable or missing, every
 * segment is checked; only a writable open rewrites it.
 * <p>
 * Each line is {@code name size modified lastSequence} and a version tag: lines without the current tag (written by
 * builds that recorded a batched segment's last sequence wrongly, as the first of its last excerpt) are not trusted.
 */
final class FramingChecked
{
    /** The cache file in the journal directory. */
    static final String FILE_NAME = "ferrite-framing.checked";
    /** Marks the lines this build writes; lines without it are not trusted. */
    private static final String VERSION = "v2";
    /** Its temp file while being replaced. */
    static final String TEMP_FILE_NAME = FILE_NAME + ".tmp";

    private final Path directory;
    private final Map<String, long[]> entries = new HashMap<>();

    private FramingChecked(final Path directory)
    {
        this.directory = directory;
    }

    static FramingChecked load(final Path directory)
    {
        final FramingChecked checked = new FramingChecked(directory);
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            return checked;
        }
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
            {
                final String[] fields = line.trim().split(" ");
                if (5 == fields.length && VERSION.equals(fields[4]))
                {
                    checked.entries.put(fields[0], new long[]{
                        Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])});
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            checked.entries.clear();
        }
        return checked;
    }

    /**
     * @return the segment's last sequence if it passed the check with this size and its current modification time,
     * else -1.
     */
    long lastSequence(final String name, final long size)
    {
        final long[] entry = entries.get(name);
        if (null == entry || entry[0] != size || entry[1] != modified(name))
        {
            return -1;
        }
        return entry[2];
    }

    void record(final String name, final long size, final long lastSequence)
    {
        entries.put(name, new long[]{size, modified(name), lastSequence});
    }

    /**
     * Keep the entries of the segments still present; best effort (a failure only costs a re-check next time).
     */
    void store(final Set<String> present)
    {
        final List<String> lines = new ArrayList<>();
        for (final Map.Entry<String, long[]> entry : entries.entrySet())
        {
            if (present.contains(entry.getKey()))
            {
                final long[] v = entry.getValue();
                lines.add(entry.getKey() + " " + v[0] + " " + v[1] + " " + v[2] + " " + VERSION);
            }
        }
        final Path temp = directory.resolve(TEMP_FILE_NAME);
        try
        {
            Files.write(temp, lines, StandardCharsets.US_ASCII);
            DataFiles.restrictFile(temp);
            try
            {
                Files.move(temp, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException ex)
        {
            // A cache: the next open checks every segment again.
        }
    }

    private long modified(final String name)
    {
        try
        {
            return Files.getLastModifiedTime(directory.resolve(name)).toMillis();
        }
        catch (final IOException ex)
        {
            return -2;
        }
    }
}
