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
    static final int TOO_SHORT = 1;
    static final int LENGTH_MISMATCH = 2;
    static final int TOO_LONG = 3;
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
        final long address = bytes.addressForRead(position, length);
        view.wrap(address, length);
        if (length < FRAMING_LENGTH)
        {
            return TOO_SHORT;
        }
        final int payloadLength = view.getInt(LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (payloadLength != length - FRAMING_LENGTH)
        {
            return LENGTH_MISMATCH;
        }
        if (payloadLength > maxPayloadLength)
        {
            return TOO_LONG;
        }
        final int checksumOffset = RecordDescriptor.checksumOffset(length);
        if (checksum.compute(address, checksumOffset) != view.getInt(checksumOffset, ByteOrder.LITTLE_ENDIAN))
        {
            return CHECKSUM_MISMATCH;
        }
        return OK;
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
                return "record payload length " + view.getInt(LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) +
                    " exceeds the journal's maximum" + where;
            case CHECKSUM_MISMATCH:
                return "record checksum mismatch" + where;
            default:
                return "record fault " + fault + where;
        }
    }
}
