package io.ferrite.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

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
     * @return the sequence of the last record framed.
     */
    static long checkSegments(
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
                int remaining = sizes.size();
                // The files themselves, not Chronicle's directory listing, which may still name a deleted segment.
                for (final String name : sizes.keySet())
                {
                    final int cycle = RollCycleMapping.cycleOf(rollCycle, name);
                    SegmentInspector.checkNotTruncated(queue, cycle, sizes, lastSequence, maxBatchLength);
                    // A sealed segment whose framing passed once, unchanged since, need not be read again.
                    final boolean newest = 0 == --remaining;
                    final long known = newest ? -1 : checked.lastSequence(name, sizes.get(name));
                    if (known >= 0)
                    {
                        lastSequence = known;
                        continue;
                    }
                    lastSequence = SegmentInspector.checkFraming(queue, cycle, sizes, maxExcerptLength, lastSequence);
                    if (!newest)
                    {
                        checked.record(name, sizes.get(name), lastSequence);
                    }
                }
                if (recordChecked)
                {
                    checked.store(sizes.keySet());
                }
                return lastSequence;
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
