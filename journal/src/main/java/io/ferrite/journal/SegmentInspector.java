package io.ferrite.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Open-time checks of segment files below Chronicle's API, on the raw excerpt headers: a segment cut short (a
 * truncated file), and a torn tail (a record whose writer died before publishing it).
 * <p>
 * Chronicle Queue publishes an excerpt by writing its 4-byte length header last, under its write lock, so a reader
 * never sees an unpublished excerpt: a writer killed mid-append leaves the record's bytes after the last published
 * excerpt, behind a header that is still zero (older Chronicle versions mark it incomplete instead). Walking from the
 * segment's recorded write position over published excerpts leads to the first free header; any non-zero byte in the
 * space one record can take after it is a torn tail.
 * <p>
 * Both checks run on a read-only queue, before a writable one exists: a mapped read past the end of a file faults
 * (SIGBUS), and a writable mapping would silently extend a truncated file with zeros and hide the damage. The walks
 * are bounded by the file sizes taken before any mapping.
 */
final class SegmentInspector
{
    private static final int HEADER_LENGTH = Wires.SPB_HEADER_SIZE;
    /** A block of zeros this long ends the garbage after a torn tail. */
    private static final int ZERO_RUN = 64 * 1024;

    private final SingleChronicleQueueStore store;
    private final MappedBytes bytes;
    private final long fileSize;
    private final boolean aligned;
    private final int maxExcerptLength;
    private final int maxBatchLength;

    private SegmentInspector(
        final SingleChronicleQueueStore store, final long fileSize, final int maxExcerptLength, final int maxBatchLength)
    {
        this.maxBatchLength = maxBatchLength;
        this.store = store;
        this.bytes = store.bytes();
        this.fileSize = fileSize;
        this.aligned = store.dataVersion() > 0;
        this.maxExcerptLength = maxExcerptLength;
    }

