package io.ferrite.bench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark;

@Timeout(120)
class WorkloadBenchmarksTest
{
    @ParameterizedTest
    @ValueSource(strings = {"trading", "fraud"})
    void aWorkloadThroughTheEngineAndBareShouldDoTheSameWorkToTheSameState(final String workload)
    {
        final WorkloadBenchmark.WorkloadState engine = new WorkloadBenchmark.WorkloadState();
        engine.workload = workload;
        engine.flush = "NONE";
        engine.waitStrategy = "sleeping";
        engine.threading = "shared";
        engine.setUp();
        try
        {
            assertEquals(BenchmarkDefaults.PIPELINE_BATCH, new WorkloadBenchmark().workload(engine));
        }
        finally
        {
            engine.tearDown();
        }

        final BareProcessorWorkloadBenchmark.WorkloadState bare = new BareProcessorWorkloadBenchmark.WorkloadState();
        bare.workload = workload;
        bare.setUp();
        assertTrue(new BareProcessorWorkloadBenchmark().workload(bare) > 0, workload + " emits outputs");

        final long[] bareDigests = bare.processorDigests();
        assertTrue(bareDigests.length > 0, workload + " has a stateful processor");
        assertArrayEquals(bareDigests, engine.processorDigests(),
            "the same events through the engine and bare must reach the same state");
    }

    @Test
    void anUnknownWorkloadShouldBeNamedWithTheOnesFound()
    {
        final IllegalArgumentException missing =
            assertThrows(IllegalArgumentException.class, () -> Workloads.find("no-such-workload"));
        assertTrue(missing.getMessage().contains("no-such-workload") && missing.getMessage().contains("trading"),
            missing.getMessage());
    }
}
