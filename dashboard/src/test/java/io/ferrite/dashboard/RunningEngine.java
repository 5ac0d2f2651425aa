package io.ferrite.dashboard;

import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.ProducerType;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.examples.trading.TradingWorkload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real trading engine in this JVM, writing a real data directory, fed at a modest paced rate by a producer thread
 * that sleeps between small batches (no busy spinning on a shared 2-core machine), until {@link #close()}.
 */
final class RunningEngine implements AutoCloseable
{
    private final Engine engine;
    private final Thread producer;
    private volatile boolean running = true;

    RunningEngine(final Path dataDirectory, final int eventsPerSecond)
    {
        final TradingWorkload workload = new TradingWorkload();
        engine = Engine.builder()
            .dataDirectory(dataDirectory)
            .ringSize(4096)
            .maxEventLength(workload.maxEventLength())
            .producerType(ProducerType.SINGLE)
            .waitStrategy(WaitStrategyType.SLEEPING)
            .pipeline(workload.newPipeline())
            .sink("count", (output, endOfBatch) ->
            {
            })
            .snapshotEvery(5_000)
            .latencySampleEvery(1)
            .stopTimeout(Duration.ofSeconds(10))
            .build();
        engine.start();
        final EventGenerator generator = workload.newGenerator(7);
        producer = new Thread(() -> publish(generator, eventsPerSecond), "test-producer");
        producer.setDaemon(true);
        producer.start();
    }

    private void publish(final EventGenerator generator, final int eventsPerSecond)
    {
        final EventClaim claim = new EventClaim();
        final int batch = Math.max(1, eventsPerSecond / 100);
        while (running)
        {
            for (int i = 0; i < batch && running; i++)
            {
                engine.claim(claim);
                generator.generate(claim);
                claim.commit();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    Engine engine()
    {
        return engine;
    }

    /** Stop publishing and stop the engine (its counters file then reads as stopped). */
    public void close()
    {
        running = false;
        try
        {
            producer.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }
}
