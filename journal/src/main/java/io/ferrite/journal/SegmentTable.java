package io.ferrite.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Maps sequences onto Chronicle indices: which segment (roll cycle) holds which sequences.
 * <p>
 * Sequences are dense and each excerpt holds a batch of one or more consecutive records (see {@link RecordDescriptor}),
 * so the record with sequence {@code s} in a cycle whose first record has sequence {@code f} lies in an excerpt no later
 * than excerpt {@code s - f} of that cycle. The table keeps, per non-empty cycle, that first sequence; a seek is a
 * binary search over the cycles here, then a binary search over the excerpts Chronicle indexes directly (every
 * index-spacing-th excerpt: one {@code moveToIndex} without a scan and an 8-byte read per step), then a walk forward
 * over at most one index spacing of excerpts, never a scan from the start. Only the first record of each excerpt
 * passed is looked at; the excerpt the seek lands on is checked whole.
 * <p>
 * The mapped chunks the search reads stay mapped ({@link MappedChunkPins}, bounded, released on close): Chronicle would
 * otherwise unmap a chunk as soon as the tailer left it and map it again on the next seek.
 * <p>
 * The number of excerpts per cycle bounds that search. Chronicle's {@code excerptsInCycle} allocates (~3 KB a call,
 * which made every seek allocate), so the table keeps the count it last read per cycle: a cycle's excerpts are only
 * ever added to, so a kept count is a lower bound, and only a seek that lands past the last excerpt it covers reads
 * the count again.
 * <p>
 * Thread safe: readers on any thread seek through it, and the appender tells it when it starts a new cycle. The cost is
 * a monitor per seek, not per record.
 */
final class SegmentTable
{
    private static final int INITIAL_CAPACITY = 16;

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final ExcerptSearch search;
    private final RecordBatch batch;

    private int[] cycles = new int[INITIAL_CAPACITY];
    private long[] firstSequences = new long[INITIAL_CAPACITY];
    /** Per cycle, the number of excerpts it held when last counted (a lower bound), or 0 if not counted yet. */
    private long[] excerptCounts = new long[INITIAL_CAPACITY];
    private int size;

    SegmentTable(final SingleChronicleQueue queue, final int maxPayloadLength)
    {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.search = new ExcerptSearch(queue, maxPayloadLength);
        this.batch = search.batch();
    }

    /**
     * Re-read the directory: drop cycles whose files are gone, add cycles that appeared.
     *
     * @throws JournalCorruptedException if the first record of a new cycle is damaged.
     */
    synchronized void refresh()
    {
        queue.refreshDirectoryListing();
        final int firstCycle = queue.firstCycle();
        final int lastCycle = queue.lastCycle();
        if (Integer.MAX_VALUE == firstCycle || lastCycle < firstCycle)
        {
            size = 0;
            return;
        }

        final NavigableSet<Long> present = presentCycles(firstCycle, lastCycle);
        final int[] newCycles = new int[Math.max(INITIAL_CAPACITY, present.size())];
        final long[] newFirsts = new long[newCycles.length];
        int n = 0;
        for (final Long boxed : present)
        {
            final int cycle = boxed.intValue();
            final int known = find(cycle);
            final long first = known >= 0 ? firstSequences[known] : readFirstSequence(cycle);
            if (first > 0)
            {
                newCycles[n] = cycle;
                newFirsts[n] = first;
                n++;
            }
        }
        cycles = newCycles;
        firstSequences = newFirsts;
        excerptCounts = new long[newCycles.length];
        size = n;
    }

    /**
     * Chronicle's directory listing may still name a segment deleted by hand (not through retention) as the first,
     * and then refuses to list any cycle: fall back to the segment files that are there.
     */
    private NavigableSet<Long> presentCycles(final int firstCycle, final int lastCycle)
    {
        try
        {
            return queue.listCyclesBetween(firstCycle, lastCycle);
        }
        catch (final IllegalStateException ex)
        {
            final NavigableSet<Long> cycles = new TreeSet<>();
            final JournalRollCycle journalRollCycle = RollCycleMapping.journal(rollCycle);
            final File[] files = new File(queue.fileAbsolutePath()).listFiles();
            if (null == files || null == journalRollCycle)
            {
                throw ex;
            }
            for (final File file : files)
            {
                final String name = file.getName();
                if (RollCycleMapping.isSegmentFileName(journalRollCycle, name))
                {
                    final int cycle = RollCycleMapping.cycleOf(journalRollCycle, name);
                    if (cycle >= firstCycle && cycle <= lastCycle)
                    {
                        cycles.add((long)cycle);
                    }
                }
            }
            return cycles;
        }
    }

