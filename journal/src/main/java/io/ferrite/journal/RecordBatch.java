package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static io.ferrite.journal.RecordDescriptor.FRAMING_LENGTH;
import static io.ferrite.journal.RecordDescriptor.LENGTH_OFFSET;
import static io.ferrite.journal.RecordDescriptor.SEQUENCE_OFFSET;

/**
 * A cursor over the records of one excerpt (a batch, see {@link RecordDescriptor}), shared by readers, the verify walk,
 * the segment table and open-time recovery so that they agree on what a damaged record is.
 * <p>
 * {@link #wrap} checks the framing of the whole excerpt at once: every record's length field must lead exactly to the
 * start of the next, and the last record must end where the excerpt ends. Records before a framing fault are still
 * usable; the cursor stops at the fault. Each record's CRC32C is checked only when the cursor reaches it
 * ({@link #checkRecord()}), so a reader pays for the records it returns, not for those a seek skips.
 * <p>
 * Never touches memory past the excerpt or past the longest batch the journal may hold: a damaged excerpt length may
 * point far beyond the end of the file, and a mapped read there faults. Chronicle keeps at least that much mapped
 * after any position.
 * <p>
 * The per-record reads (the framing walk, {@link #checkRecord()}, {@link #sequence()}, {@link #recordLength()}) go
 * straight to memory without a bounds check each: {@link #wrap} checks the excerpt's length against the largest
 * batch once, and every read it and they make lies inside a record whose framing fitted inside the excerpt.
 * <p>
 * An excerpt whose first record carries {@link RecordDescriptor#COMPACT_FOLLOWS} holds compact records after it: the
 * walk and every per-record read then place each field {@link RecordDescriptor#SEQUENCE_LENGTH} bytes earlier, and the
 * sequences of those records are counted from the first record's.
 * <p>
 * Allocation free unless a fault is described. Not thread safe.
 */
final class RecordBatch
{
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int CACHE_LINE = MappedPages.CACHE_LINE;

    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final RecordChecksum checksum = new RecordChecksum();
    private final int maxPayloadLength;
    private final int maxBatchLength;

    private long address;
    private long position;
    private int length;
    private int framedLength;
    private int framingFault = RecordCheck.OK;
    private int offset;
    private int faultRecordLength;
    /** Bytes each record after the first leaves out (format 3, {@link RecordDescriptor#COMPACT_FOLLOWS}), else 0. */
    private int followingSkip;
    /** The first record's sequence field, read once the first record was framed. */
    private long firstSequence;
    /** Place of the record under the cursor in the excerpt, from 0. */
    private int index;
    /** What {@link #touch} read, kept so that its loads are not optimised away. */
    private long touched;

    /**
     * @param maxPayloadLength the largest payload the journal was ever configured for.
     */
    RecordBatch(final int maxPayloadLength)
    {
        this.maxPayloadLength = maxPayloadLength;
        this.maxBatchLength = RecordDescriptor.maxBatchLength(maxPayloadLength);
    }

    /**
     * Point the cursor at the first record of an excerpt and check the excerpt's framing.
     *
     * @param bytes    the excerpt's bytes, as Chronicle exposes them to a reader.
     * @param position where the excerpt's content starts (its file offset).
     * @param length   of the excerpt's content.
     * @return {@link RecordCheck#OK}, or the framing fault that ends the usable records early.
     */
    int wrap(final Bytes<?> bytes, final long position, final int length)
    {
        final long address = bytes.addressForRead(position);
        this.address = address;
        this.position = position;
        this.length = length;
        this.offset = 0;
        this.index = 0;
        this.followingSkip = 0;
        this.firstSequence = 0;
        view.wrap(address, Math.max(0, Math.min(length, maxBatchLength)));

        int fault = RecordCheck.OK;
        int framed = 0;
        if (length > maxBatchLength)
        {
            fault = RecordCheck.TOO_LONG;
        }
        else if (length < FRAMING_LENGTH)
        {
            fault = RecordCheck.TOO_SHORT;
        }
        else
        {
            // No further than the bytes are mapped: a damaged length may claim more than was ever written.
            final BytesStore<?, ?> store = bytes.bytesStore();
            touch(address, null == store ? 0 : (int)Math.max(0, Math.min(length, store.realCapacity() - position)));
            int skip = 0;
            while (framed < length)
            {
                final int remaining = length - framed;
                final int framing = FRAMING_LENGTH - skip;
                if (remaining < framing)
                {
                    fault = RecordCheck.TOO_SHORT;
                    break;
                }
                // In bounds: framed - skip + LENGTH_OFFSET + 4 <= framed + framing <= length <= maxBatchLength.
                final int field = getIntLittleEndian(address + framed - skip + LENGTH_OFFSET);
                final int payloadLength = RecordDescriptor.payloadLength(field, 0 == framed);
                if (payloadLength < 0 || payloadLength > maxPayloadLength || payloadLength > remaining - framing)
                {
                    fault = payloadLength > maxPayloadLength ? RecordCheck.TOO_LONG : RecordCheck.LENGTH_MISMATCH;
                    faultRecordLength = payloadLength;
                    break;
                }
                if (0 == framed)
                {
                    followingSkip = RecordDescriptor.followingSkip(field);
                    firstSequence = getLongLittleEndian(address + SEQUENCE_OFFSET);
                }
                framed += RecordDescriptor.recordLength(payloadLength) - skip;
                skip = followingSkip;
            }
        }
        framedLength = fault == RecordCheck.OK ? length : framed;
        framingFault = fault;
        return fault;
    }

