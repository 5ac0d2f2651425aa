package io.ferrite.examples.fraud;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link FraudEventType#TRANSACTION} payload, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     transactionId     echoed in the decision
 *    8      8     cardId            positive
 *   16      8     merchantId        positive
 *   24      8     amountCents       1..MAX_AMOUNT_CENTS
 *   32      4     latitudeE6        degrees x 10^6, -90..90
 *   36      4     longitudeE6       degrees x 10^6, -180..180
 *   40      2     merchantCategory  ISO 18245 code (informational)
 *   42      1     channel           {@link Channel} (informational)
 *   43      5     reserved          written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class TransactionCodec
{
    /**
     * Offset of the transaction id.
     */
    public static final int TRANSACTION_ID_OFFSET = 0;

    /**
     * Offset of the card id.
     */
    public static final int CARD_ID_OFFSET = 8;

    /**
     * Offset of the merchant id.
     */
    public static final int MERCHANT_ID_OFFSET = 16;

    /**
     * Offset of the amount in cents.
     */
    public static final int AMOUNT_OFFSET = 24;

    /**
     * Offset of the latitude in micro-degrees.
     */
    public static final int LATITUDE_OFFSET = 32;

    /**
     * Offset of the longitude in micro-degrees.
     */
    public static final int LONGITUDE_OFFSET = 36;

    /**
     * Offset of the merchant category code.
     */
    public static final int MERCHANT_CATEGORY_OFFSET = 40;

    /**
     * Offset of the channel byte.
     */
    public static final int CHANNEL_OFFSET = 42;

    /**
     * Offset of the five reserved bytes.
     */
    public static final int RESERVED_OFFSET = 43;

    /**
     * Exact payload length; any other length is rejected as {@link FraudReason#MALFORMED_PAYLOAD}.
     */
    public static final int LENGTH = 48;

    private TransactionCodec()
    {
    }

    /**
     * Writes a transaction. Not thread safe.
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
         * @param transactionId    the transaction's id.
         * @param cardId           the card.
         * @param merchantId       the merchant.
         * @param amountCents      the amount in cents.
         * @param latitudeE6       latitude in micro-degrees.
         * @param longitudeE6      longitude in micro-degrees.
         * @param merchantCategory the merchant category code.
         * @param channel          the {@link Channel}.
         * @return this for a fluent API.
         */
        public Encoder encode(
            final long transactionId,
            final long cardId,
            final long merchantId,
            final long amountCents,
            final int latitudeE6,
            final int longitudeE6,
            final short merchantCategory,
            final byte channel)
        {
            final MutableDirectBuffer buffer = this.buffer;
            final int offset = this.offset;
            buffer.putLong(offset + TRANSACTION_ID_OFFSET, transactionId, LITTLE_ENDIAN);
            buffer.putLong(offset + CARD_ID_OFFSET, cardId, LITTLE_ENDIAN);
            buffer.putLong(offset + MERCHANT_ID_OFFSET, merchantId, LITTLE_ENDIAN);
            buffer.putLong(offset + AMOUNT_OFFSET, amountCents, LITTLE_ENDIAN);
            buffer.putInt(offset + LATITUDE_OFFSET, latitudeE6, LITTLE_ENDIAN);
            buffer.putInt(offset + LONGITUDE_OFFSET, longitudeE6, LITTLE_ENDIAN);
            buffer.putShort(offset + MERCHANT_CATEGORY_OFFSET, merchantCategory, LITTLE_ENDIAN);
            buffer.putByte(offset + CHANNEL_OFFSET, channel);
            return this;
        }
    }

    /**
     * Reads a transaction. Not thread safe.
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
         * @return the transaction id.
         */
        public long transactionId()
        {
            return buffer.getLong(offset + TRANSACTION_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the card id.
         */
        public long cardId()
        {
            return buffer.getLong(offset + CARD_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the merchant id.
         */
        public long merchantId()
        {
            return buffer.getLong(offset + MERCHANT_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the amount in cents.
         */
        public long amountCents()
        {
            return buffer.getLong(offset + AMOUNT_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the latitude in micro-degrees.
         */
        public int latitudeE6()
        {
            return buffer.getInt(offset + LATITUDE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the longitude in micro-degrees.
         */
        public int longitudeE6()
        {
            return buffer.getInt(offset + LONGITUDE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the merchant category code.
         */
        public short merchantCategory()
        {
            return buffer.getShort(offset + MERCHANT_CATEGORY_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the channel.
         */
        public byte channel()
        {
            return buffer.getByte(offset + CHANNEL_OFFSET);
        }
    }
}
