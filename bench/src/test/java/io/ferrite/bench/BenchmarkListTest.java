package io.ferrite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        "io.ferrite.bench.journal.FerriteJournalBenchmark.appendBatched",
        "io.ferrite.bench.journal.FerriteJournalBenchmark.seek",
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

    /** Every benchmark a goal of the report compares (GoalsReport), which run-full.sh must run in a goal pair. */
    static final List<String> GOAL_BENCHMARKS = List.of(
        "io.ferrite.bench.journal.FerriteJournalBenchmark.appendBatched",
        "io.ferrite.bench.alternatives.RawChronicleQueueBenchmark.append",
        "io.ferrite.bench.alternatives.MappedFileBenchmark.appendFresh",
        "io.ferrite.bench.engine.EngineJournaledPipelineBenchmark.journaledPipeline",
        "io.ferrite.bench.alternatives.HandWiredJournaledPipelineBenchmark.journaledPipeline",
        "io.ferrite.bench.engine.EngineReplayBenchmark.replay",
        "io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.replay",
        "io.ferrite.bench.engine.EngineRecoveryBenchmark.recover",
        "io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.recover",
        "io.ferrite.bench.engine.WorkloadBenchmark.workload",
        "io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark.workload");

    /** One line of run-full.sh's GOAL_PAIRS: {@code "name:regex\$"}. */
    private static final Pattern GOAL_PAIR_LINE = Pattern.compile("^\\s+\"(\\w+):(.+)\\\\\\$\"$");

    private static List<BenchmarkListEntry> entries() throws IOException
    {
        try (InputStream in = BenchmarkListTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST))
        {
            assertNotNull(in, "no " + BenchmarkList.BENCHMARK_LIST + ": the JMH annotation processor did not run");
            return BenchmarkList.readBenchmarkList(in);
        }
    }

    @Test
    void shouldRunEveryGoalBenchmarkInExactlyOnePairOfRunFull() throws IOException
    {
        final Set<String> names = new TreeSet<>();
        for (final BenchmarkListEntry entry : entries())
        {
            names.add(entry.getUsername());
        }
        final Map<String, Pattern> pairs = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(Path.of("run-full.sh")))
        {
            final Matcher matcher = GOAL_PAIR_LINE.matcher(line);
            if (matcher.matches())
            {
                // The shell turns \$ into $; JMH applies the regex with find(), as here.
                pairs.put(matcher.group(1), Pattern.compile(matcher.group(2) + "$"));
            }
        }
        assertEquals(List.of("append", "pipeline", "replay", "recovery", "workload"), List.copyOf(pairs.keySet()));
        for (final Map.Entry<String, Pattern> pair : pairs.entrySet())
        {
            final long matched = names.stream().filter(name -> pair.getValue().matcher(name).find()).count();
            assertTrue(matched >= 2, "pair " + pair.getKey() + " matches " + matched + " benchmarks");
        }
        for (final String benchmark : GOAL_BENCHMARKS)
        {
            assertTrue(names.contains(benchmark), benchmark);
            final long pairsMatching = pairs.values().stream().filter(regex -> regex.matcher(benchmark).find()).count();
            assertEquals(1, pairsMatching, benchmark + " is in " + pairsMatching + " goal pairs of run-full.sh");
        }
    }

    @Test
    void shouldListEveryBenchmarkWithTheForkFlags() throws IOException
    {
        final List<BenchmarkListEntry> entries = entries();
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
