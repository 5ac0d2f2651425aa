package io.ferrite.examples.testing;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Processor;
import io.ferrite.examples.support.Hashing;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link EventContext} for driving a processor directly, without an engine: it presents one event at a time and
 * records what the processor emits (or, in discarding mode, only counts it, so that allocation can be measured).
 */
public final class RecordingContext implements EventContext
{
    /**
     * One emitted output: its type and a copy of its payload.
     *
     * @param type    output type.
     * @param payload payload bytes.
     */
    public record Output(int type, byte[] payload)
    {
        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Output other && type == other.type && Arrays.equals(payload, other.payload);
        }

        @Override
        public int hashCode()
        {
            return 31 * type + Arrays.hashCode(payload);
        }

        @Override
        public String toString()
        {
            return "Output[type=" + type + ", payload=" + Arrays.toString(payload) + "]";
        }
    }

    /**
     * Sees every output as it is emitted, without a copy.
     */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param type   output type.
         * @param buffer payload buffer, valid only during the call.
         * @param offset payload offset.
         * @param length payload length.
         */
        void onOutput(int type, DirectBuffer buffer, int offset, int length);
    }

    private final boolean record;
    private final Listener listener;
    private final List<Output> outputs = new ArrayList<>();
    private long emitted;

    private long sequence;
    private long timestamp;
    private int type;
    private DirectBuffer buffer;
    private int offset;
    private int length;

    private RecordingContext(final boolean record, final Listener listener)
    {
        this.record = record;
        this.listener = listener;
    }

    /**
     * @return a context that keeps a copy of every output.
     */
    public static RecordingContext recording()
    {
        return new RecordingContext(true, null);
    }

    /**
     * @return a context that only counts outputs and allocates nothing while doing so.
     */
    public static RecordingContext discarding()
    {
        return new RecordingContext(false, null);
    }

    /**
     * @param listener sees every output.
     * @return a context that passes outputs to a listener and keeps nothing.
     */
    public static RecordingContext listening(final Listener listener)
    {
        return new RecordingContext(false, listener);
    }

    /**
     * Present one event to a processor.
     *
     * @param processor the processor.
     * @param sequence  event sequence.
     * @param timestamp event time.
     * @param type      event type.
     * @param buffer    payload buffer.
     * @param offset    payload offset.
     * @param length    payload length.
     */
    public void deliver(
        final Processor processor,
        final long sequence,
        final long timestamp,
        final int type,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.type = type;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        processor.onEvent(this);
    }

    /**
     * Present a generated event to a processor.
     *
     * @param processor the processor.
     * @param event     the event.
     */
    public void deliver(final Processor processor, final TestEvent event)
    {
        deliver(processor, event.sequence(), event.timestamp(), event.type(), event.buffer(), event.payloadOffset(),
            event.length());
    }

    /**
     * @return the outputs recorded since the last drain, and forget them.
     */
    public List<Output> drain()
    {
        final List<Output> drained = new ArrayList<>(outputs);
        outputs.clear();
        return drained;
    }

    /**
     * @return how many outputs were emitted in total.
     */
    public long emittedCount()
    {
        return emitted;
    }

    @Override
    public long sequence()
    {
        return sequence;
    }

    @Override
    public long timestamp()
    {
        return timestamp;
    }

    @Override
    public int type()
    {
        return type;
    }

    @Override
    public DirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int payloadOffset()
    {
        return offset;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public boolean isReplay()
    {
        return false;
    }

    @Override
    public String processorName()
    {
        return "under-test";
    }

    @Override
    public void emit(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        emitted++;
        if (listener != null)
        {
            listener.onOutput(type, buffer, offset, length);
        }
        if (record)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            outputs.add(new Output(type, copy));
        }
    }

    @Override
    public void scheduleTimer(final long timerId, final long deadline)
    {
        throw new AssertionError("the example processors use no timers, yet timer " + timerId + " was scheduled");
    }

    @Override
    public boolean cancelTimer(final long timerId)
    {
        throw new AssertionError("the example processors use no timers, yet timer " + timerId + " was cancelled");
    }

    @Override
    public long random(final long salt)
    {
        return Hashing.hash(0, sequence, salt);
    }
}
