package io.ferrite.examples.trading;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link TradingEventType#EXECUTION_REPORT} output, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     orderId         the order reported on (0 when the command could not be read)
 *    8      8     accountId       the order's account (0 when unknown)
 *   16      8     price           see {@link ExecType} for what each field means per report type
 *   24      8     lastQuantity
 *   32      8     leavesQuantity
 *   40      4     instrumentId    -1 when unknown
 *   44      4     commandType     the input event type that caused the report
 *   48      2     reason          {@link Reason}
 *   50      1     execType        {@link ExecType}
 *   51      1     side            {@link Side}, 0 when unknown
 *   52      1     orderType       {@link OrderType}, 0 when unknown
 *   53      3     reserved        written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class ExecutionReportCodec
{
    /**
     * Offset of the order id.
     */
    public static final int ORDER_ID_OFFSET = 0;

    /**
     * Offset of the account id.
     */
    public static final int ACCOUNT_ID_OFFSET = 8;

    /**
     * Offset of the price.
     */
    public static final int PRICE_OFFSET = 16;

    /**
     * Offset of the last (filled, cancelled or reduced) quantity.
     */
    public static final int LAST_QUANTITY_OFFSET = 24;

    /**
     * Offset of the quantity still open.
     */
    public static final int LEAVES_QUANTITY_OFFSET = 32;

    /**
     * Offset of the instrument id.
     */
    public static final int INSTRUMENT_ID_OFFSET = 40;

    /**
     * Offset of the causing command's event type.
     */
    public static final int COMMAND_TYPE_OFFSET = 44;

    /**
     * Offset of the reason code.
     */
    public static final int REASON_OFFSET = 48;

    /**
     * Offset of the execution type byte.
     */
    public static final int EXEC_TYPE_OFFSET = 50;

    /**
     * Offset of the side byte.
     */
    public static final int SIDE_OFFSET = 51;

    /**
     * Offset of the order type byte.
     */
    public static final int ORDER_TYPE_OFFSET = 52;

    /**
     * Offset of the three reserved bytes.
     */
    public static final int RESERVED_OFFSET = 53;

    /**
     * Payload length.
     */
    public static final int LENGTH = 56;

    private ExecutionReportCodec()
    {
    }

    /**
     * Writes an execution report. Not thread safe.
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
            buffer.putByte(offset + RESERVED_OFFSET, (byte)0);
            buffer.putShort(offset + RESERVED_OFFSET + 1, (short)0, LITTLE_ENDIAN);
            return this;
        }

        /**
         * Write every field.
         *
         * @param orderId        the order.
         * @param accountId      its account.
         * @param instrumentId   its instrument.
         * @param side           its side.
         * @param orderType      its type.
         * @param commandType    the causing input type.
         * @param execType       what happened.
         * @param reason         why, for rejections and cancellations.
         * @param price          see {@link ExecType}.
         * @param lastQuantity   see {@link ExecType}.
         * @param leavesQuantity see {@link ExecType}.
         * @return this for a fluent API.
         */
        public Encoder encode(
            final long orderId,
            final long accountId,
            final int instrumentId,
            final byte side,
            final byte orderType,
            final int commandType,
            final byte execType,
            final short reason,
            final long price,
            final long lastQuantity,
            final long leavesQuantity)
        {
            final MutableDirectBuffer buffer = this.buffer;
            final int offset = this.offset;
            buffer.putLong(offset + ORDER_ID_OFFSET, orderId, LITTLE_ENDIAN);
            buffer.putLong(offset + ACCOUNT_ID_OFFSET, accountId, LITTLE_ENDIAN);
            buffer.putLong(offset + PRICE_OFFSET, price, LITTLE_ENDIAN);
            buffer.putLong(offset + LAST_QUANTITY_OFFSET, lastQuantity, LITTLE_ENDIAN);
            buffer.putLong(offset + LEAVES_QUANTITY_OFFSET, leavesQuantity, LITTLE_ENDIAN);
            buffer.putInt(offset + INSTRUMENT_ID_OFFSET, instrumentId, LITTLE_ENDIAN);
            buffer.putInt(offset + COMMAND_TYPE_OFFSET, commandType, LITTLE_ENDIAN);
            buffer.putShort(offset + REASON_OFFSET, reason, LITTLE_ENDIAN);
            buffer.putByte(offset + EXEC_TYPE_OFFSET, execType);
            buffer.putByte(offset + SIDE_OFFSET, side);
            buffer.putByte(offset + ORDER_TYPE_OFFSET, orderType);
            return this;
        }
    }

    /**
     * Reads an execution report. Not thread safe.
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
         * @return the order id.
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
         * @return the price.
         */
        public long price()
        {
            return buffer.getLong(offset + PRICE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the last quantity.
         */
        public long lastQuantity()
        {
            return buffer.getLong(offset + LAST_QUANTITY_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the quantity still open.
         */
        public long leavesQuantity()
        {
            return buffer.getLong(offset + LEAVES_QUANTITY_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the instrument id, -1 when unknown.
         */
        public int instrumentId()
        {
            return buffer.getInt(offset + INSTRUMENT_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the causing command's event type.
         */
        public int commandType()
        {
            return buffer.getInt(offset + COMMAND_TYPE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the reason code.
         */
        public short reason()
        {
            return buffer.getShort(offset + REASON_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the execution type.
         */
        public byte execType()
        {
            return buffer.getByte(offset + EXEC_TYPE_OFFSET);
        }

        /**
         * @return the side, 0 when unknown.
         */
        public byte side()
        {
            return buffer.getByte(offset + SIDE_OFFSET);
        }

        /**
         * @return the order type, 0 when unknown.
         */
        public byte orderType()
        {
            return buffer.getByte(offset + ORDER_TYPE_OFFSET);
        }
    }
}
