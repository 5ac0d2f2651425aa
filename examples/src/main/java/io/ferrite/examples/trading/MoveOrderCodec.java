package io.ferrite.examples.trading;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link TradingEventType#MOVE_ORDER} payload, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     orderId   the resting order to move
 *    8      8     price     the new limit in ticks, 1..MAX_PRICE
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class MoveOrderCodec
{
    /**
     * Offset of the order id.
     */
    public static final int ORDER_ID_OFFSET = 0;

    /**
     * Offset of the new price.
     */
    public static final int PRICE_OFFSET = 8;

    /**
     * Exact payload length; any other length is rejected as {@link Reason#MALFORMED_PAYLOAD}.
     */
    public static final int LENGTH = 16;

    private MoveOrderCodec()
    {
    }

    /**
     * Writes a move payload. Not thread safe.
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
         * @param orderId the order to move.
         * @return this for a fluent API.
         */
        public Encoder orderId(final long orderId)
        {
            buffer.putLong(offset + ORDER_ID_OFFSET, orderId, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param price the new limit in ticks.
         * @return this for a fluent API.
         */
        public Encoder price(final long price)
        {
            buffer.putLong(offset + PRICE_OFFSET, price, LITTLE_ENDIAN);
            return this;
        }
    }

    /**
     * Reads a move payload. Not thread safe.
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
         * @return the order to move.
         */
        public long orderId()
        {
            return buffer.getLong(offset + ORDER_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the new limit in ticks.
         */
        public long price()
        {
            return buffer.getLong(offset + PRICE_OFFSET, LITTLE_ENDIAN);
        }
    }
}
