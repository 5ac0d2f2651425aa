package io.ferrite.journal;

/**
 * Binary layout of one journal record. All fields little endian.
 * <p>
 * One Chronicle Queue excerpt holds a <em>batch</em>: one or more records of consecutive sequences laid end to end,
 * with no batch header and no padding, at most {@link #maxBatchLength(int)} bytes in all. Every record keeps its own
 * framing and CRC32C (its sequence too, up to format 2), so a reader checks and returns records one at a time;
 * Chronicle publishes the excerpt, and so the whole batch, with one ordered write of its header. A journal of format version 1 holds one record per excerpt,
 * which is a batch of one: the same reader reads both formats.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        sequence (64)                          |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  timestamp, nanoseconds (64)                  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          type (32)                            |
 *  +---------------------------------------------------------------+
 *  |                   payload length in bytes (32)                |
 *  +---------------------------------------------------------------+
 *  |                        payload ...                            |
 *  +---------------------------------------------------------------+
 *  |          CRC32C over every preceding byte of the record (32)  |
 *  +---------------------------------------------------------------+
 * </pre>
 * The sequence is written first, so a batch torn by a crash leaves a non-zero sequence behind it: that is how the
 * open-time recovery tells a torn tail from untouched space.
 * <p>
 * <b>Format 3: compact records.</b> The records of a batch have consecutive sequences, so only the first needs to
 * store one. When the top bit of the first record's length field is set ({@link #COMPACT_FOLLOWS}), every record
 * after it in the same excerpt leaves out its sequence field, and its sequence is the first record's plus its place
 * in the excerpt:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                  timestamp, nanoseconds (64)                  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          type (32)                            |
 *  +---------------------------------------------------------------+
 *  |                   payload length in bytes (32)                |
 *  +---------------------------------------------------------------+
 *  |                        payload ...                            |
 *  +---------------------------------------------------------------+
 *  |          CRC32C over every preceding byte of the record (32)  |
 *  +---------------------------------------------------------------+
 * </pre>
 * A 64 B record then takes 84 bytes instead of 92. Each record's CRC32C covers the bytes it stores, so the first
 * record's covers the flag and the sequence the others are counted from. Every field of a compact record lies
 * {@link #SEQUENCE_LENGTH} bytes before its offset here, so code reads both kinds through the same offsets from a base
 * that many bytes before the record. Only the first record of an excerpt may carry the flag; every reader and check
 * of the journal reads both kinds of excerpt, so a journal of format 1 or 2 that a writer of format 3 extends holds
 * both.
 */
final class RecordDescriptor
{
    static final int SEQUENCE_OFFSET = 0;
    static final int TIMESTAMP_OFFSET = 8;
    static final int TYPE_OFFSET = 16;
    static final int LENGTH_OFFSET = TYPE_OFFSET + 4;
    static final int PAYLOAD_OFFSET = 24;
    static final int HEADER_LENGTH = PAYLOAD_OFFSET;
    static final int CHECKSUM_LENGTH = 4;
    /** Bytes a record takes on top of its payload. */
    static final int FRAMING_LENGTH = HEADER_LENGTH + CHECKSUM_LENGTH;
    /** Bytes a record after the first of a compact excerpt leaves out: its sequence field. */
    static final int SEQUENCE_LENGTH = 8;
    /** Set in the length field of an excerpt's first record when the records after it are compact (format 3). */
    static final int COMPACT_FOLLOWS = 0x8000_0000;
    /** Bytes a compact record takes on top of its payload. */
    static final int COMPACT_FRAMING_LENGTH = FRAMING_LENGTH - SEQUENCE_LENGTH;
    /** Bytes a batch (one excerpt) may take, unless one record needs more. */
    static final int BATCH_LENGTH_LIMIT = 64 * 1024;

    private RecordDescriptor()
    {
    }

    /**
     * @param payloadLength of the record's payload.
     * @return the whole record's length.
     */
    static int recordLength(final int payloadLength)
    {
        return FRAMING_LENGTH + payloadLength;
    }

    /**
     * @param firstLengthField the length field of an excerpt's first record, as stored.
     * @return the bytes each record after the first leaves out of the full layout: {@link #SEQUENCE_LENGTH} if the
     * excerpt is compact, else 0.
     */
    static int followingSkip(final int firstLengthField)
    {
        return firstLengthField < 0 ? SEQUENCE_LENGTH : 0;
    }

    /**
     * @param lengthField a record's length field, as stored.
     * @return the payload length it holds, without the {@link #COMPACT_FOLLOWS} flag.
     */
    static int payloadLength(final int lengthField)
    {
        return lengthField & ~COMPACT_FOLLOWS;
    }

    /**
     * @param lengthField a record's length field, as stored.
     * @param first       whether the record is the first of its excerpt, the only one that may carry the flag.
     * @return the payload length it holds: without the flag for the first record; as stored for the others, so
     * that a set top bit there reads as the negative, damaged length it is.
     */
    static int payloadLength(final int lengthField, final boolean first)
    {
        return first ? payloadLength(lengthField) : lengthField;
    }

    /**
     * @param maxPayloadLength the largest payload the journal holds.
     * @return the largest excerpt (batch of records) the journal may hold.
     */
    static int maxBatchLength(final int maxPayloadLength)
    {
        return Math.max(BATCH_LENGTH_LIMIT, recordLength(maxPayloadLength));
    }

    /**
     * The type and length fields as one long, written little endian at {@link #TYPE_OFFSET}: the length field follows
     * the type field directly, so the type is the low half and the length the high half.
     *
     * @param type          of the record.
     * @param payloadLength of the record's payload.
     * @return both fields in one long.
     */
    static long typeAndLength(final int type, final int payloadLength)
    {
        return (type & 0xFFFF_FFFFL) | ((long)payloadLength << 32);
    }

    /**
     * @param recordLength of the whole record.
     * @return the offset of the checksum in the record.
     */
    static int checksumOffset(final int recordLength)
    {
        return recordLength - CHECKSUM_LENGTH;
    }
}
