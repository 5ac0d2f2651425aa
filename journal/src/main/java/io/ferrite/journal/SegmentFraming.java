package io.ferrite.journal;

import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Open-time check of the excerpt framing of one segment file, read through a {@link FileChannel} and never through a
 * mapping, so that no damaged header can make anyone read memory past the end of the file.
 * <p>
 * Chronicle Queue trusts every excerpt header it meets: a header whose length bits were damaged sends its readers
 * (ours included) to an offset far past the written data, where a mapped read faults (SIGBUS, reported by the JVM as an
 * {@code InternalError}) or a writable mapping silently grows the file. A header whose metadata bit was set hides a
 * record from Chronicle, and one marked incomplete ends the readable journal early. This walk visits every header from
 * the start of the file up to the segment's recorded write position and refuses, naming the segment and the sequence
 * that follows the last good record:
 * <ul>
 *     <li>an excerpt that reaches past the end of the file or is longer than any excerpt Chronicle can write;</li>
 *     <li>an unpublished (free or incomplete) header before the recorded write position, records being written after
 *     it.</li>
 * </ul>
 * Allocates one read buffer per walk; runs once per segment when a journal is opened. Reads what the headers need,
 * not the whole file: after a long excerpt (a batch of records) it reads only the next header and its record's
 * sequence, so opening a journal of batched excerpts costs one small read per excerpt instead of a copy of every byte.
 */
final class SegmentFraming
{
    private static final int HEADER_LENGTH = Wires.SPB_HEADER_SIZE;
    private static final int WINDOW = 1 << 20;
    /**
     * After an excerpt at least this long, reading the next header alone is cheaper than copying the excerpt's bytes
     * into the window (a read costs about as much as copying a few KiB).
     */
    static final int LONG_EXCERPT = 16 * 1024;
    /** What is read after a long excerpt: the next header, its record's sequence, and a short excerpt or two after. */
    private static final int HEADER_READ = 256;

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;
    private int windowLength;
    private int readLength = WINDOW;
    private long previousSequence;
    /** The last excerpt whose first sequence followed on: its position, length and first sequence. */
    private long goodPosition = -1;
    private int goodLength;
    private long goodFirstSequence;
    /** Set by {@link #recordsCover}: the sequence field of the last record it tiled, and how many records it tiled. */
    private long tiledLastSequence;
    private int tiledRecords;

    private SegmentFraming(final Path file, final FileChannel channel, final long fileSize)
    {
        this.file = file;
        this.channel = channel;
        this.fileSize = fileSize;
    }