    /**
     * Load one word of every cache line of the excerpt. The framing walk that follows is a chain of dependent loads
     * (each record's length says where the next starts), so on memory not yet cached each step would wait out a full
     * miss; these loads do not depend on one another, so the memory system serves many of them at once, and the walk
     * and the checksums then run over cached lines.
     */
    private void touch(final long address, final int length)
    {
        long sum = 0;
        // In bounds: at < length, which the caller bounded by the excerpt and by the end of the mapping.
        for (int at = 0; at < length; at += CACHE_LINE)
        {
            sum += UnsafeApi.getByte(null, address + at);
        }
        touched = sum;
    }

    /**
     * Forget the excerpt: {@link #hasRecord()} is false until the next {@link #wrap}.
     */
    void clear()
    {
        length = 0;
        framedLength = 0;
        framingFault = RecordCheck.OK;
        offset = 0;
        index = 0;
        followingSkip = 0;
    }

    /**
     * @return true while the cursor is on a record, or on the framing fault that ends the excerpt.
     */
    boolean hasRecord()
    {
        return offset < framedLength || (RecordCheck.OK != framingFault && offset == framedLength);
    }

    /**
     * @return {@link RecordCheck#OK} if the record under the cursor is intact, else the fault.
     */
    int checkRecord()
    {
        if (offset >= framedLength)
        {
            return framingFault;
        }
        // The record's framing fitted inside the excerpt (wrap walked it): every byte read here lies inside it.
        final long recordAddress = address + offset;
        final int checksumOffset =
            RecordDescriptor.checksumOffset(RecordDescriptor.recordLength(payloadLengthAt(offset))) - skipAt(offset);
        if (checksum.compute(recordAddress, checksumOffset) != getIntLittleEndian(recordAddress + checksumOffset))
        {
            // When the records do not tile the excerpt, the first one failing its checksum is the likeliest holder
            // of the damaged length field: report the framing there, so nothing after it is trusted.
            return RecordCheck.OK != framingFault ? RecordCheck.LENGTH_MISMATCH : RecordCheck.CHECKSUM_MISMATCH;
        }
        return RecordCheck.OK;
    }

    /**
     * @return true if the cursor is on a framed record (whatever its checksum), false on a framing fault.
     */
    boolean isFramed()
    {
        return offset < framedLength;
    }

