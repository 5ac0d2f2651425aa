package io.ferrite.examples.fraud;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link FraudEventType#BLOCK_LIST_UPDATE} control payload, little endian, {@value #LENGTH}
 * bytes:
 * <pre>
 *   offset  size  field
 *    0      8     entityId    the card or merchant id, positive
 *    8      1     entityKind  {@link #CARD} or {@link #MERCHANT}
 *    9      1     action      {@link #BLOCK} or {@link #UNBLOCK}
 *   10      6     reserved    written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class BlockListUpdateCodec
{
    /**
     * Entity kind: a card.
     */
    public static final byte CARD = 1;

    /**
     * Entity kind: a merchant.
     */
    public static final byte MERCHANT = 2;

    /**
     * Action: add to the block list.
     */
    public static final byte BLOCK = 1;

    /**
     * Action: remove from the block list.
     */
    public static final byte UNBLOCK = 2;

    /**
     * Offset of the entity id.
     */
    public static final int ENTITY_ID_OFFSET = 0;

    /**
     * Offset of the entity kind byte.
     */
    public static final int ENTITY_KIND_OFFSET = 8;

    /**
     * Offset of the action byte.
     */
    public static final int ACTION_OFFSET = 9;

    /**
     * Offset of the six reserved bytes.
     */
    public static final int RESERVED_OFFSET = 10;

    /**
     * Exact payload length; any other length is rejected as {@link FraudReason#MALFORMED_PAYLOAD}.
     */
    public static final int LENGTH = 16;

    private BlockListUpdateCodec()
    {
    }

    /**
     * @param kind an entity kind.
     * @return "CARD", "MERCHANT" or "KIND(n)".
     */
    public static String kindName(final byte kind)
    {
        return kind == CARD ? "CARD" : kind == MERCHANT ? "MERCHANT" : "KIND(" + kind + ")";
    }

    /**
     * @param action an action.
     * @return "BLOCK", "UNBLOCK" or "ACTION(n)".
     */
    public static String actionName(final byte action)
    {
        return action == BLOCK ? "BLOCK" : action == UNBLOCK ? "UNBLOCK" : "ACTION(" + action + ")";
    }

    /**
     * Writes a block-list update. Not thread safe.
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
         * @param entityId   the card or merchant.
         * @param entityKind {@link #CARD} or {@link #MERCHANT}.
         * @param action     {@link #BLOCK} or {@link #UNBLOCK}.
         * @return this for a fluent API.
         */
        public Encoder encode(final long entityId, final byte entityKind, final byte action)
        {
            buffer.putLong(offset + ENTITY_ID_OFFSET, entityId, LITTLE_ENDIAN);
            buffer.putByte(offset + ENTITY_KIND_OFFSET, entityKind);
            buffer.putByte(offset + ACTION_OFFSET, action);
            return this;
        }
    }

    /**
     * Reads a block-list update. Not thread safe.
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
         * @return the card or merchant id.
         */
        public long entityId()
        {
            return buffer.getLong(offset + ENTITY_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return the entity kind.
         */
        public byte entityKind()
        {
            return buffer.getByte(offset + ENTITY_KIND_OFFSET);
        }

        /**
         * @return the action.
         */
        public byte action()
        {
            return buffer.getByte(offset + ACTION_OFFSET);
        }
    }
}
