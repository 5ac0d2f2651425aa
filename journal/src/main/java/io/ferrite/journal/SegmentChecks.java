package io.ferrite.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-time checks of a journal's segment files, before Chronicle follows any excerpt header in them: a segment a
 * live writer is still creating, segments cut short, and the framing of every excerpt header (see
 * {@link SegmentFraming}, {@link SegmentInspector}). Run from {@link Journal#open} on the opening thread.
 */
final class SegmentChecks
{
    private static final Logger LOGGER = LoggerFactory.getLogger(SegmentChecks.class);
    /** How long a reader beside a live writer lets a segment being created settle before calling it truncated. */
    private static final long LIVE_WRITER_SETTLE_MILLIS = 2_000;
    /** How long a reader waits for a live writer to finish creating a segment (microseconds in practice). */
    private static final long SEGMENT_CREATION_WAIT_NS = 5_000_000_000L;

    private SegmentChecks()
    {
    }

    /**
     * Check each segment, oldest first: that it is not cut short, then the framing of its excerpt headers (see
     * {@link SegmentFraming}), before Chronicle follows any of them. Beside a live writer, a segment it is creating or
     * extending this very moment may look short for a few milliseconds: look again (with fresh file sizes) for up to
     * {@link #LIVE_WRITER_SETTLE_MILLIS} before calling it damage. Without a live writer a short segment is damage at
     * once.
     *
     * @return the sequence of the last record framed, and what was found of the newest segment.
     */
    static Checked checkSegments(
        final SingleChronicleQueue queue,
        final Path directory,
        final JournalRollCycle rollCycle,
        final Map<String, Long> fileSizes,
        final boolean liveWriter,
        final boolean recordChecked,
        final int maxBatchLength)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIVE_WRITER_SETTLE_MILLIS);
        final int maxExcerptLength = SegmentInspector.maxExcerptLength(queue);
        final FramingChecked checked = FramingChecked.load(directory);
        Map<String, Long> sizes = fileSizes;
        while (true)
        {
            try
            {
                long lastSequence = 0;
                Newest newestFound = null;
                int remaining = sizes.size();
                // The files themselves, not Chronicle's directory listing, which may still name a deleted segment.
                for (final String name : sizes.keySet())
                {
                    final int cycle = RollCycleMapping.cycleOf(rollCycle, name);
                    SegmentInspector.checkNotTruncated(queue, cycle, sizes, lastSequence, maxBatchLength);
                    final boolean newest = 0 == --remaining;
                    if (newest)
                    {
                        // Appended to, so walked on every open: from the excerpt its writer last closed it at, if
                        // the file is as that writer left it.
                        final SegmentFraming.Walked walked = SegmentInspector.checkFramingFrom(queue, cycle, sizes,
                            maxExcerptLength, lastSequence, checked.resumePoint(name, lastSequence, sizes.get(name)));
                        if (null != walked)
                        {
                            newestFound = new Newest(name, cycle, lastSequence, walked);
                            lastSequence = walked.lastSequence;
                        }
                        continue;
                    }
                    // A sealed segment whose framing passed once, unchanged since, need not be read again.
                    final long known = checked.lastSequence(name, sizes.get(name));
                    if (known >= 0)
                    {
                        lastSequence = known;
                        continue;
                    }
                    lastSequence = SegmentInspector.checkFraming(queue, cycle, sizes, maxExcerptLength, lastSequence);
                    checked.record(name, sizes.get(name), lastSequence);
                }
                if (recordChecked)
                {
                    checked.store(sizes.keySet());
                }
                return new Checked(lastSequence, newestFound);
            }
            catch (final JournalCorruptedException ex)
            {
                if (!liveWriter || System.nanoTime() > deadline)
                {
                    throw ex;
                }
                // Only a read-only open gets here (a live writer excludes a second one), so re-reading the sizes
                // cannot be fooled by a mapping of our own.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                queue.refreshDirectoryListing();
                sizes = JournalDirectory.checkContents(directory, rollCycle);
            }
        }
    }

    /**
     * The writer closes: record where the next open's walk of the newest segment may resume (its last excerpt) with
     * the segment's size and modification time now, which the next open requires unchanged. Walks only what was
     * appended since the open (from the excerpt the open's walk ended on). Best effort: a cache, so any failure (or a
     * newest segment other than the one found at open) just leaves the next open a whole walk.
     *
     * @param queue     the writer's queue, still open.
     * @param directory the journal directory.
     * @param newest    what the open found of the newest segment, or null.
     * @return the record to store once the queue is closed, or null.
     */
    static Runnable resumePointAtClose(final SingleChronicleQueue queue, final Path directory, final Newest found)
    {
        try
        {
            final int cycle = queue.lastCycle();
            final Newest newest;
            if (null != found)
            {
                newest = found;
            }
            else if (cycle != Integer.MIN_VALUE && queue.firstCycle() == cycle)
            {
                // The journal was empty when opened and holds one segment: walk it whole, after sequence 0.
                final String name = segmentName(queue, cycle);
                newest = null == name ? null : new Newest(name, cycle, 0, -1, -1, false);
            }
            else
            {
                newest = null;
            }
            if (null == newest || cycle != newest.cycle)
            {
                return null;
            }
            final int maxExcerptLength = SegmentInspector.maxExcerptLength(queue);
            final Path file = directory.resolve(newest.name);
            final SegmentFraming.Walked walked = SegmentInspector.checkFramingFrom(queue, newest.cycle,
                Map.of(newest.name, Files.size(file)), maxExcerptLength, newest.previousLastSequence,
                newest.resumePosition < 0 ? null : new long[]{newest.resumePosition, newest.resumeSequenceBefore});
            if (null == walked || walked.resumePosition < 0)
            {
                return null;
            }
            return () ->
            {
                try
                {
                    final FramingChecked checked = FramingChecked.load(directory);
                    checked.recordResumePoint(newest.name, walked.resumePosition, walked.resumeSequenceBefore,
                        newest.previousLastSequence);
                    checked.storeAll();
                }
                catch (final RuntimeException ex)
                {
                    LOGGER.warn("journal {}: cannot record where the next open may resume checking segment {} ({}); " +
                        "it will check the whole segment", directory, newest.name, ex.toString());
                }
            };
        }
        catch (final JournalCorruptedException ex)
        {
            // Damage in what this writer appended: the next open finds it again and refuses; say so now too.
            LOGGER.warn("journal {}: the closing check of the newest segment found damage: {}", directory,
                ex.getMessage());
            return null;
        }
        catch (final IOException | RuntimeException | OutOfMemoryError ex)
        {
            LOGGER.warn("journal {}: cannot check the newest segment at close ({}); the next open checks it whole",
                directory, ex.toString());
            return null;
        }
    }

    /** The result of {@link #checkSegments}. */
    static final class Checked
    {
        final long lastSequence;
        final Newest newest;

        Checked(final long lastSequence, final Newest newest)
        {
            this.lastSequence = lastSequence;
            this.newest = newest;
        }
    }

    /** The newest segment as the open-time walk found it: where a later walk of it may resume. */
    static final class Newest
    {
        final String name;
        final int cycle;
        final long previousLastSequence;
        final long resumePosition;
        final long resumeSequenceBefore;
        /** Whether the walk that found this resumed where the last writer closed the segment. */
        final boolean resumed;

        Newest(final String name, final int cycle, final long previousLastSequence, final SegmentFraming.Walked walked)
        {
            this(name, cycle, previousLastSequence, walked.resumePosition, walked.resumeSequenceBefore, walked.resumed);
        }

        Newest(
            final String name,
            final int cycle,
            final long previousLastSequence,
            final long resumePosition,
            final long resumeSequenceBefore,
            final boolean resumed)
        {
            this.resumed = resumed;
            this.name = name;
            this.cycle = cycle;
            this.previousLastSequence = previousLastSequence;
            this.resumePosition = resumePosition;
            this.resumeSequenceBefore = resumeSequenceBefore;
        }
    }

    private static String segmentName(final SingleChronicleQueue queue, final int cycle)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (null == store)
        {
            return null;
        }
        try
        {
            return store.file().getName();
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    /**
     * Beside a live writer, wait (up to {@link #SEGMENT_CREATION_WAIT_NS}) for a segment it is creating to get its
     * header.
     *
     * @return the segment still unfinished after the wait, or null.
     */
    static String awaitSegmentCreated(final Path directory, final Map<String, Long> segmentFiles)
    {
        final long deadline = System.nanoTime() + SEGMENT_CREATION_WAIT_NS;
        String unfinished = JournalDirectory.findUnfinishedSegment(directory, segmentFiles);
        while (null != unfinished && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
            unfinished = JournalDirectory.findUnfinishedSegment(directory, segmentFiles);
        }
        return unfinished;
    }
}
