package io.ferrite.examples.fraud;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link FraudEventType#REJECTED} output, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     id          the first 8 bytes of the input (transaction or entity id), 0 if it had fewer
 *    8      4     eventType   the rejected input's type
 *   12      4     length      the rejected input's payload length
 *   16      2     reason      {@link FraudReason}
 *   18      6     reserved    written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class FraudRejectCodec
{
    /**
     * Offset of the id.
     */
    public static final int ID_OFFSET = 0;

    /**
     * Offset of the rejected event type.
     */
    public static final int EVENT_TYPE_OFFSET = 8;

    /**
     * Offset of the rejected payload length.
     */
    public static final int EVENT_LENGTH_OFFSET = 12;

    /**
     * Offset of the reason code.
     */
    public static final int REASON_OFFSET = 16;

    /**
     * Offset of the six reserved bytes.
     */
    public static final int RESERVED_OFFSET = 18;

    /**
     * Payload length.
     */
    public static final int LENGTH = 24;

    private FraudRejectCodec()
    {
    }

    /**
     * Writes a rejection. Not thread safe.
     */
    public static final class Encoder
    {
        private MutableDirectBuffer buffer;
        private int offset;

        /**
         * Point at a payload and zero its reserved bytes.
         *
         * @param buffer to write into.
         * @param offset where the payload starts.
         * @return this for a fluent API.
         */
        public Encoder wrap(final MutableDirectBuffer buffer, final int offset)
        {
            this.buffer = buffer;
            this.offset = offset;
            buffer.setMemory(offset + RESERVED_OFFSET, LENGTH - RESERVED_OFFSET, (byte)0);
            return this;
        }

        /**
         * Write every field.
         *
         * @param id          the input's id, or 0.
         * @param eventType   the input's type.
         * @param eventLength the input's payload length.
         * @param reason      the {@link FraudReason}.
         * @return this for a fluent API.
         */
        public Encoder encode(final long id, final int eventType, final int eventLength, final short reason)
        {
            buffer.putLong(offset + ID_OFFSET, id, LITTLE_ENDIAN);
            buffer.putInt(offset + EVENT_TYPE_OFFSET, eventType, LITTLE_ENDIAN);
            buffer.putInt(offset + EVENT_LENGTH_OFFSET, eventLength, LITTLE_ENDIAN);
            buffer.putShort(offset + REASON_OFFSET, reason, LITTLE_ENDIAN);
            return this;
        }
    }

    /**
     * Reads a rejection. Not thread safe.
     */
    public static final class Decoder
    {
        private DirectBuffer buffer;
        private int offset;

        /**
         * @param buffer holding the payload.
         * @param offset where the payload starts.
         * @return this for a fluent API.
         */
        public Decoder wrap(final DirectBuffer buffer, final int offset)
        {
            this.buffer = buffer;
            this.offset = offset;
            return this;
        }

        /**
         * @return the input's id, or 0.
         */
        public long id()
        {
            return buffer.getLong(offset + ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the rejected input's type.
         */
        public int eventType()
        {
            return buffer.getInt(offset + EVENT_TYPE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the rejected input's payload length.
         */
        public int eventLength()
        {
            return buffer.getInt(offset + EVENT_LENGTH_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the reason code.
         */
        public short reason()
        {
            return buffer.getShort(offset + REASON_OFFSET, LITTLE_ENDIAN);
        }
    }
}
