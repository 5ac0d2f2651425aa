package io.ferrite.examples.fraud;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Binary layout of a {@link FraudEventType#BLOCK_LIST_UPDATED} output, little endian, {@value #LENGTH} bytes:
 * <pre>
 *   offset  size  field
 *    0      8     entityId
 *    8      4     listSize    entries in that kind's block list after the update
 *   12      1     entityKind  {@link BlockListUpdateCodec#CARD} or {@link BlockListUpdateCodec#MERCHANT}
 *   13      1     action      {@link BlockListUpdateCodec#BLOCK} or {@link BlockListUpdateCodec#UNBLOCK}
 *   14      1     changed     1 if the list changed, 0 if the entity already was (or was not) on it
 *   15      1     reserved    written as 0
 * </pre>
 * The {@link Encoder} and {@link Decoder} are flyweights: wrap once, reuse for every message, no allocation.
 */
public final class BlockListUpdatedCodec
{
    /**
     * Offset of the entity id.
     */
    public static final int ENTITY_ID_OFFSET = 0;

    /**
     * Offset of the list size.
     */
    public static final int LIST_SIZE_OFFSET = 8;

    /**
     * Offset of the entity kind byte.
     */
    public static final int ENTITY_KIND_OFFSET = 12;

    /**
     * Offset of the action byte.
     */
    public static final int ACTION_OFFSET = 13;

    /**
     * Offset of the changed flag.
     */
    public static final int CHANGED_OFFSET = 14;

    /**
     * Offset of the reserved byte.
     */
    public static final int RESERVED_OFFSET = 15;

    /**
     * Payload length.
     */
    public static final int LENGTH = 16;

    private BlockListUpdatedCodec()
    {
    }

    /**
     * Writes an acknowledgement. Not thread safe.
     */
    public static final class Encoder
    {
        private MutableDirectBuffer buffer;
        private int offset;

        /**
         * Point at a payload and zero its reserved byte.
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
            return this;
        }

        /**
         * Write every field.
         *
         * @param entityId   the card or merchant.
         * @param entityKind its kind.
         * @param action     the action applied.
         * @param changed    whether the list changed.
         * @param listSize   entries in the list afterwards.
         * @return this for a fluent API.
         */
        public Encoder encode(
            final long entityId, final byte entityKind, final byte action, final boolean changed, final int listSize)
        {
            buffer.putLong(offset + ENTITY_ID_OFFSET, entityId, LITTLE_ENDIAN);
            buffer.putInt(offset + LIST_SIZE_OFFSET, listSize, LITTLE_ENDIAN);
            buffer.putByte(offset + ENTITY_KIND_OFFSET, entityKind);
            buffer.putByte(offset + ACTION_OFFSET, action);
            buffer.putByte(offset + CHANGED_OFFSET, changed ? (byte)1 : (byte)0);
            return this;
        }
    }

    /**
     * Reads an acknowledgement. Not thread safe.
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
         * @return the entity id.
         */
        public long entityId()
        {
            return buffer.getLong(offset + ENTITY_ID_OFFSET, LITTLE_ENDIAN);
        }

        /**
         * @return entries in the list after the update.
         */
        public int listSize()
        {
            return buffer.getInt(offset + LIST_SIZE_OFFSET, LITTLE_ENDIAN);
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

        /**
         * @return whether the list changed.
         */
        public boolean changed()
        {
            return buffer.getByte(offset + CHANGED_OFFSET) != 0;
        }
    }
}
