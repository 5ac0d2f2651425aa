package io.ferrite.examples.trading;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link TradingEventType#CANCEL_ORDER} payload, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     orderId   the resting order to cancel
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class CancelOrderCodec
{
    /**
     * Offset of the order id.
     */
    public static final int ORDER_ID_OFFSET = 0;

    /**
     * Exact payload length; any other length is rejected as {@link Reason#MALFORMED_PAYLOAD}.
     */
    public static final int LENGTH = 8;

    private CancelOrderCodec()
    {
    }

    /**
     * Writes a cancel payload. Not thread safe.
     */
    public static final class Encoder
    {
        private MutableDirectBuffer buffer;
        private int offset;

        /**
         * @param buffer to write into.
         * @param offset where the payload starts.
         * @return this for a fluent API.
         */
        public Encoder wrap(final MutableDirectBuffer buffer, final int offset)
        {
            this.buffer = buffer;
            this.offset = offset;
            return this;
        }

        /**
         * @param orderId the order to cancel.
         * @return this for a fluent API.
         */
        public Encoder orderId(final long orderId)
        {
            buffer.putLong(offset + ORDER_ID_OFFSET, orderId, LITTLE_ENDIAN);
            return this;
        }
    }

    /**
     * Reads a cancel payload. Not thread safe.
     */
    public static final class Decoder
    {
        private DirectBuffer buffer;
        private int offset;

        /**
         * @param buffer holding the payload.
         * @param offset where the payload starts; the caller has checked the length is {@link #LENGTH}.
         * @return this for a fluent API.
         */
        public Decoder wrap(final DirectBuffer buffer, final int offset)
        {
            this.buffer = buffer;
            this.offset = offset;
            return this;
        }

        /**
         * @return the order to cancel.
         */
        public long orderId()
        {
            return buffer.getLong(offset + ORDER_ID_OFFSET, LITTLE_ENDIAN);
        }
    }
}
