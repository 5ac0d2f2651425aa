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
 * Allocates one read buffer per walk; runs once per segment when a journal is opened.
 */
final class SegmentFraming
{
    private static final int HEADER_LENGTH = Wires.SPB_HEADER_SIZE;
    private static final int WINDOW = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;
    private int windowLength;

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
                .walk(writePosition, aligned, maxExcerptLength, lastSequence);
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot read " + file + ": " + ex, ex);
        }
    }

    private long walk(
        final long writePosition, final boolean aligned, final int maxExcerptLength, final long previousSequence)
        throws IOException
    {
        long lastSequence = previousSequence;
        long lastDataPosition = -1;
        int lastDataLength = 0;
        long position = 0;
        while (position + HEADER_LENGTH <= fileSize)
        {
            if (position > writePosition)
            {
                // Past the last excerpt the writer recorded: the torn-tail and truncation checks own that space.
                return lastSequence;
            }
            final int header = readInt(position);
            if (Wires.NOT_INITIALIZED == header || Wires.END_OF_DATA == header || (header & Wires.NOT_COMPLETE) != 0)
            {
                if (position < writePosition)
                {
                    throw fault(lastSequence, "excerpt header at offset " + position + " is " +
                        (Wires.NOT_INITIALIZED == header ? "blank" : String.format("damaged (0x%08x)", header)) +
                        " but records were written after it, up to offset " + writePosition);
                }
                return lastSequence;
            }

            final int length = Wires.lengthOf(header);
            final long end = position + HEADER_LENGTH + length;
            if (length > maxExcerptLength || end > fileSize)
            {
                final JournalCorruptedException previous = previousLengthWrong(lastDataPosition, lastDataLength,
                    lastSequence, position);
                if (null != previous)
                {
                    throw previous;
                }
                throw fault(lastSequence, String.format("excerpt header at offset %d is damaged (0x%08x): it claims " +
                    "a %s excerpt of %d bytes, %s", position, header, Wires.isReadyMetaData(header) ? "metadata" :
                    "data", length, end > fileSize ? "past the end of the " + fileSize + "-byte segment" :
                    "longer than any excerpt can be (" + maxExcerptLength + " bytes)"));
            }
            if (!Wires.isReadyMetaData(header) && length >= RecordDescriptor.SEQUENCE_OFFSET + Long.BYTES)
            {
                final long sequence = readLong(position + HEADER_LENGTH + RecordDescriptor.SEQUENCE_OFFSET);
                // A walk misled by a damaged length reads garbage as a sequence: keep naming the last one that fits.
                if (sequence > 0 && (0 == lastSequence || sequence == lastSequence + 1))
                {
                    lastSequence = sequence;
                }
                lastDataPosition = position;
                lastDataLength = length;
            }
            position = aligned ? (end + 3) & ~3L : end;
        }
        if (position < writePosition)
        {
            throw fault(lastSequence, "segment ends at " + fileSize + " bytes, before its recorded write position " +
                writePosition);
        }
        return lastSequence;
    }

    /**
     * A damaged header right after a record may be no header at all: the record before it may claim the wrong length,
     * so that the walk landed inside it. Its own length field says where it should have ended.
     *
     * @return the fault of the record before, or null if its excerpt length agrees with its record.
     */
    private JournalCorruptedException previousLengthWrong(
        final long dataPosition, final int excerptLength, final long sequence, final long landedAt) throws IOException
    {
        if (dataPosition < 0 || excerptLength < RecordDescriptor.HEADER_LENGTH)
        {
            return null;
        }
        final int payloadLength = readInt(dataPosition + HEADER_LENGTH + RecordDescriptor.LENGTH_OFFSET);
        if (payloadLength < 0 || RecordDescriptor.recordLength(payloadLength) == excerptLength)
        {
            return null;
        }
        return new JournalCorruptedException(file, sequence, "excerpt header at offset " + dataPosition +
            " is damaged: its excerpt length " + excerptLength + " disagrees with the record's payload length " +
            payloadLength + ", and the next header read at offset " + landedAt + " is garbage; records from sequence " +
            sequence + " on cannot be framed");
    }

    private JournalCorruptedException fault(final long lastSequence, final String message)
    {
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
        window.clear();
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
