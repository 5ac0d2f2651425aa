package io.ferrite.examples.trading;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link TradingEventType#REDUCE_ORDER} payload, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     orderId    the resting order to reduce
 *    8      8     quantity   how much to remove from its open quantity, 1..MAX_QUANTITY; removing all of it cancels
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class ReduceOrderCodec
{
    /**
     * Offset of the order id.
     */
    public static final int ORDER_ID_OFFSET = 0;

    /**
     * Offset of the quantity to remove.
     */
    public static final int QUANTITY_OFFSET = 8;

    /**
     * Exact payload length; any other length is rejected as {@link Reason#MALFORMED_PAYLOAD}.
     */
    public static final int LENGTH = 16;

    private ReduceOrderCodec()
    {
    }

    /**
     * Writes a reduce payload. Not thread safe.
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
         * @param orderId the order to reduce.
         * @return this for a fluent API.
         */
        public Encoder orderId(final long orderId)
        {
            buffer.putLong(offset + ORDER_ID_OFFSET, orderId, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param quantity to remove from the open quantity.
         * @return this for a fluent API.
         */
        public Encoder quantity(final long quantity)
        {
            buffer.putLong(offset + QUANTITY_OFFSET, quantity, LITTLE_ENDIAN);
            return this;
        }
    }

    /**
     * Reads a reduce payload. Not thread safe.
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
         * @return the order to reduce.
         */
        public long orderId()
        {
            return buffer.getLong(offset + ORDER_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the quantity to remove.
         */
        public long quantity()
        {
            return buffer.getLong(offset + QUANTITY_OFFSET, LITTLE_ENDIAN);
        }
    }
}
