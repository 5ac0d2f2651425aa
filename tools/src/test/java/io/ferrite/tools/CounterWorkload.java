package io.ferrite.tools;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.MutableEvent;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.engine.processor.Workload;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A small deterministic workload registered for the tests through
 * {@code src/test/resources/META-INF/services/io.ferrite.engine.processor.Workload}, the same way a user plugs in their own:
 * each event carries one long; one stateful processor folds them into a running hash.
 */
public final class CounterWorkload implements Workload
{
    /** The name tests pass to {@code --workload}. */
    public static final String NAME = "test-counter";
    /** The only event type it generates. */
    public static final int TYPE_ADD = 7;
    /**
     * Events generated in this JVM by every generator of this workload, the warm-up's included: how a test sees that
     * {@code ferrite run} warmed up.
     */
    static final AtomicLong GENERATED = new AtomicLong();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload: folds one long per event into a running hash";
    }

    @Override
    public int maxEventLength()
    {
        return 64;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder().stage("counter", new CounterProcessor()).build();
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return new CounterGenerator(seed);
    }

    @Override
    public String describeEvent(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        return TYPE_ADD == type && 8 == length ? "ADD " + buffer.getLong(offset) : null;
    }

    /**
     * @param seed  the workload seed.
     * @param index the event's sequence.
     * @return the value event {@code index} carries: a pure function of both.
     */
    static long valueOf(final long seed, final long index)
    {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static final class CounterGenerator implements EventGenerator
    {
        private final long seed;

        CounterGenerator(final long seed)
        {
            this.seed = seed;
        }

        @Override
        public void generate(final MutableEvent event)
        {
            final long sequence = event.sequence();
            GENERATED.incrementAndGet();
            event.type(TYPE_ADD);
            event.timestamp(sequence * 1_000L);
            event.buffer().putLong(event.payloadOffset(), valueOf(seed, sequence));
            event.length(8);
        }
    }

    private static final class CounterProcessor implements StatefulProcessor
    {
        private long events;
        private long hash = 17;

        @Override
        public void onEvent(final EventContext ctx)
        {
            if (TYPE_ADD == ctx.type())
            {
                events++;
                hash = hash * 31 + ctx.buffer().getLong(ctx.payloadOffset()) + ctx.sequence();
            }
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            buffer.putLong(0, events);
            buffer.putLong(8, hash);
            return 16;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            events = buffer.getLong(offset);
            hash = buffer.getLong(offset + 8);
        }

        @Override
        public long stateDigest()
        {
            return hash ^ (events * 0x9E3779B97F4A7C15L);
        }
    }
}
