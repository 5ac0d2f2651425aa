package io.ferrite.tools;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.Workload;

import java.util.concurrent.locks.LockSupport;

/**
 * A test workload whose recovery is slow: in replay each event takes a millisecond, and the first replayed event
 * prints {@value #REPLAYING} to stderr, so a test can interrupt {@code ferrite run} while it recovers.
 */
public final class SlowReplayWorkload implements Workload
{
    /** The name tests pass to {@code --workload}. */
    public static final String NAME = "test-slow-replay";
    /** Printed to stderr when replay has begun. */
    public static final String REPLAYING = "slow-replay: replaying";

    private final CounterWorkload counter = new CounterWorkload();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload: the counter workload, with a replay of a millisecond per event";
    }

    @Override
    public int maxEventLength()
    {
        return counter.maxEventLength();
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder().stage("slow", new SlowProcessor()).build();
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return counter.newGenerator(seed);
    }

    private static final class SlowProcessor implements Processor
    {
        private boolean announced;

        @Override
        public void onEvent(final EventContext ctx)
        {
            if (ctx.isReplay())
            {
                if (!announced)
                {
                    announced = true;
                    System.err.println(REPLAYING);
                    System.err.flush();
                }
                LockSupport.parkNanos(1_000_000L);
            }
        }
    }
}
