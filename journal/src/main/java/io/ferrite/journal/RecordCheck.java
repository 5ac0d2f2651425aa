package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static io.ferrite.journal.RecordDescriptor.FRAMING_LENGTH;
import static io.ferrite.journal.RecordDescriptor.LENGTH_OFFSET;
import static io.ferrite.journal.RecordDescriptor.SEQUENCE_OFFSET;

/**
 * Checks one excerpt read from Chronicle against the record layout: framing, length field and CRC32C. Shared by
 * readers, the verify walk and open-time recovery so that they agree on what a damaged record is.
 * <p>
 * Allocation free unless a fault is described.
 */
final class RecordCheck
{
    static final int OK = 0;
    /** The excerpt cannot hold a record's framing. */
    static final int TOO_SHORT = 1;
    /** The record's length field disagrees with the excerpt's length. */
    static final int LENGTH_MISMATCH = 2;
    /** The excerpt is longer than any record the journal may hold. */
    static final int TOO_LONG = 3;
    /** Framing consistent, checksum wrong: the next excerpt can still be trusted to start where this one ends. */
    static final int CHECKSUM_MISMATCH = 4;

    private RecordCheck()
    {
    }

    /**
     * Point {@code view} at the excerpt and check it.
     *
     * @param bytes            the excerpt's bytes, as Chronicle exposes them to a reader.
     * @param position         where the excerpt's content starts (its file offset).
     * @param length           of the excerpt's content.
     * @param maxPayloadLength the largest payload the journal was ever configured for.
     * @param view             wrapped over the excerpt's memory, whatever the outcome.
     * @param checksum         to compute the CRC32C with.
     * @return {@link #OK} or the fault found.
     */
    static int check(
        final Bytes<?> bytes,
        final long position,
        final int length,
        final int maxPayloadLength,
        final UnsafeBuffer view,
        final RecordChecksum checksum)
    {
        // Never touch memory past the longest possible record: a damaged excerpt length may point far beyond the
        // end of the file, and a mapped read there faults. Chronicle keeps that much mapped after any position.
        final int maxRecordLength = RecordDescriptor.recordLength(maxPayloadLength);
        final long address = bytes.addressForRead(position);
        view.wrap(address, Math.max(0, Math.min(length, maxRecordLength)));
        if (length < FRAMING_LENGTH)
        {
            return TOO_SHORT;
        }
        if (length > maxRecordLength)
        {
            return TOO_LONG;
        }
        final int payloadLength = view.getInt(LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (payloadLength != length - FRAMING_LENGTH)
        {
            return LENGTH_MISMATCH;
        }
        final int checksumOffset = RecordDescriptor.checksumOffset(length);
        if (checksum.compute(address, checksumOffset) != view.getInt(checksumOffset, ByteOrder.LITTLE_ENDIAN))
        {
            return CHECKSUM_MISMATCH;
        }
        return OK;
    }

    /**
     * @param fault found by {@link #check}.
     * @return true if the excerpt's own length is in doubt, so the position of the excerpts after it is too.
     */
    static boolean breaksFraming(final int fault)
    {
        return TOO_SHORT == fault || LENGTH_MISMATCH == fault || TOO_LONG == fault;
    }

    /**
     * @param view   over a record, possibly damaged.
     * @param length of the excerpt.
     * @return the sequence field if the excerpt is long enough to hold one, else 0.
     */
    static long sequenceOf(final UnsafeBuffer view, final int length)
    {
        return length >= SEQUENCE_OFFSET + Long.BYTES ? view.getLong(SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
    }

    /**
     * @param fault    the fault found by {@link #check}.
     * @param view     over the record.
     * @param length   of the excerpt.
     * @param position file offset of the excerpt's content.
     * @return a message saying what is wrong and where.
     */
    static String describe(final int fault, final UnsafeBuffer view, final int length, final long position)
    {
        final String where = " (excerpt of " + length + " bytes at file offset " + position + ")";
        switch (fault)
        {
            case TOO_SHORT:
                return "record too short to hold its framing" + where;
            case LENGTH_MISMATCH:
                return "record length field " + view.getInt(LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) +
                    " does not match the excerpt" + where;
            case TOO_LONG:
                return "record length exceeds the journal's maximum" + where;
            case CHECKSUM_MISMATCH:
                return "record checksum mismatch" + where;
            default:
                return "record fault " + fault + where;
        }
    }
}
