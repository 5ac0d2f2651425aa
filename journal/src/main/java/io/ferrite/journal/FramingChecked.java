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
 * <p>
 * The newest segment, which is appended to, has a line
 * {@code name resume position sequenceBefore previousLastSequence size modified bootId} instead, written when its
 * writer closes: its last excerpt, from which the next open walks it again (see {@link SegmentFraming#checkFrom}) if
 * the machine has not restarted since ({@link #BOOT_ID}), the segment's size and modification time are still those its
 * writer left and the segments before it still end at {@code previousLastSequence}. A writer that died without
 * closing, or anyone else writing to the file, changes its modification time, a machine crash its boot, and the next
 * open walks it whole. Builds that do not know these lines ignore them.
 */
final class FramingChecked
{
    /** The cache file in the journal directory. */
    static final String FILE_NAME = "ferrite-framing.checked";
    /** Marks the lines this build writes; lines without it are not trusted. */
    private static final String VERSION = "v2";
    /**
     * This boot of the machine (Linux's {@code /proc/sys/kernel/random/boot_id}), or null where there is none: a
     * resume point is trusted only in the boot that recorded it. The segment it vouches for need not be on disk yet (a
     * journal that does not force leaves it to the page cache); the page cache is what every reader sees until the
     * machine stops, and after a machine crash, which a new boot means, the pages may have been lost in any order.
     */
    static final String BOOT_ID = readBootId();
    /** Second field of a newest segment's resume point line. */
    private static final String RESUME = "resume";
    /** Its temp file while being replaced. */
    static final String TEMP_FILE_NAME = FILE_NAME + ".tmp";

    private final Path directory;
    private final Map<String, long[]> entries = new HashMap<>();
    /**
     * The newest segment's resume point: excerpt position, sequence before it, last sequence of the segments before,
     * size, modification time (ns).
     */
    private final Map<String, long[]> resumePoints = new HashMap<>();
    /** The boot the resume point was recorded in. */
    private final Map<String, String> resumeBootIds = new HashMap<>();

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
                if (9 == fields.length && RESUME.equals(fields[1]) && VERSION.equals(fields[8]))
                {
                    checked.resumePoints.put(fields[0], new long[]{Long.parseLong(fields[2]),
                        Long.parseLong(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]),
                        Long.parseLong(fields[6])});
                    checked.resumeBootIds.put(fields[0], fields[7]);
                }
                else if (5 == fields.length && VERSION.equals(fields[4]))
                {
                    checked.entries.put(fields[0], new long[]{
                        Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])});
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            checked.entries.clear();
            checked.resumePoints.clear();
            checked.resumeBootIds.clear();
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
     * @param name                 the newest segment.
     * @param previousLastSequence the last sequence of the segments before it, as checked now.
     * @param size                 its size now (before anything mapped it).
     * @return where a walk of the newest segment may resume (excerpt position, sequence before it), or null: none was
     * recorded, the segment's size or modification time changed since its writer closed it (it was appended to by a
     * writer that did not close, or changed by anyone else), or the segments before it end at another sequence.
     */
    long[] resumePoint(final String name, final long previousLastSequence, final long size)
    {
        final long[] point = resumePoints.get(name);
        if (null == point || point[2] != previousLastSequence || point[3] != size || point[4] != modifiedNanos(name) ||
            null == BOOT_ID || !BOOT_ID.equals(resumeBootIds.get(name)))
        {
            return null;
        }
        return new long[]{point[0], point[1]};
    }

    /**
     * Remember where the next walk of the newest segment {@code name} may resume (nothing if {@code position} is
     * negative: it holds no good excerpt).
     */
    void recordResumePoint(
        final String name, final long position, final long sequenceBefore, final long previousLastSequence)
    {
        resumePoints.clear();
        resumeBootIds.clear();
        if (position >= 0 && null != BOOT_ID)
        {
            long size = -1;
            try
            {
                final Path file = directory.resolve(name);
                size = Files.size(file);
                // One microsecond back: every later write sets a time at least as late as the current one, so it
                // changes what is recorded here even on a file system whose clock moves in coarse ticks.
                final long modified = Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.MICROSECONDS);
                Files.setLastModifiedTime(file,
                    java.nio.file.attribute.FileTime.from(modified - 1, java.util.concurrent.TimeUnit.MICROSECONDS));
            }
            catch (final IOException ex)
            {
                // Never matches a real size: the point is not trusted.
                size = -1;
            }
            resumePoints.put(name, new long[]{position, sequenceBefore, previousLastSequence, size, modifiedNanos(name)});
            resumeBootIds.put(name, BOOT_ID);
        }
    }

    /**
     * Store every entry loaded or recorded (the segments were filtered by the last {@link #store(Set)}).
     */
    void storeAll()
    {
        final Set<String> names = new java.util.HashSet<>(entries.keySet());
        names.addAll(resumePoints.keySet());
        store(names);
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
        for (final Map.Entry<String, long[]> entry : resumePoints.entrySet())
        {
            if (present.contains(entry.getKey()))
            {
                final long[] v = entry.getValue();
                lines.add(entry.getKey() + " " + RESUME + " " + v[0] + " " + v[1] + " " + v[2] + " " + v[3] + " " +
                    v[4] + " " + resumeBootIds.get(entry.getKey()) + " " + VERSION);
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

    /**
     * In nanoseconds, as the file system keeps it: a kernel with multigrain timestamps (Linux 6.13+) gives a change
     * made after this look a time of its own, however soon after it comes.
     */
    private long modifiedNanos(final String name)
    {
        try
        {
            return Files.getLastModifiedTime(directory.resolve(name)).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        catch (final IOException ex)
        {
            return -2;
        }
    }

    private static String readBootId()
    {
        try
        {
            final String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                .trim();
            return id.isEmpty() || id.contains(" ") ? null : id;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
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