    /**
     * Check that each segment starts where the previous one ends.
     *
     * @throws JournalCorruptedException naming the segment that does not follow on, and the sequence expected there.
     */
    synchronized void checkContinuity()
    {
        for (int i = 1; i < size; i++)
        {
            final long expected = readLastSequence(cycles[i - 1], firstSequences[i - 1], false) + 1;
            if (firstSequences[i] != expected)
            {
                throw new JournalCorruptedException(segmentFile(cycles[i]), expected,
                    "sequence gap between segments: " + segmentFile(cycles[i - 1]) + " ends at " + (expected - 1) +
                    " but the next segment starts at " + firstSequences[i]);
            }
        }
    }

    /**
     * Read and check the last record.
     *
     * @return the last sequence held, or 0 if the journal is empty.
     * @throws JournalCorruptedException if the last record fails its checksum or does not have the sequence its
     *                                   position implies.
     */
    synchronized long readTail()
    {
        if (0 == size)
        {
            return 0;
        }
        return readLastSequence(cycles[size - 1], firstSequences[size - 1], true);
    }

    /**
     * @return sequence of the first record held, 0 if none.
     */
    synchronized long firstSequence()
    {
        return 0 == size ? 0 : firstSequences[0];
    }

    /**
     * @return sequence of the last record held according to Chronicle's index, 0 if none. Not checked against the
     * record itself.
     */
    synchronized long lastSequence()
    {
        if (0 == size || queue.lastCycle() > cycles[size - 1])
        {
            // A writer (in another process, for a read-only journal) started a segment since this table looked.
            refresh();
        }
        if (0 == size)
        {
            return 0;
        }
        final int cycle = cycles[size - 1];
        final long count = search.excerptsInCycle(cycle);
        if (count <= 0 || RecordCheck.OK != search.loadExcerpt(cycle, count - 1) && !batch.isFramed())
        {
            return firstSequences[size - 1] - 1;
        }
        return batch.lastFramedSequence();
    }

    /**
     * @return the number of non-empty segments known.
     */
    synchronized int size()
    {
        return size;
    }

    /**
     * Find the Chronicle index of the excerpt holding a sequence. When no known segment holds it,
     * {@link #refreshedIndexOf(long)} looks for a newer segment.
     *
     * @param sequence to locate.
     * @return the Chronicle index of the excerpt that holds it if held, or -1 if no known segment holds it.
     * @throws JournalCorruptedException if an excerpt the search reads is damaged.
     */
    synchronized long indexOf(final long sequence)
    {
        if (0 == size)
        {
            refresh();
        }
        return locate(sequence);
    }

    /**
     * Re-read the directory, then find the Chronicle index of a sequence.
     *
     * @param sequence to locate.
     * @return as {@link #indexOf(long)}.
     */
    synchronized long refreshedIndexOf(final long sequence)
    {
        refresh();
        return locate(sequence);
    }

    /**
     * The appender wrote {@code sequence} into {@code cycle}: remember the cycle if it is new.
     *
     * @param cycle    the cycle written to.
     * @param sequence the sequence written.
     */
    synchronized void onAppend(final int cycle, final long sequence)
    {
        if (size > 0 && cycles[size - 1] >= cycle)
        {
            return;
        }
        if (size == cycles.length)
        {
            cycles = Arrays.copyOf(cycles, size * 2);
            firstSequences = Arrays.copyOf(firstSequences, size * 2);
            excerptCounts = Arrays.copyOf(excerptCounts, size * 2);
        }
        cycles[size] = cycle;
        firstSequences[size] = sequence;
        excerptCounts[size] = 0;
        size++;
        restrictSegment(cycle);
    }

    /**
     * A segment the appender just rolled into was created by Chronicle with the process umask: make it owner-only. Once
     * per segment, on the appending thread.
     */
    private void restrictSegment(final int cycle)
    {
        final Path file = segmentFile(cycle);
        try
        {
            if (Files.exists(file))
            {
                DataFiles.restrictFile(file);
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO,
                "cannot restrict the permissions of segment " + file + ": " + ex, ex);
        }
    }

