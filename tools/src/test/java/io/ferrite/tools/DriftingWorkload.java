package io.ferrite.tools;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.engine.processor.Workload;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately non-deterministic workload, so that replay has something to catch: each new pipeline starts from the
 * clock's reading, the mistake of a processor that reads the wall clock instead of {@code ctx.timestamp()}. A process
 * counter is added so that two pipelines built within one clock tick still differ.
 */
public final class DriftingWorkload implements Workload
{
    /** The name tests pass to {@code --workload}. */
    public static final String NAME = "test-drifting";
    /** Its one processor's name. */
    public static final String PROCESSOR = "drifter";

    private static final AtomicLong PIPELINES = new AtomicLong();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload: not deterministic, every replay diverges";
    }

    @Override
    public int maxEventLength()
    {
        return 64;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder()
            .stage(PROCESSOR, new DriftingProcessor(System.nanoTime() + PIPELINES.incrementAndGet()))
            .build();
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return event ->
        {
            event.type(1);
            event.timestamp(event.sequence());
            event.length(0);
        };
    }

    private static final class DriftingProcessor implements StatefulProcessor
    {
        private long state;

        DriftingProcessor(final long start)
        {
            state = start;
        }

        @Override
        public void onEvent(final EventContext ctx)
        {
            state += ctx.sequence();
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
