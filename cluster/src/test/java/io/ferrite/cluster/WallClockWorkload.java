package io.ferrite.cluster;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.engine.processor.Workload;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The mistake replication must expose: a processor that folds the node's wall clock into its state instead of
 * {@code ctx.timestamp()}. Every member then records different digests at the same sequences.
 */
public final class WallClockWorkload implements Workload
{
    /** The name the test passes to {@code --workload}. */
    public static final String NAME = "test-wall-clock";
    /** Its one processor's name. */
    public static final String PROCESSOR = "clock-reader";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload: reads the wall clock, so members diverge";
    }

    @Override
    public int maxEventLength()
    {
        return 64;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder().stage(PROCESSOR, new ClockReader()).build();
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return event ->
        {
            event.type(1);
            event.timestamp(event.sequence());
            event.buffer().putLong(event.payloadOffset(), seed ^ event.sequence());
            event.length(8);
        };
    }

    private static final class ClockReader implements StatefulProcessor
    {
        private long state;

        @Override
        public void onEvent(final EventContext ctx)
        {
            state = state * 31 + System.nanoTime();
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            buffer.putLong(0, state);
            return 8;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            state = buffer.getLong(offset);
        }

        @Override
        public long stateDigest()
        {
            return state;
        }
    }
}