    /**
     * Check that no published excerpt of the segment reaches past the end of its file.
     *
     * @param queue     a read-only queue over the journal.
     * @param cycle     the segment's cycle.
     * @param fileSizes segment file names and their sizes before any mapping.
     * @param previousLastSequence the last sequence of the segments before this one, 0 if none: names the first record
     *                             cut off when none of this segment's records survived (sequence 1 if none).
     * @param maxBatchLength       the longest data excerpt (batch of records) the journal may hold.
     * @throws JournalCorruptedException naming the segment and the first sequence cut off.
     */
    static void checkNotTruncated(
        final SingleChronicleQueue queue,
        final int cycle,
        final Map<String, Long> fileSizes,
        final long previousLastSequence,
        final int maxBatchLength)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (null == store)
        {
            return;
        }
        try
        {
            new SegmentInspector(store, sizeBeforeOpen(store, fileSizes), maxExcerptLength(queue), maxBatchLength)
                .checkNotTruncated(previousLastSequence);
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    /**
     * Find a torn tail in the newest segment.
     *
     * @param queue           a read-only queue over the journal.
     * @param cycle           the newest cycle, the only one a writer can have torn.
     * @param fileSizes       segment file names and their sizes before any mapping.
     * @param maxBatchLength  the longest excerpt (batch of records) the journal may hold.
     * @return the torn bytes, or null if the tail is clean.
     */
    static TornTail findTornTail(
        final SingleChronicleQueue queue,
        final int cycle,
        final Map<String, Long> fileSizes,
        final int maxBatchLength)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (null == store)
        {
            return null;
        }
        try
        {
            return new SegmentInspector(store, sizeBeforeOpen(store, fileSizes), maxExcerptLength(queue), maxBatchLength)
                .findTornTail();
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    /**
     * The sequence of a segment's first record, read from the raw excerpt headers (bounded by the file's size): where
     * the journal starts, to count the good records before damage found on opening.
     *
     * @param queue a read-only queue over the journal.
     * @param cycle the segment's cycle.
     * @return the first record's sequence, or 0 if the segment cannot be read that far.
     */
    static long firstSequence(final SingleChronicleQueue queue, final int cycle)
    {
        try
        {
            final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            if (null == store)
            {
                return 0;
            }
            try
            {
                return new SegmentInspector(store, sizeBeforeOpen(store, Map.of()), maxExcerptLength(queue), 0)
                    .firstSequence();
            }
            finally
            {
                queue.closeStore(store);
            }
        }
        catch (final RuntimeException ex)
        {
            // Only a count in a message depends on it.
            return 0;
        }
    }

    /**
     * Check the framing of every excerpt of a segment up to its recorded write position, without mapping the data:
     * see {@link SegmentFraming}.
     *
     * @param queue            a read-only queue over the journal.
     * @param cycle            the segment's cycle.
     * @param fileSizes        segment file names and their sizes before any mapping.
     * @param maxExcerptLength the longest excerpt Chronicle can have written.
     * @param lastSequence     the last sequence of the segments before this one, 0 if none.
     * @return the sequence of the segment's last record, or {@code lastSequence} if it holds none.
     * @throws JournalCorruptedException naming the segment and the sequence after the last good record.
     */
    static long checkFraming(
        final SingleChronicleQueue queue,
        final int cycle,
        final Map<String, Long> fileSizes,
        final int maxExcerptLength,
        final long lastSequence)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (null == store)
        {
            return lastSequence;
        }
        try
        {
            return SegmentFraming.check(store.file().toPath(), sizeBeforeOpen(store, fileSizes),
                store.writePosition(), store.dataVersion() > 0, maxExcerptLength, lastSequence);
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    /**
     * {@link #checkFraming} of the newest segment, resuming where an earlier walk left off when that still holds (see
     * {@link SegmentFraming#checkFrom}).
     *
     * @param resume the excerpt position and the sequence before it to resume at, or null to walk the whole segment.
     * @return what the walk found, or null if the segment has no store.
     */
    static SegmentFraming.Walked checkFramingFrom(
        final SingleChronicleQueue queue,
        final int cycle,
        final Map<String, Long> fileSizes,
        final int maxExcerptLength,
        final long lastSequence,
        final long[] resume)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (null == store)
        {
            return null;
        }
        try
        {
            return SegmentFraming.checkFrom(store.file().toPath(), sizeBeforeOpen(store, fileSizes),
                store.writePosition(), store.dataVersion() > 0, maxExcerptLength, lastSequence,
                null == resume ? -1 : resume[0], null == resume ? -1 : resume[1]);
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    private void checkNotTruncated(final long previousLastSequence)
    {
        long position = store.writePosition();
        while (true)
        {
            if (position + HEADER_LENGTH > fileSize)
            {
                // Chronicle sizes segment files a whole mapping chunk ahead of the data, so even the next header
                // slot lying past the end means the file was cut.
                throw truncated(previousLastSequence);
            }
            final int header = bytes.readVolatileInt(position);
            if (isEndOfPublished(header) || !isPlausible(header))
            {
                // A header no writer could have written is not a record cut short: findTornTail discards it.
                return;
            }
            final long end = position + HEADER_LENGTH + Wires.lengthOf(header);
            if (end > fileSize)
            {
                throw truncated(previousLastSequence);
            }
            position = align(end);
        }
    }

    private long firstSequence()
    {
        long position = 0;
        while (position + HEADER_LENGTH <= fileSize)
        {
            final int header = bytes.readVolatileInt(position);
            if (isEndOfPublished(header))
            {
                return 0;
            }
            final long content = position + HEADER_LENGTH;
            final long end = content + Wires.lengthOf(header);
            if (end > fileSize)
            {
                return 0;
            }
            if (!Wires.isReadyMetaData(header))
            {
                return content + RecordDescriptor.SEQUENCE_OFFSET + Long.BYTES <= end ?
                    bytes.readLong(content + RecordDescriptor.SEQUENCE_OFFSET) : 0;
            }
            position = align(end);
        }
        return 0;
    }

    private TornTail findTornTail()
    {
        long position = store.writePosition();
        while (position + HEADER_LENGTH <= fileSize)
        {
            final int header = bytes.readVolatileInt(position);
            if (isEndOfPublished(header) || !isPlausible(header) ||
                position + HEADER_LENGTH + Wires.lengthOf(header) > fileSize)
            {
                break;
            }
            position = align(position + HEADER_LENGTH + Wires.lengthOf(header));
        }

        if (position + HEADER_LENGTH > fileSize || Wires.END_OF_DATA == bytes.readVolatileInt(position))
        {
            return null;
        }

        final long end = Math.min(fileSize, position + HEADER_LENGTH + maxBatchLength + Long.BYTES);
        final long p = lastNonZeroByte(position, end);
        if (p < position)
        {
            return null;
        }
        // A killed writer leaves at most one record's bytes, but garbage written past the last record (bytes that are
        // not a record at all) may reach further: all of it must go before the appender writes there.
        final int header = bytes.readVolatileInt(position);
        final boolean followed = !isEndOfPublished(header);
        return new TornTail(store.file().toPath(), position, Math.max(p + 1, lastNonZero(p + 1, fileSize)), followed);
    }

    /**
     * The last non-zero byte of {@code [from, to)} of the mapping, scanned backwards a word at a time: every open
     * scans a batch's length of zeros here (64 KiB by default), in code not yet compiled when a journal is opened
     * only a few times in the JVM's life, where one call per byte cost milliseconds.
     *
     * @return its offset, or {@code from - 1} if all are zero.
     */
    private long lastNonZeroByte(final long from, final long to)
    {
        long p = to;
        while (p - Long.BYTES >= from)
        {
            if (0 != bytes.readLong(p - Long.BYTES))
            {
                break;
            }
            p -= Long.BYTES;
        }
        // The word that held a non-zero byte, or the first few bytes of the range: byte by byte.
        for (long q = p - 1; q >= from; q--)
        {
            if (0 != bytes.readByte(q))
            {
                return q;
            }
        }
        return from - 1;
    }

    /**
     * Find where garbage written past the last record ends: the last non-zero byte before a whole
     * {@value #ZERO_RUN}-byte block of zeros (or the end of the file). Read through a file channel in blocks, so a long
     * sparse segment costs a block or two, not a walk over its mapping.
     *
     * @return the offset after the last non-zero byte found, or {@code from} if none.
     */
    private long lastNonZero(final long from, final long to)
    {
        try (FileChannel channel = FileChannel.open(store.file().toPath(), StandardOpenOption.READ))
        {
            final ByteBuffer block = ByteBuffer.allocate(ZERO_RUN);
            long last = from;
            long position = from;
            while (position < to)
            {
                block.clear().limit((int)Math.min(ZERO_RUN, to - position));
                final int read = channel.read(block, position);
                if (read <= 0)
                {
                    break;
                }
                boolean any = false;
                for (int i = 0; i < read; i++)
                {
                    if (0 != block.get(i))
                    {
                        last = position + i + 1;
                        any = true;
                    }
                }
                if (!any && read == ZERO_RUN)
                {
                    break;
                }
                position += read;
            }
            return last;
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO,
                "cannot read " + store.file() + ": " + ex, ex);
        }
    }

    /**
     * A header a writer could have written: no longer than Chronicle allows, and a data excerpt no longer than one
     * batch of records. Garbage past the last record often reads as a complete header of some megabytes, which fits
     * a pre-allocated segment: taken for an excerpt, it would hide the garbage from the torn-tail repair.
     */
    private boolean isPlausible(final int header)
    {
        final int length = Wires.lengthOf(header);
        return length <= maxExcerptLength && (Wires.isReadyMetaData(header) || length <= maxBatchLength);
    }

    private JournalCorruptedException truncated(final long previousLastSequence)
    {
        // Count the records of the data excerpts wholly inside the file to name the first record that was cut off.
        long position = 0;
        long complete = 0;
        long lastSequence = 0;
        while (position + HEADER_LENGTH <= fileSize)
        {
            final int header = bytes.readVolatileInt(position);
            if (isEndOfPublished(header))
            {
                break;
            }
            final int length = Wires.lengthOf(header);
            final long end = position + HEADER_LENGTH + length;
            if (end > fileSize)
            {
                break;
            }
            if (!Wires.isReadyMetaData(header))
            {
                // The records of one batch, by their length fields; a damaged one ends the count.
                // Records after the first of a compact excerpt (format 3) leave out their sequence.
                final long content = position + HEADER_LENGTH;
                long at = content;
                int skip = 0;
                int followingSkip = 0;
                long firstSequence = 0;
                long inExcerpt = 0;
                while (at + RecordDescriptor.FRAMING_LENGTH - skip <= end)
                {
                    final int field = bytes.readInt(at - skip + RecordDescriptor.LENGTH_OFFSET);
                    final int payloadLength = RecordDescriptor.payloadLength(field, at == content);
                    if (payloadLength < 0 || at + RecordDescriptor.FRAMING_LENGTH - skip + (long)payloadLength > end)
                    {
                        break;
                    }
                    lastSequence = 0 == skip ? bytes.readLong(at + RecordDescriptor.SEQUENCE_OFFSET) :
                        firstSequence + inExcerpt;
                    if (at == content)
                    {
                        followingSkip = RecordDescriptor.followingSkip(field);
                        firstSequence = lastSequence;
                    }
                    inExcerpt++;
                    complete++;
                    at += RecordDescriptor.recordLength(payloadLength) - skip;
                    skip = followingSkip;
                }
            }
            position = align(end);
        }

        // With none of its records left, the first one cut off follows the segments before it; before the first
        // segment present it is sequence 1, where every journal starts (an appender takes 1 first), so records from 1
        // on are cut off here or, if earlier segments were deleted, missing.
        final Path file = store.file().toPath();
        final long cut = (lastSequence > 0 ? lastSequence : previousLastSequence) + 1;
        return new JournalCorruptedException(file, cut, "segment truncated to " + fileSize + " bytes: " +
            (complete > 0 || previousLastSequence > 0 ? "records from sequence " + cut + " on are cut off" :
            "no record of it is left, so the journal's records from sequence 1 on are cut off or missing") +
            " (" + complete + " complete records remain). No open of the journal, for reading or writing, " +
            "gets past this (a writer does not cut the journal back, which would give up the records cut off): " +
            "restore the file from a backup");
    }

    /**
     * @return the longest excerpt Chronicle writes into a queue: one must fit its mapping overlap.
     */
    static int maxExcerptLength(final SingleChronicleQueue queue)
    {
        return (int)Math.min(queue.overlapSize(), Wires.LENGTH_MASK);
    }

    private long align(final long position)
    {
        return aligned ? (position + 3) & ~3L : position;
    }

    private static boolean isEndOfPublished(final int header)
    {
        // Free space, a sealed segment, or an excerpt whose header was claimed but never completed.
        return Wires.NOT_INITIALIZED == header || Wires.END_OF_DATA == header || (header & Wires.NOT_COMPLETE) != 0;
    }

    private static long sizeBeforeOpen(final SingleChronicleQueueStore store, final Map<String, Long> fileSizes)
    {
        final Path file = store.file().toPath();
        final Long size = fileSizes.get(file.getFileName().toString());
        if (null != size)
        {
            return size;
        }
        try
        {
            // A segment that appeared after the directory was listed: nothing of ours has mapped it.
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot read the size of " + file + ": " + ex, ex);
        }
    }

    /**
     * Bytes of an unpublished record found after the last published excerpt of a segment.
     */
    static final class TornTail
    {
        private final Path file;
        private final long from;
        private final long to;
        private final boolean followed;

        TornTail(final Path file, final long from, final long to, final boolean followed)
        {
            this.file = file;
            this.from = from;
            this.to = to;
            this.followed = followed;
        }

        /**
         * @return true if the tail starts with what Chronicle takes for a published excerpt header, so that Chronicle
         * itself would follow it: only erasing it makes the segment readable.
         */
        boolean followedByChronicle()
        {
            return followed;
        }

        /**
         * @param lastSequence the last complete record's sequence.
         * @return the refusal of a read-only open, which cannot erase the tail.
         */
        JournalCorruptedException refusal(final long lastSequence)
        {
            return new JournalCorruptedException(file, lastSequence + 1, (to - from) + " bytes at offset " + from +
                " after the last complete record are not a record (a torn tail); the records before are intact, " +
                "and opening the journal for writing (ferrite run) discards the tail, but a read-only open cannot " +
                "read past it");
        }

        /**
         * Zero the torn bytes in the file, body first and the header slot last, so a crash during the repair leaves
         * a tail that the next open still recognises as torn. Must run before anything appends to the segment.
         */
        void erase()
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                final long bodyStart = from + HEADER_LENGTH;
                if (to > bodyStart)
                {
                    writeZeros(channel, bodyStart, to - bodyStart);
                }
                writeZeros(channel, from, Math.min(HEADER_LENGTH, to - from));
            }
            catch (final IOException ex)
            {
                throw new JournalException(JournalException.Category.IO,
                    "cannot discard the torn tail at offset " + from + " of " + file + ": " + ex, ex);
            }
        }

        private static void writeZeros(final FileChannel channel, final long offset, final long length)
            throws IOException
        {
            final ByteBuffer zeros = ByteBuffer.allocate((int)Math.min(length, 64 * 1024));
            long written = 0;
            while (written < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - written));
                written += channel.write(zeros, offset + written);
            }
        }

        @Override
        public String toString()
        {
            return "torn tail of " + (to - from) + " bytes at offset " + from + " of " + file;
        }
    }
}
