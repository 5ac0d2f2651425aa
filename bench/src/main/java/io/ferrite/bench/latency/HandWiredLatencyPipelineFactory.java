package io.ferrite.bench.latency;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

import io.ferrite.bench.Payloads;
import io.ferrite.bench.alternatives.HandWiredJournaledPipeline;

/**
 * The hand-wired alternative in the latency harness: a raw Disruptor and a raw Chronicle Queue, ring → journaller →
 * processor → output ring → sink (see {@link HandWiredJournaledPipeline}).
 */
public final class HandWiredLatencyPipelineFactory implements LatencyPipelineFactory
{
    /** The name used on the command line. */
    public static final String NAME = "hand-wired";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "raw Disruptor + raw Chronicle Queue wired by hand: ring -> journaller -> processor -> output ring -> sink";
    }

    @Override
    public LatencyPipeline open(final LatencyConfig config, final Path directory, final LatencySink sink)
    {
        final UnsafeBuffer payload = Payloads.template(config.payloadSize());
        final int payloadSize = config.payloadSize();
        final HandWiredJournaledPipeline pipeline = new HandWiredJournaledPipeline(
            NAME, directory, config.ringSize(), payloadSize, config.waitKind(), "BATCH".equals(config.flush()),
            (inputSequence, timestamp, buffer, length) -> sink.onOutput(timestamp));
        return new LatencyPipeline()
        {
            @Override
            public void publish(final long intendedSendNanos)
            {
                pipeline.publish(intendedSendNanos, 1, payload, payloadSize);
            }

            @Override
            public void close()
            {
                pipeline.close();
            }
        };
    }
}