    /**
     * Delete whole segments whose every record is below {@code sequence}, except the newest.
     *
     * @param sequence the lowest sequence that must stay.
     * @return the number of segment files deleted.
     */
    synchronized int deleteBelow(final long sequence)
    {
        refresh();
        int deleted = 0;
        // The newest segment is the one being written: never deleted, whatever the sequence.
        for (int i = 0; i < size - 1; i++)
        {
            final long lastInSegment = firstSequences[i + 1] - 1;
            if (lastInSegment >= sequence)
            {
                break;
            }
            final File file = segmentFile(cycles[i]).toFile();
            if (file.delete())
            {
                deleted++;
            }
            else if (file.exists())
            {
                throw new JournalException(JournalException.Category.IO, "cannot delete segment " + file);
            }
        }
        if (deleted > 0)
        {
            // A pinned chunk of a deleted file would keep its blocks allocated.
            search.releasePins();
            refresh();
        }
        return deleted;
    }

    /**
     * @param cycle a cycle held by the journal.
     * @return its segment file.
     */
    synchronized Path segmentFile(final int cycle)
    {
        return search.segmentFile(cycle);
    }

    /**
     * @return how many mapped chunks the table keeps mapped for seeks now (see {@link MappedChunkPins}); for tests.
     */
    synchronized int pinnedChunks()
    {
        return search.pinnedChunks();
    }

    synchronized void close()
    {
        search.close();
    }

    private long locate(final long sequence)
    {
        if (0 == size || sequence < firstSequences[0])
        {
            return -1;
        }

        int low = 0;
        int high = size - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (firstSequences[mid] <= sequence)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        final int cycle = cycles[low];
        long count = excerptCounts[low];
        boolean counted = false;
        if (count <= 0)
        {
            count = countExcerpts(low);
            counted = true;
        }
        while (true)
        {
            if (count <= 0)
            {
                return -1;
            }
            final long excerpt = search.findExcerpt(cycle, firstSequences[low], count, sequence);
            final int fault = search.loadExcerpt(cycle, excerpt);
            if (fault < 0)
            {
                return -1;
            }
            if (batch.lastFramedSequence() < sequence && RecordCheck.OK == fault)
            {
                if (!counted && excerpt == count - 1)
                {
                    // Past the last excerpt counted before: the cycle may have grown since.
                    count = countExcerpts(low);
                    counted = true;
                    continue;
                }
                // Past the end of this segment: only possible for the newest, which may still be growing.
                return -1;
            }
            return rollCycle.toIndex(cycle, excerpt);
        }
    }

    /**
     * @return the number of excerpts in the i-th cycle now, also kept for later seeks.
     */
    private long countExcerpts(final int i)
    {
        final long count = search.excerptsInCycle(cycles[i]);
        excerptCounts[i] = Math.max(0, count);
        return count;
    }

    private int find(final int cycle)
    {
        for (int i = 0; i < size; i++)
        {
            if (cycles[i] == cycle)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the sequence of the cycle's first record, or 0 if the cycle holds no record.
     * @throws JournalCorruptedException if that record is damaged.
     */
    private long readFirstSequence(final int cycle)
    {
        final int fault = search.loadExcerpt(cycle, 0);
        if (fault < 0)
        {
            return 0;
        }
        final int recordFault = batch.checkRecord();
        if (RecordCheck.OK != recordFault)
        {
            throw new JournalCorruptedException(search.currentSegment(), batch.sequence(), batch.describe(recordFault));
        }
        return batch.sequence();
    }

    /**
     * Read the last record of a cycle: the last record of its last excerpt.
     *
     * @param cycle the cycle.
     * @param first sequence of the cycle's first record.
     * @param check whether to check every record of the last excerpt (checksums and consecutive sequences).
     * @return the sequence of the last record.
     * @throws JournalCorruptedException if the last excerpt cannot be reached or (when checked) is damaged.
     */
    private long readLastSequence(final int cycle, final long first, final boolean check)
    {
        final long count = search.excerptsInCycle(cycle);
        final int fault = count > 0 ? search.loadExcerpt(cycle, count - 1) : -1;
        if (fault < 0)
        {
            throw new JournalCorruptedException(segmentFile(cycle), first,
                "the last excerpt of the segment is indexed but cannot be reached");
        }
        if (!check)
        {
            return batch.lastFramedSequence();
        }
        long expected = 0;
        while (batch.hasRecord())
        {
            final int recordFault = batch.checkRecord();
            final long sequence = batch.sequence();
            if (RecordCheck.OK != recordFault)
            {
                throw new JournalCorruptedException(search.currentSegment(), expected > 0 ? expected : sequence,
                    batch.describe(recordFault));
            }
            if (expected > 0 && sequence != expected)
            {
                throw new JournalCorruptedException(search.currentSegment(), expected, "sequence break: expected " +
                    expected + " but found " + sequence + " at file offset " + batch.filePosition());
            }
            expected = sequence + 1;
            batch.skip();
        }
        return expected - 1;
    }
}
