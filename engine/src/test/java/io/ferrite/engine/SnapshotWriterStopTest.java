package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot writer's thread parks for long stretches between rounds, and {@code AgentRunner.close} does not wake
 * it: stopping the engine must wake it itself, or every stop (and every warm-up engine's) waits out the park.
 */
class SnapshotWriterStopTest
{
    @TempDir
    Path dir;

    @Test
    void shouldStopWithoutWaitingOutTheSnapshotWritersPark() throws InterruptedException
    {
        final long saved = SnapshotWriterAgent.maxParkNanos;
        // A ceiling far above the test's patience: only a wake-up can end the park in time.
        SnapshotWriterAgent.maxParkNanos = TimeUnit.SECONDS.toNanos(30);
        try (Engine engine = EngineTestSupport.builder(dir,
            Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
            .threadingMode(ThreadingMode.SHARED)
            .snapshotEvery(1_000)
            .build())
        {
            engine.start();
            EngineTestSupport.publishUpTo(engine, 100);
            // The writer backs off from 1 ms, doubling each time: 2.2 s in, it is in a park of about 2 s that ends
            // about 4 s in.
            Thread.sleep(2_200);
            final Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(SnapshotWriterAgent.NAME))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no writer thread among " +
                    Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList()));
            assertEquals(Thread.State.TIMED_WAITING, writer.getState(), "the writer parks");

            final long start = System.nanoTime();
            assertTrue(engine.stop(EngineTestSupport.STOP));
            final long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(writer.isAlive(), "the writer's thread ended");
            assertTrue(stopMillis < 1_500, "stop took " + stopMillis + " ms: it waited for the writer's park to end");
        }
        finally
        {
            SnapshotWriterAgent.maxParkNanos = saved;
        }
    }
}