    /**
     * @return the sequence of the record under the cursor: its sequence field, or, for a record of a compact excerpt
     * after the first, the first record's plus its place; 0 if too few bytes are left to hold one.
     */
    long sequence()
    {
        if (offset > 0 && followingSkip > 0)
        {
            return firstSequence + index;
        }
        if (offset < framedLength)
        {
            return getLongLittleEndian(address + offset + SEQUENCE_OFFSET);
        }
        final int limit = Math.min(length, maxBatchLength);
        return offset + SEQUENCE_OFFSET + Long.BYTES <= limit ?
            view.getLong(offset + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
    }

    /**
     * @return the length of the framed record under the cursor.
     */
    int recordLength()
    {
        return RecordDescriptor.recordLength(payloadLengthAt(offset)) - skipAt(offset);
    }

    /**
     * @return the bytes the record under the cursor leaves out of the full layout: its sequence field if it is a
     * compact record (then {@link #sequence()} is counted, not read), else 0.
     */
    int recordSkip()
    {
        return skipAt(offset);
    }

    /**
     * @return true if the excerpt is compact (format 3): the sequences of its records after the first are counted from
     * the first record's sequence field, and found through the length fields of the records before them.
     */
    boolean isCompact()
    {
        return followingSkip > 0;
    }

    /**
     * @return true if the cursor is on the first record of a compact excerpt and more records follow it, whose
     * sequences are counted from its own.
     */
    boolean othersCountFromHere()
    {
        return 0 == offset && followingSkip > 0 && recordLength() < framedLength;
    }

    private int skipAt(final int offset)
    {
        return 0 == offset ? 0 : followingSkip;
    }

    /** The payload length of the framed record at {@code offset}, read without a bounds check. */
    private int payloadLengthAt(final int offset)
    {
        return 0 == offset ? RecordDescriptor.payloadLength(getIntLittleEndian(address + LENGTH_OFFSET)) :
            getIntLittleEndian(address + offset - followingSkip + LENGTH_OFFSET);
    }

    /** The whole length of the framed record at {@code offset}, read through the bounds-checked view. */
    private int framedRecordLengthAt(final int offset)
    {
        final int skip = skipAt(offset);
        final int field = view.getInt(offset - skip + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return RecordDescriptor.recordLength(RecordDescriptor.payloadLength(field, 0 == offset)) - skip;
    }

    /**
     * @return the address of the record under the cursor.
     */
    long recordAddress()
    {
        return address + offset;
    }

    /**
     * Move past the framed record under the cursor.
     */
    void skip()
    {
        offset += recordLength();
        index++;
    }

    /**
     * @return the sequence of the last framed record of the excerpt (unchecked), or 0 if none is framed.
     */
    long lastFramedSequence()
    {
        if (0 == framedLength)
        {
            return 0;
        }
        if (followingSkip > 0)
        {
            return firstSequence + framedRecords() - 1;
        }
        int at = 0;
        int last = 0;
        while (at < framedLength)
        {
            last = at;
            at += framedRecordLengthAt(at);
        }
        return view.getLong(last + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the number of framed records in the excerpt.
     */
    int framedRecords()
    {
        int at = 0;
        int count = 0;
        while (at < framedLength)
        {
            count++;
            at += framedRecordLengthAt(at);
        }
        return count;
    }

    /**
     * @return the file offset of the record under the cursor.
     */
    long filePosition()
    {
        return position + offset;
    }

    /**
     * @param address of four bytes known to lie inside the wrapped excerpt.
     * @return the little-endian int there.
     */
    static int getIntLittleEndian(final long address)
    {
        final int value = UnsafeApi.getInt(null, address);
        return NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    /**
     * @param address of eight bytes known to lie inside the wrapped excerpt.
     * @return the little-endian long there.
     */
    static long getLongLittleEndian(final long address)
    {
        final long value = UnsafeApi.getLong(null, address);
        return NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    /**
     * @param fault found by {@link #checkRecord()} or {@link #wrap}.
     * @return a message saying what is wrong and where.
     */
    String describe(final int fault)
    {
        final String where = " (record at byte " + offset + " of an excerpt of " + length + " bytes at file offset " +
            position + ")";
        switch (fault)
        {
            case RecordCheck.TOO_SHORT:
                return "record too short to hold its framing" + where;
            case RecordCheck.LENGTH_MISMATCH:
                return "record length field " + (offset < framedLength ?
                    RecordDescriptor.payloadLength(view.getInt(offset - skipAt(offset) + LENGTH_OFFSET,
                    ByteOrder.LITTLE_ENDIAN)) : faultRecordLength) +
                    " does not match the excerpt" + where;
            case RecordCheck.TOO_LONG:
                return length > maxBatchLength ?
                    "excerpt length exceeds the journal's maximum batch of " + maxBatchLength + " bytes" + where :
                    "record length field " + faultRecordLength + " exceeds the journal's maximum" + where;
            case RecordCheck.CHECKSUM_MISMATCH:
                return "record checksum mismatch" + where;
            default:
                return "record fault " + fault + where;
        }
    }
}
