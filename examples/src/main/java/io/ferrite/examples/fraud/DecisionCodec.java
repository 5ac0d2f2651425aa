package io.ferrite.examples.fraud;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link FraudEventType#DECISION} output, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     transactionId
 *    8      8     cardId
 *   16      8     merchantId
 *   24      8     amountCents
 *   32      4     score          0..1000
 *   36      4     rules          bit mask of the {@link FraudRule rules} that fired
 *   40      1     decision       {@link Decision}
 *   41      7     reserved       written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class DecisionCodec
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
     * Offset of the amount.
     */
    public static final int AMOUNT_OFFSET = 24;

    /**
     * Offset of the score.
     */
    public static final int SCORE_OFFSET = 32;

    /**
     * Offset of the rules mask.
     */
    public static final int RULES_OFFSET = 36;

    /**
     * Offset of the decision byte.
     */
    public static final int DECISION_OFFSET = 40;

    /**
     * Offset of the seven reserved bytes.
     */
    public static final int RESERVED_OFFSET = 41;

    /**
     * Payload length.
     */
    public static final int LENGTH = 48;

    private DecisionCodec()
    {
    }

    /**
     * Writes a decision. Not thread safe.
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
         * @param transactionId the transaction.
         * @param cardId        its card.
         * @param merchantId    its merchant.
         * @param amountCents   its amount.
         * @param score         0..1000.
         * @param rules         the rules that fired.
         * @param decision      the {@link Decision}.
         * @return this for a fluent API.
         */
        public Encoder encode(
            final long transactionId,
            final long cardId,
            final long merchantId,
            final long amountCents,
            final int score,
            final int rules,
            final byte decision)
        {
            final MutableDirectBuffer buffer = this.buffer;
            final int offset = this.offset;
            buffer.putLong(offset + TRANSACTION_ID_OFFSET, transactionId, LITTLE_ENDIAN);
            buffer.putLong(offset + CARD_ID_OFFSET, cardId, LITTLE_ENDIAN);
            buffer.putLong(offset + MERCHANT_ID_OFFSET, merchantId, LITTLE_ENDIAN);
            buffer.putLong(offset + AMOUNT_OFFSET, amountCents, LITTLE_ENDIAN);
            buffer.putInt(offset + SCORE_OFFSET, score, LITTLE_ENDIAN);
            buffer.putInt(offset + RULES_OFFSET, rules, LITTLE_ENDIAN);
            buffer.putByte(offset + DECISION_OFFSET, decision);
            return this;
        }
    }

    /**
     * Reads a decision. Not thread safe.
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
         * @return the score.
         */
        public int score()
        {
            return buffer.getInt(offset + SCORE_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the rules mask.
         */
        public int rules()
        {
            return buffer.getInt(offset + RULES_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the decision.
         */
        public byte decision()
        {
            return buffer.getByte(offset + DECISION_OFFSET);
        }
    }
}
