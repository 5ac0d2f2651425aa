package io.ferrite.cluster;

import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Sink;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The engine sink that collects live outputs, already encoded as egress OUTPUT messages (see
 * {@link MessageDescriptor}), into a bounded buffer that {@link FerriteClusteredService} sends to the clients from
 * the leader and empties on every member. It runs on the service thread (the engine is INVOKER). An output that does
 * not fit is counted as dropped: egress never holds up the engine. Not tracked: replayed outputs are not sent.
 */
final class EgressSink implements Sink
{
    static final String NAME = "cluster-egress";

    private final UnsafeBuffer buffer;
    private final List<ProcessorSpec> processors;
    private int limit;
    private long dropped;
    private String lastName;
    private int lastIndex;

    EgressSink(final Pipeline pipeline, final int capacity)
    {
        this.buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
        this.processors = pipeline.processors();
    }

    public void onOutput(final OutputView output, final boolean endOfBatch)
    {
        if (output.isReplay())
        {
            return;
        }
        final int length = MessageDescriptor.OUTPUT_HEADER_LENGTH + output.length();
        final int at = limit;
        if (at + 4 + length > buffer.capacity())
        {
            dropped++;
            return;
        }
        buffer.putInt(at, length, ByteOrder.LITTLE_ENDIAN);
        final int m = at + 4;
        buffer.putInt(m + MessageDescriptor.KIND_OFFSET, MessageDescriptor.KIND_OUTPUT, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(m + MessageDescriptor.TYPE_OFFSET, output.type(), ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(m + MessageDescriptor.OUTPUT_SEQUENCE_OFFSET, output.inputSequence(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(m + MessageDescriptor.OUTPUT_ORDINAL_OFFSET, output.ordinal(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(m + MessageDescriptor.OUTPUT_PROCESSOR_OFFSET, indexOf(output.processorName()),
            ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(m + MessageDescriptor.OUTPUT_TIMESTAMP_OFFSET, output.timestamp(), ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(m + MessageDescriptor.OUTPUT_HEADER_LENGTH, output.buffer(), output.payloadOffset(),
            output.length());
        limit = m + length;
    }

    /** Index of a processor by name; the name objects are the pipeline's own, so identity hits on the first try. */
    private int indexOf(final String name)
    {
        if (name == lastName)
        {
            return lastIndex;
        }
        for (int i = 0; i < processors.size(); i++)
        {
            final String candidate = processors.get(i).name();
            if (candidate == name || candidate.equals(name))
            {
                lastName = name;
                lastIndex = i;
                return i;
            }
        }
        return -1;
    }

    /** The encoded messages: each is a 4-byte length then the message, up to {@link #limit()}. */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int limit()
    {
        return limit;
    }

    void clear()
    {
        limit = 0;
    }

    /**
     * @return outputs that did not fit in the buffer since start.
     */
    long dropped()
    {
        return dropped;
    }
}
