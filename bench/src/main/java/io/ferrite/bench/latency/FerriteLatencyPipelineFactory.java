package io.ferrite.bench.latency;

import java.nio.file.Path;
import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;

import io.ferrite.bench.Payloads;
import io.ferrite.bench.engine.EchoProcessor;
import io.ferrite.bench.engine.FerriteEngines;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.Pipeline;

/**
 * Ferrite's engine in the latency harness: input ring → journaller → one processor that emits one output per input
 * → output ring → a sink that reports to the harness. Each event carries its intended send time as its timestamp
 * (set by the producer through the claim API), and the sink reads it back from the output.
 */
public final class FerriteLatencyPipelineFactory implements LatencyPipelineFactory
{
    /** The name used on the command line. */
    public static final String NAME = "ferrite";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "Ferrite engine: ring -> journaller -> processor -> output ring -> sink";
    }

    @Override
    public LatencyPipeline open(final LatencyConfig config, final Path directory, final LatencySink sink)
    {
        final UnsafeBuffer payload = Payloads.template(config.payloadSize());
        final int payloadSize = config.payloadSize();
        config.waitKind().checkCores(4, NAME + " latency pipeline");
        final Engine engine = FerriteEngines.builder(directory, config.ringSize(), payloadSize, config.waitKind(),
                config.flush(), Pipeline.builder().stage("echo", new EchoProcessor()).build())
            .sink("latency", (output, endOfBatch) -> sink.onOutput(output.timestamp()))
            .build();
        engine.start();
        final EventClaim claim = new EventClaim();
        return new LatencyPipeline()
        {
            @Override
            public void publish(final long intendedSendNanos)
            {
                FerriteEngines.publish(engine, claim, intendedSendNanos, payload, payloadSize);
            }

            @Override
            public void close()
            {
                if (!engine.stop(Duration.ofSeconds(30)))
                {
                    throw new IllegalStateException("ferrite engine did not drain within 30 s of stop: " +
                        engine.counters());
                }
                engine.close();
            }
        };
    }
}
