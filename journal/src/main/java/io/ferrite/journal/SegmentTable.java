package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
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
    private final ExcerptTailer tailer;
    private final RecordBatch batch;
    private final MappedChunkPins pins = new MappedChunkPins("ferrite segment table");
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final int maxBatchLength;
    private final long indexSpacing;

    private int[] cycles = new int[INITIAL_CAPACITY];
    private long[] firstSequences = new long[INITIAL_CAPACITY];
    /** Per cycle, the number of excerpts it held when last counted (a lower bound), or 0 if not counted yet. */
    private long[] excerptCounts = new long[INITIAL_CAPACITY];
    private int size;

    SegmentTable(final SingleChronicleQueue queue, final int maxPayloadLength)
    {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.batch = new RecordBatch(maxPayloadLength);
        this.maxBatchLength = RecordDescriptor.maxBatchLength(maxPayloadLength);
        this.indexSpacing = Math.max(1, queue.indexSpacing());
        this.tailer = queue.createTailer();
        this.tailer.singleThreadedCheckDisabled(true);
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
        final long count = tailer.excerptsInCycle(cycle);
        if (count <= 0 || RecordCheck.OK != loadExcerpt(cycle, count - 1) && !batch.isFramed())
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
            pins.releaseAll();
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
        if (tailer.moveToCycle(cycle))
        {
            final File file = tailer.currentFile();
            if (null != file)
            {
                return file.toPath();
            }
        }
        return Path.of(queue.fileAbsolutePath(), "cycle-" + cycle);
    }

    private Path currentSegment()
    {
        final File file = tailer.currentFile();
        return null == file ? null : file.toPath();
    }

    /**
     * @return how many mapped chunks the table keeps mapped for seeks now (see {@link MappedChunkPins}); for tests.
     */
    synchronized int pinnedChunks()
    {
        return pins.size();
    }

    synchronized void close()
    {
        pins.releaseAll();
        tailer.close();
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
            final long excerpt = findExcerpt(cycle, firstSequences[low], count, sequence);
            final int fault = loadExcerpt(cycle, excerpt);
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
        final long count = tailer.excerptsInCycle(cycles[i]);
        excerptCounts[i] = Math.max(0, count);
        return count;
    }

    /**
     * @return the last of the first {@code count} excerpts of a cycle whose first record's sequence is at most
     * {@code sequence}.
     */
    private long findExcerpt(final int cycle, final long firstOfCycle, final long count, final long sequence)
    {
        // Every excerpt holds at least one record, so excerpt k starts at or after sequence first + k: the one
        // holding the sequence is no later than excerpt (sequence - first).
        final long last = Math.min(count - 1, sequence - firstOfCycle);

        // First over the excerpts Chronicle indexes directly (multiples of its index spacing): moving to one reads
        // two index entries and no excerpt on the way. Any other excerpt costs Chronicle a scan of up to a spacing of
        // excerpt headers from the indexed one before it, so a search over all excerpts paid that scan at every step.
        final long spacing = indexSpacing;
        long low = 0;
        long high = last / spacing;
        while (low < high)
        {
            final long mid = (low + high + 1) >>> 1;
            if (firstSequenceAt(cycle, mid * spacing, sequence) <= sequence)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        // Then forward from that indexed excerpt, one excerpt header and first sequence at a time: the same reads as
        // one Chronicle scan, done once.
        long excerpt = low * spacing;
        if (excerpt == last)
        {
            return excerpt;
        }
        if (!tailer.moveToIndex(rollCycle.toIndex(cycle, excerpt + 1)))
        {
            return findExcerptByIndex(cycle, excerpt, last, sequence);
        }
        while (excerpt < last)
        {
            // The first sequence of excerpt + 1.
            final long next = peekNextFirstSequence();
            if (next < 0)
            {
                // Not readable this way (damaged, or not all there): indexed moves and the full check settle it.
                return findExcerptByIndex(cycle, excerpt, last, sequence);
            }
            if (next > sequence)
            {
                return excerpt;
            }
            excerpt++;
        }
        return excerpt;
    }

    /**
     * A binary search by indexed moves only, between excerpts {@code first} (whose first sequence is at most
     * {@code sequence}) and {@code last}: the fallback when the forward walk cannot read on.
     */
    private long findExcerptByIndex(final int cycle, final long first, final long last, final long sequence)
    {
        long low = first;
        long high = last;
        while (low < high)
        {
            final long mid = (low + high + 1) >>> 1;
            if (firstSequenceAt(cycle, mid, sequence) <= sequence)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }

    /**
     * Read the next excerpt of the tailer's cycle and return the sequence of its first record, moving on past it.
     *
     * @return that sequence, or -1 if there is no next excerpt or its first record is not framed.
     */
    private long peekNextFirstSequence()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long sequence = peekFirstSequence(bytes, bytes.readPosition(), bytes.readRemaining());
            if (sequence < 0)
            {
                dc.rollbackOnClose();
            }
            else
            {
                pins.pin(bytes);
            }
            return sequence;
        }
    }

    /**
     * The sequence of an excerpt's first record, after checking that record's framing only: the records after it do
     * not matter to a search by first sequence, and framing them all touched every page of the excerpt. The excerpt
     * a seek lands on is checked whole ({@link #loadExcerpt}), and each record is checked again before it is read.
     *
     * @return the sequence, or -1 if the first record is not framed.
     */
    private long peekFirstSequence(final Bytes<?> bytes, final long position, final long length)
    {
        if (length < RecordDescriptor.FRAMING_LENGTH || length > maxBatchLength)
        {
            return -1;
        }
        final UnsafeBuffer view = this.view;
        view.wrap(bytes.addressForRead(position), RecordDescriptor.FRAMING_LENGTH);
        final int payloadLength = view.getInt(RecordDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (payloadLength < 0 || payloadLength > length - RecordDescriptor.FRAMING_LENGTH)
        {
            return -1;
        }
        final long sequence = view.getLong(RecordDescriptor.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return sequence > 0 ? sequence : -1;
    }

    /**
     * @return the sequence of the first record of an excerpt of a cycle, read for a seek.
     */
    private long firstSequenceAt(final int cycle, final long excerpt, final long sought)
    {
        long sequence = -1;
        if (tailer.moveToIndex(rollCycle.toIndex(cycle, excerpt)))
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (dc.isPresent())
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    dc.rollbackOnClose();
                    sequence = peekFirstSequence(bytes, bytes.readPosition(), bytes.readRemaining());
                    pins.pin(bytes);
                }
            }
        }
        if (sequence < 0)
        {
            // Not found or not framed: the full check says which, and names the fault.
            final int fault = loadExcerpt(cycle, excerpt);
            if (fault < 0 || !batch.isFramed())
            {
                throw new JournalCorruptedException(segmentFile(cycle), sought, "cannot seek to sequence " + sought +
                    ": excerpt " + excerpt + " of the segment is " +
                    (fault < 0 ? "indexed but cannot be reached" : "damaged: " + batch.describe(fault)));
            }
            return batch.sequence();
        }
        return sequence;
    }

    /**
     * Point {@link #batch} at an excerpt of a cycle.
     *
     * @return -1 if the excerpt cannot be reached, else its framing check ({@link RecordCheck#OK} or the fault).
     */
    private int loadExcerpt(final int cycle, final long excerpt)
    {
        batch.clear();
        if (!tailer.moveToIndex(rollCycle.toIndex(cycle, excerpt)))
        {
            return -1;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            // Only looking: never move the tailer by a length that may be damaged.
            dc.rollbackOnClose();
            pins.pin(bytes);
            return batch.wrap(bytes, bytes.readPosition(), (int)bytes.readRemaining());
        }
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
        final int fault = loadExcerpt(cycle, 0);
        if (fault < 0)
        {
            return 0;
        }
        final int recordFault = batch.checkRecord();
        if (RecordCheck.OK != recordFault)
        {
            throw new JournalCorruptedException(currentSegment(), batch.sequence(), batch.describe(recordFault));
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
        final long count = tailer.excerptsInCycle(cycle);
        final int fault = count > 0 ? loadExcerpt(cycle, count - 1) : -1;
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
                throw new JournalCorruptedException(currentSegment(), expected > 0 ? expected : sequence,
                    batch.describe(recordFault));
            }
            if (expected > 0 && sequence != expected)
            {
                throw new JournalCorruptedException(currentSegment(), expected, "sequence break: expected " +
                    expected + " but found " + sequence + " at file offset " + batch.filePosition());
            }
            expected = sequence + 1;
            batch.skip();
        }
        return expected - 1;
    }
}
