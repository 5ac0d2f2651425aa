package io.ferrite.cluster;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A flyweight over one output a client received from the cluster's leader (see {@link MessageDescriptor}): read its
 * fields in place, without copying or allocating. Valid only during {@link OutputListener#onOutput}.
 */
public final class ClusterOutput
{
    private DirectBuffer buffer;
    private int offset;
    private int length;

    ClusterOutput wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * @return the Ferrite sequence of the event (or timer event) that caused this output.
     */
    public long sequence()
    {
        return buffer.getLong(offset + MessageDescriptor.OUTPUT_SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the position of this output among its processor's outputs for that event, from 0.
     */
    public int ordinal()
    {
        return buffer.getInt(offset + MessageDescriptor.OUTPUT_ORDINAL_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the index, in pipeline order, of the processor that emitted it.
     */
    public int processorIndex()
    {
        return buffer.getInt(offset + MessageDescriptor.OUTPUT_PROCESSOR_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the output type the processor gave.
     */
    public int type()
    {
        return buffer.getInt(offset + MessageDescriptor.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the event time of the causing event.
     */
    public long timestamp()
    {
        return buffer.getLong(offset + MessageDescriptor.OUTPUT_TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the buffer holding the payload.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the payload's offset in {@link #buffer()}.
     */
    public int payloadOffset()
    {
        return offset + MessageDescriptor.OUTPUT_HEADER_LENGTH;
    }

    /**
     * @return the payload's length.
     */
    public int length()
    {
        return length - MessageDescriptor.OUTPUT_HEADER_LENGTH;
    }
}
