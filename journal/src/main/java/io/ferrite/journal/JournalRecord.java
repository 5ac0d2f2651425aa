package io.ferrite.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;


/**
 * A zero-copy view of one journal record. Reused by a {@link JournalReader}: valid only until the reader's next call.
 * <p>
 * {@link #buffer()} wraps the record where it lies in the memory-mapped segment; nothing is copied. The payload
 * occupies {@code [payloadOffset(), payloadOffset() + length())} of it. The buffer must be treated as read-only:
 * writing into it would change the journal on disk.
 * <p>
 * Create one per reading thread and reuse it for every {@link JournalReader#next(JournalRecord)}; it allocates nothing
 * after construction.
 */
public final class JournalRecord
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private long sequence;
    private long timestamp;
    private int type;
    private int length;
    private int payloadOffset = RecordDescriptor.PAYLOAD_OFFSET;

    /**
     * Create an empty view; a reader points it at records.
     */
    public JournalRecord()
    {
    }

    /**
     * Point this view at a record whose framing and checksum have been checked.
     *
     * @param address      of the record in mapped memory.
     * @param recordLength of the whole record.
     * @param sequence     of the record (read from it by the caller, or counted for a compact record).
     * @param skip         bytes the record leaves out of the full layout: 0, or the sequence field's length for a
     *                     compact record, whose fields then all lie that much earlier.
     */
    void wrap(final long address, final int recordLength, final long sequence, final int skip)
    {
        buffer.wrap(address, recordLength);
        // The reader checked the record's framing: its header lies inside it, no bounds check needed per field.
        final long base = address - skip;
        this.sequence = sequence;
        timestamp = RecordBatch.getLongLittleEndian(base + RecordDescriptor.TIMESTAMP_OFFSET);
        type = RecordBatch.getIntLittleEndian(base + RecordDescriptor.TYPE_OFFSET);
        length = RecordDescriptor.payloadLength(RecordBatch.getIntLittleEndian(base + RecordDescriptor.LENGTH_OFFSET));
        payloadOffset = RecordDescriptor.PAYLOAD_OFFSET - skip;
    }

    /**
     * @return the record's sequence.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return the record's timestamp, in nanoseconds.
     */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * @return the record's type.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the payload length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return a view of the payload; valid bytes are {@code [payloadOffset(), payloadOffset() + length())}.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the offset of the payload in {@link #buffer()}.
     */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    @Override
    public String toString()
    {
        return "JournalRecord{sequence=" + sequence + ", timestamp=" + timestamp + ", type=" + type +
            ", length=" + length + '}';
    }
}