    /**
     * Walk the excerpt headers of one segment.
     *
     * @param file             the segment file.
     * @param fileSize         its size before anything mapped it.
     * @param writePosition    the segment's recorded write position: the start of its last written excerpt.
     * @param aligned          whether excerpts start on 4-byte boundaries (Chronicle data version above 0).
     * @param maxExcerptLength the longest excerpt Chronicle can have written.
     * @param lastSequence     the last sequence of the segments before this one, 0 if none.
     * @return the sequence of the last record in this segment, or {@code lastSequence} if it holds none.
     * @throws JournalCorruptedException naming the segment and the sequence after the last good record.
     */
    static long check(
        final Path file,
        final long fileSize,
        final long writePosition,
        final boolean aligned,
        final int maxExcerptLength,
        final long lastSequence)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return new SegmentFraming(file, channel, fileSize)
                .walk(0, writePosition, aligned, maxExcerptLength, lastSequence);
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot read " + file + ": " + ex, ex);
        }
    }

    /**
     * Walk the excerpt headers of the newest segment, from where an earlier walk of it left off when that is still
     * valid. The walk resumes at the last excerpt the earlier walk found good (walking it again), but only if the header
     * there is still a published data excerpt that fits the file and its first record still has the sequence recorded
     * for it; otherwise it walks the whole segment. Valid because a journal only ever appends after its last good
     * excerpt: the torn-tail repair erases only what follows it, and a segment replaced or cut short no longer holds
     * the recorded excerpt at the recorded place.
     *
     * @param resumePosition       file offset of the excerpt to resume at, or -1 to walk from the start.
     * @param resumeSequenceBefore the sequence just before that excerpt's first record.
     * @return the last sequence, and where the next walk may resume.
     * @see #check(Path, long, long, boolean, int, long)
     */
    static Walked checkFrom(
        final Path file,
        final long fileSize,
        final long writePosition,
        final boolean aligned,
        final int maxExcerptLength,
        final long lastSequence,
        final long resumePosition,
        final long resumeSequenceBefore)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final SegmentFraming framing = new SegmentFraming(file, channel, fileSize);
            final boolean resume = resumePosition > 0 &&
                framing.resumable(resumePosition, resumeSequenceBefore, writePosition, maxExcerptLength);
            final long last = resume ?
                framing.walk(resumePosition, writePosition, aligned, maxExcerptLength, resumeSequenceBefore) :
                framing.walk(0, writePosition, aligned, maxExcerptLength, lastSequence);
            return new Walked(last, resume, framing.goodPosition,
                framing.goodPosition < 0 ? -1 : framing.goodFirstSequence - 1);
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot read " + file + ": " + ex, ex);
        }
    }

    /**
     * @return whether a published data excerpt, inside the file and the recorded write position, starts at
     * {@code position} and its first record has sequence {@code sequenceBefore + 1}.
     */
    private boolean resumable(
        final long position, final long sequenceBefore, final long writePosition, final int maxExcerptLength)
        throws IOException
    {
        if (position > writePosition || position + HEADER_LENGTH + RecordDescriptor.SEQUENCE_OFFSET + Long.BYTES >
            fileSize)
        {
            return false;
        }
        readLength = HEADER_READ;
        final int header = readInt(position);
        if (Wires.NOT_INITIALIZED == header || Wires.END_OF_DATA == header || (header & Wires.NOT_COMPLETE) != 0 ||
            Wires.isReadyMetaData(header))
        {
            return false;
        }
        final int length = Wires.lengthOf(header);
        return length >= RecordDescriptor.SEQUENCE_OFFSET + Long.BYTES && length <= maxExcerptLength &&
            position + HEADER_LENGTH + length <= fileSize &&
            readLong(position + HEADER_LENGTH + RecordDescriptor.SEQUENCE_OFFSET) == sequenceBefore + 1;
    }

    /**
     * What a walk of the newest segment found: its last sequence, and the last good excerpt, where the next walk of
     * the same segment may resume.
     */
    static final class Walked
    {
        final long lastSequence;
        final boolean resumed;
        final long resumePosition;
        final long resumeSequenceBefore;

        Walked(final long lastSequence, final boolean resumed, final long resumePosition,
            final long resumeSequenceBefore)
        {
            this.lastSequence = lastSequence;
            this.resumed = resumed;
            this.resumePosition = resumePosition;
            this.resumeSequenceBefore = resumeSequenceBefore;
        }
    }

    private long walk(
        final long start,
        final long writePosition,
        final boolean aligned,
        final int maxExcerptLength,
        final long previousSequence)
        throws IOException
    {
        this.previousSequence = previousSequence;
        long lastDataPosition = -1;
        int lastDataLength = 0;
        long position = start;
        while (position + HEADER_LENGTH <= fileSize)
        {
            if (position > writePosition)
            {
                // Past the last excerpt the writer recorded: the torn-tail and truncation checks own that space.
                return lastGoodSequence();
            }
            final int header = readInt(position);
            if (Wires.NOT_INITIALIZED == header || Wires.END_OF_DATA == header || (header & Wires.NOT_COMPLETE) != 0)
            {
                if (position < writePosition)
                {
                    throw fault("excerpt header at offset " + position + " is " +
                        (Wires.NOT_INITIALIZED == header ? "blank" : String.format("damaged (0x%08x)", header)) +
                        " but records were written after it, up to offset " + writePosition);
                }
                return lastGoodSequence();
            }

            final int length = Wires.lengthOf(header);
            final long end = position + HEADER_LENGTH + length;
            if (length > maxExcerptLength || end > fileSize)
            {
                final JournalCorruptedException previous = previousLengthWrong(lastDataPosition, lastDataLength,
                    position);
                if (null != previous)
                {
                    throw previous;
                }
                throw fault(String.format("excerpt header at offset %d is damaged (0x%08x): it claims " +
                    "a %s excerpt of %d bytes, %s", position, header, Wires.isReadyMetaData(header) ? "metadata" :
                    "data", length, end > fileSize ? "past the end of the " + fileSize + "-byte segment" :
                    "longer than any excerpt can be (" + maxExcerptLength + " bytes)"));
            }
            if (!Wires.isReadyMetaData(header) && length >= RecordDescriptor.SEQUENCE_OFFSET + Long.BYTES)
            {
                final long sequence = readLong(position + HEADER_LENGTH + RecordDescriptor.SEQUENCE_OFFSET);
                // A walk misled by a damaged length reads garbage as a sequence: keep naming the last one that fits.
                if (follows(sequence))
                {
                    goodFirstSequence = sequence;
                    goodPosition = position;
                    goodLength = length;
                }
                lastDataPosition = position;
                lastDataLength = length;
            }
            position = aligned ? (end + 3) & ~3L : end;
            readLength = length >= LONG_EXCERPT ? HEADER_READ : WINDOW;
        }
        if (position < writePosition)
        {
            throw fault("segment ends at " + fileSize + " bytes, before its recorded write position " + writePosition);
        }
        return lastGoodSequence();
    }

    /**
     * @return whether an excerpt whose first record has {@code sequence} can follow the last good excerpt: the first
     * of the segment continues the segments before it; a later one starts after the last good excerpt's first record,
     * by no more records than that excerpt can hold.
     */
    private boolean follows(final long sequence)
    {
        if (sequence <= 0)
        {
            return false;
        }
        if (goodPosition < 0)
        {
            return 0 == previousSequence || sequence == previousSequence + 1;
        }
        // Compact records (format 3) are the shortest an excerpt can hold after its first.
        return sequence > goodFirstSequence &&
            sequence - goodFirstSequence <= goodLength / RecordDescriptor.COMPACT_FRAMING_LENGTH;
    }

    /**
     * @return the sequence of the last record of the last good excerpt (an excerpt holds a batch of records: they are
     * walked here, one excerpt's worth of reading), or the last sequence of the segments before if none. A last
     * record whose sequence field disagrees with its place in the excerpt is damaged: the sequence before its own is
     * returned, so that what follows names the damaged record, never the garbage read from it. Only a full record (a
     * journal of format 2) has a sequence field to disagree; a compact record's is counted, and its checksum, checked
     * when it is read, guards it.
     */
    private long lastGoodSequence() throws IOException
    {
        if (goodPosition < 0)
        {
            return previousSequence;
        }
        if (0 == recordsCover(goodPosition, goodLength))
        {
            return goodFirstSequence - 1;
        }
        final long lastSequence = goodFirstSequence + tiledRecords - 1;
        return tiledLastSequence == lastSequence ? lastSequence : lastSequence - 1;
    }

    /**
     * Walk the records of one data excerpt by their length fields.
     *
     * @return how many bytes of the excerpt whole records cover, from its start; {@link #tiledLastSequence} is then
     * the sequence of the last of them.
     */
    private int recordsCover(final long excerptPosition, final int excerptLength) throws IOException
    {
        readLength = WINDOW;
        final long content = excerptPosition + HEADER_LENGTH;
        int covered = 0;
        tiledRecords = 0;
        // Records after the first of a compact excerpt (format 3) leave out their sequence: see RecordDescriptor.
        int skip = 0;
        int followingSkip = 0;
        long firstSequence = 0;
        while (excerptLength - covered >= RecordDescriptor.FRAMING_LENGTH - skip)
        {
            final int field = readInt(content + covered - skip + RecordDescriptor.LENGTH_OFFSET);
            final int payloadLength = RecordDescriptor.payloadLength(field, 0 == covered);
            if (payloadLength < 0 || payloadLength > excerptLength - covered - RecordDescriptor.FRAMING_LENGTH + skip)
            {
                break;
            }
            tiledLastSequence = 0 == skip ? readLong(content + covered + RecordDescriptor.SEQUENCE_OFFSET) :
                firstSequence + tiledRecords;
            if (0 == covered)
            {
                followingSkip = RecordDescriptor.followingSkip(field);
                firstSequence = tiledLastSequence;
            }
            tiledRecords++;
            covered += RecordDescriptor.recordLength(payloadLength) - skip;
            skip = followingSkip;
        }
        return covered;
    }

    /**
     * A damaged header right after an excerpt may be no header at all: the excerpt before it may claim the wrong
     * length, so that the walk landed inside it. Its records' own length fields say where it should have ended.
     *
     * @return the fault of the excerpt before, or null if its length agrees with its records.
     */
    private JournalCorruptedException previousLengthWrong(
        final long dataPosition, final int excerptLength, final long landedAt) throws IOException
    {
        if (dataPosition < 0 || excerptLength < RecordDescriptor.HEADER_LENGTH)
        {
            return null;
        }
        final int firstPayloadLength = RecordDescriptor.payloadLength(
            readInt(dataPosition + HEADER_LENGTH + RecordDescriptor.LENGTH_OFFSET));
        final int covered = recordsCover(dataPosition, excerptLength);
        if (covered == excerptLength)
        {
            return null;
        }
        final long sequence = covered > 0 ? tiledLastSequence + 1 :
            dataPosition == goodPosition ? goodFirstSequence : lastGoodSequence() + 1;
        return new JournalCorruptedException(file, sequence, "excerpt header at offset " + dataPosition +
            " is damaged: its excerpt length " + excerptLength + " disagrees with its records' lengths (" +
            (covered > 0 ? "they end after " + covered + " bytes" : "the first claims a payload of " +
            firstPayloadLength + " bytes") + "), and the next header read at offset " + landedAt +
            " is garbage; records from sequence " + sequence + " on cannot be framed");
    }

    private JournalCorruptedException fault(final String message) throws IOException
    {
        final long lastSequence = lastGoodSequence();
        return new JournalCorruptedException(file, lastSequence + 1, message + "; records from sequence " +
            (lastSequence + 1) + " on cannot be framed");
    }

    private int readInt(final long position) throws IOException
    {
        ensure(position, Integer.BYTES);
        return window.getInt((int)(position - windowStart));
    }

    private long readLong(final long position) throws IOException
    {
        ensure(position, Long.BYTES);
        return window.getLong((int)(position - windowStart));
    }

    private void ensure(final long position, final int length) throws IOException
    {
        if (position >= windowStart && position + length <= windowStart + windowLength)
        {
            return;
        }
        window.clear().limit(Math.max(length, readLength));
        windowStart = position;
        windowLength = 0;
        while (window.hasRemaining())
        {
            final int read = channel.read(window, position + window.position());
            if (read < 0)
            {
                break;
            }
            windowLength += read;
        }
        if (windowLength < length)
        {
            throw new JournalCorruptedException(file, 0, "segment ends at offset " + (position + windowLength) +
                " inside an excerpt header");
        }
    }
}
