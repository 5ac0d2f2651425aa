package io.ferrite.examples.trading;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link TradingEventType#TRADE} output, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     buyOrderId
 *    8      8     sellOrderId
 *   16      8     price          the resting (maker) order's price, in ticks
 *   24      8     quantity
 *   32      4     instrumentId
 *   36      4     matchNumber    0, 1, 2... within the causing input: (input sequence, matchNumber) is the trade id
 *   40      1     aggressorSide  the side of the incoming (taker) order
 *   41      7     reserved       written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class TradeCodec
{
    /**
     * Offset of the buy order id.
     */
    public static final int BUY_ORDER_ID_OFFSET = 0;

    /**
     * Offset of the sell order id.
     */
    public static final int SELL_ORDER_ID_OFFSET = 8;

    /**
     * Offset of the trade price.
     */
    public static final int PRICE_OFFSET = 16;

    /**
     * Offset of the traded quantity.
     */
    public static final int QUANTITY_OFFSET = 24;

    /**
     * Offset of the instrument id.
     */
    public static final int INSTRUMENT_ID_OFFSET = 32;

    /**
     * Offset of the match number within the causing input.
     */
    public static final int MATCH_NUMBER_OFFSET = 36;

    /**
     * Offset of the aggressor side byte.
     */
    public static final int AGGRESSOR_SIDE_OFFSET = 40;

    /**
     * Offset of the seven reserved bytes.
     */
    public static final int RESERVED_OFFSET = 41;

    /**
     * Payload length.
     */
    public static final int LENGTH = 48;

    private TradeCodec()
    {
    }

    /**
     * Writes a trade. Not thread safe.
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
         * @param instrumentId  the instrument.
         * @param buyOrderId    the buy order.
         * @param sellOrderId   the sell order.
         * @param price         the trade price in ticks.
         * @param quantity      the traded quantity.
         * @param matchNumber   position of this trade among those of the causing input.
         * @param aggressorSide the incoming order's side.
         * @return this for a fluent API.
         */
        public Encoder encode(
            final int instrumentId,
            final long buyOrderId,
            final long sellOrderId,
            final long price,
            final long quantity,
            final int matchNumber,
            final byte aggressorSide)
        {
            final MutableDirectBuffer buffer = this.buffer;
            final int offset = this.offset;
            buffer.putLong(offset + BUY_ORDER_ID_OFFSET, buyOrderId, LITTLE_ENDIAN);
            buffer.putLong(offset + SELL_ORDER_ID_OFFSET, sellOrderId, LITTLE_ENDIAN);
            buffer.putLong(offset + PRICE_OFFSET, price, LITTLE_ENDIAN);
            buffer.putLong(offset + QUANTITY_OFFSET, quantity, LITTLE_ENDIAN);
            buffer.putInt(offset + INSTRUMENT_ID_OFFSET, instrumentId, LITTLE_ENDIAN);
            buffer.putInt(offset + MATCH_NUMBER_OFFSET, matchNumber, LITTLE_ENDIAN);
            buffer.putByte(offset + AGGRESSOR_SIDE_OFFSET, aggressorSide);
            return this;
        }
    }

    /**
     * Reads a trade. Not thread safe.
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
         * @return the buy order id.
         */
        public long buyOrderId()
        {
            return buffer.getLong(offset + BUY_ORDER_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the sell order id.
         */
        public long sellOrderId()
        {
            return buffer.getLong(offset + SELL_ORDER_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the trade price in ticks.
         */
        public long price()
        {
            return buffer.getLong(offset + PRICE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the traded quantity.
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
         * @return the match number within the causing input.
         */
        public int matchNumber()
        {
            return buffer.getInt(offset + MATCH_NUMBER_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the aggressor (taker) side.
         */
        public byte aggressorSide()
        {
            return buffer.getByte(offset + AGGRESSOR_SIDE_OFFSET);
        }
    }
}
