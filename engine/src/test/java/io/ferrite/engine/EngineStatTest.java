package io.ferrite.engine;

import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.engine.processor.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EngineStatTest
{
    @TempDir
    Path dir;

    @Test
    void shouldShowLiveProgressThroughTheCountersFileWhileRunning()
    {
        final Pipeline pipeline = Pipeline.builder()
            .stage("sum", new SummingProcessor(true))
            .stage("failing", ctx ->
            {
                if (ctx.sequence() == 10)
                {
                    throw new IllegalStateException("one bad event");
                }
            })
            .build();
        try (Engine engine = builder(dir, pipeline).sink("out", new RecordingSink(5_000, 0))
            .exceptionPolicy(ExceptionPolicy.SKIP).errorHandler((ex, seq, who) -> { }).snapshotEvery(1_000).build())
        {
            engine.start();
            publishUpTo(engine, 5_000);
            EngineStat stat = EngineStat.read(dir);
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (stat.counters().get("processed: failing") < 5_000 && System.nanoTime() < deadline)
            {
                Thread.yield();
                stat = EngineStat.read(dir);
            }
            assertTrue(stat.running());
            assertEquals(ProcessHandle.current().pid(), stat.pid());
            assertEquals(List.of("published", "journaled", "processed: sum", "emitted: sum", "processed: failing",
                "emitted: failing", "consumed: sink:out", "snapshots written", "errors"),
                List.copyOf(stat.counters().keySet()));
            assertEquals(5_000L, stat.counters().get("processed: failing"));
            assertEquals(5_000L, stat.counters().get("journaled"));
            assertEquals(5_000L, stat.counters().get("published"));
            assertTrue(engine.stop(STOP));
        }
        assertFalse(EngineStat.read(dir).running(), "a stopped engine must not read as running");
        final Map<String, Long> after = EngineStat.read(dir).counters();
        assertEquals(5_000L, after.get("consumed: sink:out"));
        assertEquals(5_000L, after.get("emitted: sum"));
        assertEquals(0L, after.get("emitted: failing"));
        assertEquals(5L, after.get("snapshots written"));
        assertEquals(1L, after.get("errors"));
    }

    @Test
    void shouldExplainWhenThereIsNoCountersFile()
    {
        final FerriteException ex = assertThrows(FerriteException.class, () -> EngineStat.read(dir));
        assertTrue(ex.getMessage().contains("counters.dat"), ex.getMessage());
        assertFalse(ex.getMessage().isEmpty());
    }
}
