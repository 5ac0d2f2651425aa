package io.ferrite.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ferrite.bench.BenchmarkDefaults;

@Timeout(120)
class EngineBenchmarksTest
{
    private static final long N = BenchmarkDefaults.PIPELINE_BATCH;

    @Test
    void journaledPipelineShouldJournalAndProcessEveryEventOfTheBatch()
    {
        final EngineJournaledPipelineBenchmark.EngineState state = new EngineJournaledPipelineBenchmark.EngineState();
        state.payloadSize = 64;
        state.waitStrategy = "sleeping";
        state.flush = "BATCH";
        state.setUpTrial();
        state.setUpIteration();
        try
        {
            assertEquals(N, new EngineJournaledPipelineBenchmark().journaledPipeline(state));
            assertEquals(N, state.engine().journal().lastSequence(), "every event journaled");
            assertEquals(N, state.processor().count(), "every event processed once");
            assertEquals(N * (N + 1) / 2, state.processor().checksum(), "every payload intact");
        }
        finally
        {
            state.tearDownIteration();
        }
        assertFalse(Files.exists(state.directory()), "data directory left behind: " + state.directory());
    }
}
