package io.ferrite.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
    /** The newest segment's resume point, or null. */
    private ResumePoint resumePoint;

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
                    checked.resumePoint = new ResumePoint(fields[0], Long.parseLong(fields[2]),
                        Long.parseLong(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]),
                        Long.parseLong(fields[6]), fields[7]);
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
            checked.resumePoint = null;
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
        if (null == entry || entry[0] != size || entry[1] != modified(name, TimeUnit.MILLISECONDS))
        {
            return -1;
        }
        return entry[2];
    }

    /**
     * Whatever the segment's size and modification time now: a segment that the last check or its last writer found
     * holding records was not being created when a writer died, whatever its header looks like now.
     *
     * @return the highest sequence this cache knows the segment held (at least one record's), or 0 if none is known.
     */
    long sequenceKnownIn(final String name)
    {
        final long[] entry = entries.get(name);
        if (null != entry && entry[2] > 0)
        {
            return entry[2];
        }
        final ResumePoint point = resumePoint;
        // The resume point is the segment's last excerpt: it holds the record after sequenceBefore.
        return null != point && point.name.equals(name) && point.position >= 0 ? point.sequenceBefore + 1 : 0;
    }

    void record(final String name, final long size, final long lastSequence)
    {
        entries.put(name, new long[]{size, modified(name, TimeUnit.MILLISECONDS), lastSequence});
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
        final ResumePoint point = resumePoint;
        if (null == point || !point.name.equals(name) || point.previousLastSequence != previousLastSequence ||
            point.size != size || point.modified != modified(name, TimeUnit.NANOSECONDS) || null == BOOT_ID ||
            !BOOT_ID.equals(point.bootId))
        {
            return null;
        }
        return new long[]{point.position, point.sequenceBefore};
    }

    /**
     * Remember where the next walk of the newest segment {@code name} may resume (nothing if {@code position} is
     * negative: it holds no good excerpt).
     */
    void recordResumePoint(
        final String name, final long position, final long sequenceBefore, final long previousLastSequence)
    {
        resumePoint = null;
        if (position >= 0 && null != BOOT_ID)
        {
            long size = -1;
            try
            {
                final Path file = directory.resolve(name);
                size = Files.size(file);
                // One microsecond back: every later write sets a time at least as late as the current one, so it
                // changes what is recorded here even on a file system whose clock moves in coarse ticks.
                final long modified = Files.getLastModifiedTime(file).to(TimeUnit.MICROSECONDS);
                Files.setLastModifiedTime(file, FileTime.from(modified - 1, TimeUnit.MICROSECONDS));
            }
            catch (final IOException ex)
            {
                // Never matches a real size: the point is not trusted.
                size = -1;
            }
            resumePoint = new ResumePoint(name, position, sequenceBefore, previousLastSequence, size,
                modified(name, TimeUnit.NANOSECONDS), BOOT_ID);
        }
    }

    /**
     * Store every entry loaded or recorded (the segments were filtered by the last {@link #store(Set)}).
     */
    void storeAll()
    {
        final Set<String> names = new HashSet<>(entries.keySet());
        if (null != resumePoint)
        {
            names.add(resumePoint.name);
        }
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
        final ResumePoint point = resumePoint;
        if (null != point && present.contains(point.name))
        {
            lines.add(point.name + " " + RESUME + " " + point.position + " " + point.sequenceBefore + " " +
                point.previousLastSequence + " " + point.size + " " + point.modified + " " + point.bootId + " " +
                VERSION);
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

    /**
     * @return the file's modification time in {@code unit}, or -2 if it cannot be read. Sealed segments' entries keep
     * milliseconds (as earlier builds wrote them); the resume point nanoseconds, as the file system keeps them: a
     * kernel with multigrain timestamps (Linux 6.13+) gives a change made after a look a time of its own.
     */
    private long modified(final String name, final TimeUnit unit)
    {
        try
        {
            return Files.getLastModifiedTime(directory.resolve(name)).to(unit);
        }
        catch (final IOException ex)
        {
            return -2;
        }
    }

    /** Where the next walk of the newest segment may resume, and what must still hold for it to. */
    private static final class ResumePoint
    {
        final String name;
        final long position;
        final long sequenceBefore;
        final long previousLastSequence;
        final long size;
        final long modified;
        final String bootId;

        ResumePoint(
            final String name,
            final long position,
            final long sequenceBefore,
            final long previousLastSequence,
            final long size,
            final long modified,
            final String bootId)
        {
            this.name = name;
            this.position = position;
            this.sequenceBefore = sequenceBefore;
            this.previousLastSequence = previousLastSequence;
            this.size = size;
            this.modified = modified;
            this.bootId = bootId;
        }
    }
}
