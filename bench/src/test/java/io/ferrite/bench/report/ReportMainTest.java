package io.ferrite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportMainTest
{
    private static final String JMH_JSON = "[" +
        result("io.ferrite.bench.engine.EngineRingBenchmark.oneToOne",
            "{\"payloadSize\": \"64\", \"waitStrategy\": \"yielding\"}", 40e6, "0.0") + "," +
        result("io.ferrite.bench.alternatives.RawDisruptorRingBenchmark.oneToOne",
            "{\"payloadSize\": \"64\", \"waitStrategy\": \"yielding\"}", 50e6, "NaN") + "," +
        result("io.ferrite.bench.alternatives.RawDisruptorRingBenchmark.oneToOne",
            "{\"payloadSize\": \"64\", \"waitStrategy\": \"sleeping\"}", 80e6, "NaN") + "," +
        result("io.ferrite.bench.alternatives.BlockingQueueRingBenchmark.oneToOne",
            "{\"payloadSize\": \"64\"}", 4e6, "NaN") + "," +
        result("io.ferrite.bench.alternatives.MappedFileBenchmark.append",
            "{\"payloadSize\": \"64\"}", 90e6, "NaN") + "," +
        result("io.ferrite.bench.engine.EngineRecoveryBenchmark.recover",
            "{\"events\": \"1000\", \"snapshot\": \"none\"}", 150, "NaN").replace("ops/s", "ms/op") + "," +
        result("io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.recover",
            "{\"events\": \"1000\"}", 100, "NaN").replace("ops/s", "ms/op") +
        "]";

    private static final String LATENCY_JSON = "{\"harness\": \"ferrite-bench latency\", \"date\": \"2026-01-01\"," +
        " \"machine\": {\"cores\": 2, \"jdk\": \"17\"}, \"settings\": {\"payloadSize\": 64}, \"unit\": \"us\"," +
        " \"runs\": [" +
        run("ferrite", 10.0, 20.0) + ", " + run("hand-wired", 20.0, 80.0) + "]}";

    @TempDir
    Path dir;

    @Test
    void shouldWriteRatiosOfFerriteToEachAlternativeOfTheSameWorkload() throws Exception
    {
        final Path jmh = Files.writeString(dir.resolve("jmh.json"), JMH_JSON);
        final Path latency = Files.writeString(dir.resolve("latency.json"), LATENCY_JSON);
        final Path report = dir.resolve("out").resolve("REPORT.md");

        assertEquals(0, run("--jmh", jmh.toString(), "--latency", latency.toString(), "--out", report.toString()));

        final String md = Files.readString(report);
        assertTrue(md.contains("| oneToOne | payloadSize=64, waitStrategy=yielding | EngineRing | RawDisruptorRing " +
            "(payloadSize=64, waitStrategy=yielding) | 40.00 M | 50.00 M | ops/s | **0.80×** |"), md);
        assertTrue(md.contains("| EngineRing | BlockingQueueRing (payloadSize=64) | 40.00 M | 4.00 M | ops/s | **10.00×** |"), md);
        assertTrue(md.contains("Time per operation, measured in the same run: **below 1 Ferrite is faster**"), md);
        assertTrue(md.contains("| recover | events=1000, snapshot=none | EngineRecovery | RawChronicleQueueReplay " +
            "(events=1000) | 150 | 100 | ms/op | **1.50×** |"), md);
        assertFalse(md.contains("waitStrategy=sleeping) |"), "a different wait strategy is not the same workload");
        assertFalse(md.contains("| MappedFile ("), "a different benchmark method is not compared");
        assertTrue(md.contains("| 10k/s | ferrite / hand-wired | 0.50× | 0.50× | 0.25× | 0.25× | 0.25× | 0.25× |"), md);
        assertTrue(md.contains("![Latency by percentile](latency.svg)"));

        final Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(dir.resolve("out").resolve(ReportMain.PLOT_FILE).toFile());
        assertEquals("svg", svg.getDocumentElement().getNodeName());
        assertEquals(2, svg.getElementsByTagName("polyline").getLength(), "one line per pipeline and rate");
    }

    @Test
    void shouldListEveryGoalWithTargetRatioAndVerdictAndNameTheUnmeasured() throws Exception
    {
        final Path jmh = Files.writeString(dir.resolve("jmh.json"), "[" +
            result("io.ferrite.bench.journal.FerriteJournalBenchmark.appendBatched", "{\"payloadSize\": \"64\"}",
                18e6, "NaN") + "," +
            result("io.ferrite.bench.alternatives.RawChronicleQueueBenchmark.append", "{\"payloadSize\": \"64\"}",
                5e6, "NaN") + "," +
            result("io.ferrite.bench.alternatives.MappedFileBenchmark.appendFresh", "{\"payloadSize\": \"256\"}",
                1e6, "NaN") + "," +
            result("io.ferrite.bench.alternatives.MappedFileBenchmark.appendFresh", "{\"payloadSize\": \"64\"}",
                24e6, "NaN") + "," +
            result("io.ferrite.bench.engine.EngineJournaledPipelineBenchmark.journaledPipeline",
                "{\"flush\": \"BATCH\", \"threading\": \"shared\"}", 1e6, "NaN") + "," +
            result("io.ferrite.bench.alternatives.HandWiredJournaledPipelineBenchmark.journaledPipeline",
                "{\"flush\": \"BATCH\"}", 1e6, "NaN") + "," +
            result("io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark.workload",
                "{\"workload\": \"trading\"}", 6e6, "NaN") + "," +
            result("io.ferrite.bench.engine.EngineRecoveryBenchmark.recover",
                "{\"events\": \"10000000\", \"snapshot\": \"none\"}", 300, "NaN").replace("ops/s", "ms/op") +
            "," +
            result("io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.recover",
                "{\"events\": \"10000000\"}", 250, "NaN").replace("ops/s", "ms/op") + "]");
        final Path goals = Files.createDirectories(dir.resolve("goals"));
        Files.writeString(goals.resolve("flat.json"), "{\"ok\": true, \"events\": 5000000, \"eventsPerSecond\": 3600000}");
        Files.writeString(goals.resolve("rate-default.json"), "{\"ok\": true, \"events\": 1500000, " +
            "\"latencyNanos\": {\"count\": 1500000, \"p99\": 800000, \"max\": 25000000}}");
        Files.writeString(goals.resolve("hiccup-2.json"), "{\"threads\": 2, \"floorP99Nanos\": 1200000, " +
            "\"floorP999Nanos\": 4000000, \"pipelineFloorP99Nanos\": 2500000, \"pipelineFloorP999Nanos\": 5000000}");
        Files.writeString(goals.resolve("hiccup-1.json"), "{\"threads\": 1, \"floorP99Nanos\": 11500, " +
            "\"floorP999Nanos\": 28000}");
        Files.writeString(goals.resolve("rate-invoker.json"), "{\"ok\": true, \"events\": 1500000, " +
            "\"latencyNanos\": {\"count\": 1500000, \"p99\": 23500, \"p999\": 2900000, \"max\": 9000000}}");
        Files.writeString(goals.resolve("start-1.json"), "{\"ok\": true, \"startNanos\": 250000000}");
        Files.writeString(goals.resolve("start-2.json"), "{\"ok\": true, \"startNanos\": 350000000}");
        Files.writeString(goals.resolve("start-3.json"), "{\"ok\": true, \"startNanos\": 280000000}");
        Files.writeString(goals.resolve("cds.txt"), "on, ferrite-jdk17-1.jsa");
        Files.writeString(goals.resolve("alloc-shared.json"), "{\"eventPathBytesPerEvent\": 0.002, \"eventPathBytes\": 10000, " +
            "\"bytesPerEvent\": 0.1, \"events\": 5000000}");
        final Path report = dir.resolve("REPORT.md");

        assertEquals(0, run("--jmh", jmh.toString(), "--goals", goals.toString(), "--out", report.toString()));

        final String md = Files.readString(report);
        assertTrue(md.contains("## Goals (issue 13)"), md);
        assertTrue(md.contains("| journal append 64 B (batched, as the journaller appends) | ≥ 3.0× | 18.00 M ops/s | " +
            "5.00 M ops/s | 3.60× | **pass** |"), md);
        assertTrue(md.contains("- Journal append against the page-supply floor: Ferrite's batched appends " +
            "(18.00 M ops/s) ran at 0.75× a bare writer of length-prefixed records into a new mapped file " +
            "(`MappedFileBenchmark.appendFresh`, payloadSize=64, 24.00 M ops/s)"), md);
        assertTrue(md.contains("A 64 B record takes 84 B in Ferrite's journal (after the first of its batch) and " +
            "68 B in that file: at the bare writer's rate of new pages, one thread could write Ferrite's records at " +
            "0.81× its rate"), md);
        assertTrue(md.contains("| journaled pipeline, flush BATCH, threading=shared | ≥ 1.5× | 1.00 M ops/s | " +
            "1.00 M ops/s | 1.00× | **MISS** |"), md);
        assertTrue(md.contains("| journaled pipeline, flush NONE | ≥ 2.0× | not measured | not measured |"), md);
        assertTrue(md.contains("| replay | ≥ 1.0× | not measured |"), md);
        assertTrue(md.contains("| recovery of 10000000 events without a snapshot (time; goal is for 10M) | ≤ 1.0× | " +
            "300 ms/op | 250 ms/op | 1.20× | **MISS** |"), md);
        assertTrue(md.contains("| `ferrite run --workload trading` flat out, 5,000,000 events | ≥ 0.50× bare | " +
            "3.60 M ev/s | 6.00 M ev/s | 0.60× | **pass** |"), md);
        assertTrue(md.contains("| `ferrite run --rate 100000`, defaults: p99 | ≤ 1,000.0 µs | 800.0 µs |"), md);
        assertTrue(md.contains("| `ferrite run --rate 100000`, defaults: max | ≤ 20,000.0 µs | 25,000.0 µs |  | " +
            "25,000.0 µs | **MISS** |"), md);
        assertTrue(md.contains("defaults: latencies recorded | = events measured | 1,500,000 | 1,500,000 events |  | " +
            "**pass** |"), md);
        assertTrue(md.contains("--wait busy_spin`: p99 | ≤ 20.0 µs | not measured |"), md);
        assertTrue(md.contains("| (context) this machine's floor for two busy threads, no Ferrite code, in a window " +
            "beside the run (a paced event passes through both in turn): p99 / p99.9 | — | 2,500.0 µs / 5,000.0 µs | " +
            "the worse thread alone: 1,200.0 µs / 4,000.0 µs |"), md);
        assertTrue(md.contains("--threading invoker --wait busy_spin` (one busy thread): p99 / p99.9 | — | " +
            "23.5 µs / 2,900.0 µs | floor for one busy thread, in a window beside it: 11.5 µs / 28.0 µs |"), md);
        assertTrue(md.contains("(CDS: on, ferrite-jdk17-1.jsa) | ≤ 300 ms | 280 ms (median of 3; each 250, 350, 280 ms)"),
            md);
        assertTrue(md.contains("| allocation on publish → journal → process, threading=shared | 0 B/event (< 0.05) | " +
            "0.0020 B/event (10,000 B over 5,000,000 events) | all threads: 0.1000 B/event |"), md);
        assertFalse(md.contains("threading=dedicated | 0 B/event"), "no row for a probe that did not run");
        assertTrue(md.indexOf("## Goals") < md.indexOf("## Ferrite / alternative"), "the goals come first");
    }

    @Test
    void shouldListTheOneBusyThreadRowWhenItsRunIsMissingOrFailed() throws Exception
    {
        final Path jmh = Files.writeString(dir.resolve("jmh.json"), "[" +
            result("io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark.workload",
                "{\"workload\": \"trading\"}", 6e6, "NaN") + "]");
        final Path goals = Files.createDirectories(dir.resolve("goals"));
        Files.writeString(goals.resolve("hiccup-1.json"), "{\"threads\": 1, \"floorP99Nanos\": 11500, " +
            "\"floorP999Nanos\": 28000}");
        final Path report = dir.resolve("REPORT.md");
        final String row = "--threading invoker --wait busy_spin` (one busy thread): p99 / p99.9 | — | ";

        assertEquals(0, run("--jmh", jmh.toString(), "--goals", goals.toString(), "--out", report.toString()));
        String md = Files.readString(report);
        assertTrue(md.contains(row + "not measured | floor for one busy thread, in a window beside it: 11.5 µs / " +
            "28.0 µs |"), md);

        Files.writeString(goals.resolve("rate-invoker.json"), "{\"ok\": false, \"events\": 1500000, " +
            "\"latencyNanos\": {\"count\": 700000, \"p99\": 23500, \"p999\": 2900000, \"max\": 9000000}}");
        assertEquals(0, run("--jmh", jmh.toString(), "--goals", goals.toString(), "--out", report.toString()));
        md = Files.readString(report);
        assertTrue(md.contains(row + "23.5 µs / 2,900.0 µs (the run failed) |"), md);
    }

    @Test
    void shouldTakeEachGoalPairFromItsOwnJmhFileAndTheFlatBaselineMeasuredBesideTheFlatRun() throws Exception
    {
        // As run-full.sh writes them: one JMH file per goal pair, then the rest of the suite.
        final Path replay = Files.writeString(dir.resolve("jmh-replay.json"), "[" +
            result("io.ferrite.bench.engine.EngineReplayBenchmark.replay", "{\"payloadSize\": \"64\"}", 12e6, "NaN") +
            "," + result("io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.replay",
                "{\"payloadSize\": \"64\"}", 10e6, "NaN") + "]");
        final Path rest = Files.writeString(dir.resolve("jmh.json"), "[" +
            result("io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark.workload",
                "{\"workload\": \"trading\"}", 6e6, "NaN") + "]");
        final Path goals = Files.createDirectories(dir.resolve("goals"));
        Files.writeString(goals.resolve("flat.json"), "{\"ok\": true, \"events\": 5000000, \"eventsPerSecond\": 2000000}");
        final Path report = dir.resolve("REPORT.md");

        // Without bare.json the flat run is compared with the suite's bare processor: 2 / 6 M.
        assertEquals(0, run("--jmh", replay.toString(), "--jmh", rest.toString(), "--goals", goals.toString(),
            "--out", report.toString()));
        String md = Files.readString(report);
        assertTrue(md.contains("| replay | ≥ 1.0× | 12.00 M ops/s | 10.00 M ops/s | 1.20× | **pass** |"), md);
        assertTrue(md.contains("| 2.00 M ev/s | 6.00 M ev/s | 0.33× | **MISS** |"), md);

        // With it, with the bare processor measured just before the flat run: 2 / 3.5 M.
        Files.writeString(goals.resolve(GoalsReport.BARE_FILE), "[" +
            result(GoalsReport.BARE_WORKLOAD, "{\"workload\": \"fraud\"}", 1e6, "NaN") + "," +
            result(GoalsReport.BARE_WORKLOAD, "{\"workload\": \"trading\"}", 3.5e6, "NaN") + "]");
        assertEquals(0, run("--jmh", replay.toString(), "--jmh", rest.toString(), "--goals", goals.toString(),
            "--out", report.toString()));
        md = Files.readString(report);
        assertTrue(md.contains("| 2.00 M ev/s | 3.50 M ev/s | 0.57× | **pass** |"), md);
        assertTrue(md.contains("(run-goals.sh `bare.json`, measured just before the flat run)"), md);

        // A damaged bare.json, or one without the trading workload, fails the report and names the file.
        Files.writeString(goals.resolve(GoalsReport.BARE_FILE), "[{\"benchmark\": ");
        assertReportFailsNaming(GoalsReport.BARE_FILE, "--jmh", rest.toString(), "--goals", goals.toString(),
            "--out", report.toString());
        Files.writeString(goals.resolve(GoalsReport.BARE_FILE), "[" +
            result(GoalsReport.BARE_WORKLOAD, "{\"workload\": \"fraud\"}", 1e6, "NaN") + "]");
        assertReportFailsNaming(GoalsReport.BARE_FILE + ": no " + GoalsReport.BARE_WORKLOAD +
            " result with workload=trading", "--jmh", rest.toString(), "--goals", goals.toString(), "--out",
            report.toString());
    }

    private static void assertReportFailsNaming(final String expected, final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, ReportMain.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(expected), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldSayWhenNoFerriteResultHasAnAlternativeBesideIt() throws Exception
    {
        final Path jmh = Files.writeString(dir.resolve("jmh.json"), "[" +
            result("io.ferrite.bench.alternatives.MappedFileBenchmark.append", "{\"payloadSize\": \"64\"}", 9e7, "1e6") +
            "]");
        final Path report = dir.resolve("REPORT.md");
        assertEquals(0, run("--jmh", jmh.toString(), "--out", report.toString()));
        final String md = Files.readString(report);
        assertTrue(md.contains("No Ferrite benchmark in these results has an alternative"), md);
        assertTrue(md.contains("| MappedFile | payloadSize=64 | 90.00 M | 1.00 M | ops/s |"), md);
    }

    @Test
    void shouldFailWithExitCodeOneNamingAnUnreadableInput() throws Exception
    {
        final Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"benchmark\": ");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReportMain.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), "--jmh", broken.toString(), "--out",
            dir.resolve("r.md").toString());
        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("broken.json"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectMissingOutputWithExitCodeTwo()
    {
        assertEquals(2, run("--jmh", "x.json"));
        assertEquals(2, run("--out", "r.md"));
        assertEquals(2, run("--bogus", "1"));
    }

    private static int run(final String... args)
    {
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return ReportMain.run(sink, sink, args);
    }

    private static String result(final String benchmark, final String params, final double score, final String error)
    {
        return "{\"jmhVersion\": \"1.37\", \"benchmark\": \"" + benchmark + "\", \"mode\": \"thrpt\"," +
            " \"threads\": 1, \"forks\": 1, \"jdkVersion\": \"17.0.15\", \"jvmArgs\": [\"-Xmx1g\"]," +
            " \"params\": " + params + ", \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": \"" + error +
            "\", \"scoreUnit\": \"ops/s\", \"rawData\": [[" + score + "]]}, \"secondaryMetrics\": {}}";
    }

    private static String run(final String pipeline, final double p50, final double p99)
    {
        return "{\"pipeline\": \"" + pipeline + "\", \"rate\": 10000, \"recorded\": 1000, \"achievedRate\": 10000," +
            " \"saturated\": false, \"percentiles\": {\"p50\": " + p50 + ", \"p90\": " + p50 + ", \"p99\": " + p99 +
            ", \"p99.9\": " + p99 + ", \"p99.99\": " + p99 + ", \"max\": " + p99 + ", \"mean\": " + p50 + "}," +
            " \"distribution\": [[0, 1.0], [50, " + p50 + "], [99, " + p99 + "], [100, " + p99 + "]]}";
    }
}
