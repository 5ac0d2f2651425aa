package io.ferrite.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * The JMH annotation processor ran (a javac that skips it leaves the jar without a benchmark list, and
 * {@code benchmarks.jar} then runs nothing) and every benchmark forks with the flags Chronicle and Agrona need.
 */
class BenchmarkListTest
{
    static final List<String> EXPECTED = List.of(
        "io.ferrite.bench.alternatives.RawDisruptorRingBenchmark.oneToOne",
        "io.ferrite.bench.alternatives.RawDisruptorRingBenchmark.threeStagePipeline",
        "io.ferrite.bench.alternatives.BlockingQueueRingBenchmark.oneToOne",
        "io.ferrite.bench.alternatives.BlockingQueueRingBenchmark.threeStagePipeline",
        "io.ferrite.bench.alternatives.RawChronicleQueueBenchmark.append",
        "io.ferrite.bench.alternatives.RawChronicleQueueBenchmark.read",
        "io.ferrite.bench.alternatives.MappedFileBenchmark.append",
        "io.ferrite.bench.alternatives.MappedFileBenchmark.appendFresh",
        "io.ferrite.bench.alternatives.MappedFileBenchmark.read",
        "io.ferrite.bench.alternatives.HandWiredJournaledPipelineBenchmark.journaledPipeline",
        "io.ferrite.bench.journal.FerriteJournalBenchmark.append",
        "io.ferrite.bench.journal.FerriteJournalBenchmark.read",
        "io.ferrite.bench.engine.EngineJournaledPipelineBenchmark.journaledPipeline",
        "io.ferrite.bench.engine.EngineRingBenchmark.oneToOne",
        "io.ferrite.bench.engine.EngineRingBenchmark.threeStagePipeline",
        "io.ferrite.bench.engine.EngineReplayBenchmark.replay",
        "io.ferrite.bench.engine.EngineRecoveryBenchmark.recover",
        "io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.replay",
        "io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.recover",
        "io.ferrite.bench.engine.WorkloadBenchmark.workload",
        "io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark.workload",
        "io.ferrite.bench.engine.CsvToSqliteBenchmark.csvToSqlite",
        "io.ferrite.bench.alternatives.PlainJdbcCsvToSqliteBenchmark.csvToSqlite",
        "io.ferrite.bench.engine.KafkaFraudBenchmark.kafkaToKafka",
        "io.ferrite.bench.alternatives.PlainKafkaFraudLoopBenchmark.kafkaToKafka");

    @Test
    void shouldListEveryBenchmarkWithTheForkFlags() throws IOException
    {
        final List<BenchmarkListEntry> entries;
        try (InputStream in = getClass().getResourceAsStream(BenchmarkList.BENCHMARK_LIST))
        {
            assertNotNull(in, "no " + BenchmarkList.BENCHMARK_LIST + ": the JMH annotation processor did not run");
            entries = BenchmarkList.readBenchmarkList(in);
        }
        final Set<String> names = new TreeSet<>();
        for (final BenchmarkListEntry entry : entries)
        {
            names.add(entry.getUsername());
            final Collection<String> flags = entry.getJvmArgsAppend().orElse(List.of());
            assertTrue(flags.containsAll(BenchJvm.forEveryJdk()),
                entry.getUsername() + " forks without the Chronicle/Agrona flags: " + flags);
        }
        assertTrue(names.containsAll(EXPECTED), "missing benchmarks; listed: " + names);
    }
}
