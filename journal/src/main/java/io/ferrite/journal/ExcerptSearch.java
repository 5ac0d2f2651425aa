package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The search for the excerpt of one segment (roll cycle) that holds a sequence, for {@link SegmentTable}: a binary
 * search over the excerpts Chronicle indexes directly, then a walk forward over at most one index spacing of excerpts,
 * reading only the first record of each excerpt passed; and the loads of whole excerpts ({@link #loadExcerpt}) that
 * the table checks. Owns the tailer it moves and the mapped chunks it keeps pinned ({@link MappedChunkPins}).
 * <p>
 * Not thread safe: used only under the {@link SegmentTable}'s monitor.
 */
final class ExcerptSearch
{
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final ExcerptTailer tailer;
    private final RecordBatch batch;
    private final MappedChunkPins pins = new MappedChunkPins("ferrite segment table");
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final int maxBatchLength;
    private final long indexSpacing;

    ExcerptSearch(final SingleChronicleQueue queue, final int maxPayloadLength)
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
     * @return the cursor {@link #loadExcerpt} points at the excerpt it loads.
     */
    RecordBatch batch()
    {
        return batch;
    }

    /**
     * @return the number of excerpts in a cycle now (allocates in Chronicle: count once, keep the count).
     */
    long excerptsInCycle(final int cycle)
    {
        return tailer.excerptsInCycle(cycle);
    }

    /**
     * @return the last of the first {@code count} excerpts of a cycle whose first record's sequence is at most
     * {@code sequence}.
     */
    long findExcerpt(final int cycle, final long firstOfCycle, final long count, final long sequence)
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
        final int payloadLength =
            RecordDescriptor.payloadLength(view.getInt(RecordDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN));
        if (payloadLength > length - RecordDescriptor.FRAMING_LENGTH)
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
    int loadExcerpt(final int cycle, final long excerpt)
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

    /**
     * @param cycle a cycle held by the journal.
     * @return its segment file.
     */
    Path segmentFile(final int cycle)
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

    Path currentSegment()
    {
        final File file = tailer.currentFile();
        return null == file ? null : file.toPath();
    }

    /**
     * @return how many mapped chunks are pinned now.
     */
    int pinnedChunks()
    {
        return pins.size();
    }

    /**
     * Unpin every chunk (a pinned chunk of a deleted file would keep its blocks allocated).
     */
    void releasePins()
    {
        pins.releaseAll();
    }

    void close()
    {
        pins.releaseAll();
        tailer.close();
    }
}
