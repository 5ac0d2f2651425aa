package io.ferrite.examples.trading;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link TradingEventType#NEW_ORDER} payload, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     orderId      client-supplied, positive, unique among resting orders
 *    8      8     accountId    the client's account (carried into reports, not validated)
 *   16      8     price        limit in ticks, 1..MAX_PRICE; 0 for MARKET
 *   24      8     quantity     1..MAX_QUANTITY
 *   32      4     instrumentId 0..instrumentCount-1
 *   36      1     side         {@link Side}
 *   37      1     orderType    {@link OrderType}
 *   38      2     reserved     written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class NewOrderCodec
{
    /**
     * Offset of the client-supplied order id.
     */
    public static final int ORDER_ID_OFFSET = 0;

    /**
     * Offset of the account id.
     */
    public static final int ACCOUNT_ID_OFFSET = 8;

    /**
     * Offset of the limit price in ticks.
     */
    public static final int PRICE_OFFSET = 16;

    /**
     * Offset of the quantity.
     */
    public static final int QUANTITY_OFFSET = 24;

    /**
     * Offset of the instrument id.
     */
    public static final int INSTRUMENT_ID_OFFSET = 32;

    /**
     * Offset of the side byte.
     */
    public static final int SIDE_OFFSET = 36;

    /**
     * Offset of the order type byte.
     */
    public static final int ORDER_TYPE_OFFSET = 37;

    /**
     * Offset of the two reserved bytes.
     */
    public static final int RESERVED_OFFSET = 38;

    /**
     * Exact payload length; any other length is rejected as {@link Reason#MALFORMED_PAYLOAD}.
     */
    public static final int LENGTH = 40;

    private NewOrderCodec()
    {
    }

    /**
     * Writes a new-order payload. Not thread safe.
     */
    public static final class Encoder
    {
        private MutableDirectBuffer buffer;
        private int offset;

        /**
         * Point at a payload and zero its reserved bytes, so the encoded bytes depend on the fields alone.
         *
         * @param buffer to write into.
         * @param offset where the payload starts.
         * @return this for a fluent API.
         */
        public Encoder wrap(final MutableDirectBuffer buffer, final int offset)
        {
            this.buffer = buffer;
            this.offset = offset;
            buffer.putShort(offset + RESERVED_OFFSET, (short)0, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param orderId client-supplied order id.
         * @return this for a fluent API.
         */
        public Encoder orderId(final long orderId)
        {
            buffer.putLong(offset + ORDER_ID_OFFSET, orderId, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param accountId the client's account.
         * @return this for a fluent API.
         */
        public Encoder accountId(final long accountId)
        {
            buffer.putLong(offset + ACCOUNT_ID_OFFSET, accountId, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param price limit in ticks, 0 for a market order.
         * @return this for a fluent API.
         */
        public Encoder price(final long price)
        {
            buffer.putLong(offset + PRICE_OFFSET, price, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param quantity to trade.
         * @return this for a fluent API.
         */
        public Encoder quantity(final long quantity)
        {
            buffer.putLong(offset + QUANTITY_OFFSET, quantity, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param instrumentId the instrument.
         * @return this for a fluent API.
         */
        public Encoder instrumentId(final int instrumentId)
        {
            buffer.putInt(offset + INSTRUMENT_ID_OFFSET, instrumentId, LITTLE_ENDIAN);
            return this;
        }

        /**
         * @param side {@link Side#BUY} or {@link Side#SELL}.
         * @return this for a fluent API.
         */
        public Encoder side(final byte side)
        {
            buffer.putByte(offset + SIDE_OFFSET, side);
            return this;
        }

        /**
         * @param orderType one of {@link OrderType}.
         * @return this for a fluent API.
         */
        public Encoder orderType(final byte orderType)
        {
            buffer.putByte(offset + ORDER_TYPE_OFFSET, orderType);
            return this;
        }
    }

    /**
     * Reads a new-order payload. Not thread safe.
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
         * @return the client-supplied order id.
         */
        public long orderId()
        {
            return buffer.getLong(offset + ORDER_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the account id.
         */
        public long accountId()
        {
            return buffer.getLong(offset + ACCOUNT_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the limit price in ticks (0 for market orders).
         */
        public long price()
        {
            return buffer.getLong(offset + PRICE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the quantity.
         */
        public long quantity()
        {
            return buffer.getLong(offset + QUANTITY_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the instrument id.
         */
        public int instrumentId()
        {
            return buffer.getInt(offset + INSTRUMENT_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the side code.
         */
        public byte side()
        {
            return buffer.getByte(offset + SIDE_OFFSET);
        }

        /**
         * @return the order type code.
         */
        public byte orderType()
        {
            return buffer.getByte(offset + ORDER_TYPE_OFFSET);
        }
    }
}
