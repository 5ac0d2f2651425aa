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
        state.threading = "dedicated";
        state.flush = "BATCH";
        state.setUpTrial();
        state.setUpIteration();
        try
        {
            assertEquals(N, new EngineJournaledPipelineBenchmark().journaledPipeline(state));
            assertEquals(N, state.engine().lastJournaledSequence(), "every event journaled");
            assertEquals(N, state.processor().count(), "every event processed once");
            assertEquals(N * (N + 1) / 2, state.processor().checksum(), "every payload intact");
        }
        finally
        {
            state.tearDownIteration();
        }
        assertFalse(Files.exists(state.directory()), "data directory left behind: " + state.directory());
    }

    @Test
    void ringOneToOneShouldDeliverEveryEventToTheProcessorWithoutAJournal()
    {
        final EngineRingBenchmark.OneToOne shape = new EngineRingBenchmark.OneToOne();
        shape.payloadSize = 64;
        shape.waitStrategy = "sleeping";
        shape.threading = "shared";
        shape.setUp();
        try
        {
            assertEquals(N, new EngineRingBenchmark().oneToOne(shape));
            assertEquals(N * (N + 1) / 2, shape.processor(0).checksum());
        }
        finally
        {
            shape.tearDown();
        }
    }

    @Test
    void ringThreeStagePipelineShouldDeliverEveryEventToEveryStage()
    {
        final EngineRingBenchmark.ThreeStagePipeline shape = new EngineRingBenchmark.ThreeStagePipeline();
        shape.payloadSize = 64;
        shape.waitStrategy = "yielding";
        shape.threading = "dedicated";
        shape.setUp();
        try
        {
            new EngineRingBenchmark().threeStagePipeline(shape);
            for (int stage = 0; stage < 3; stage++)
            {
                assertEquals(N * (N + 1) / 2, shape.processor(stage).checksum(), "stage " + stage);
            }
        }
        finally
        {
            shape.tearDown();
        }
    }
}
