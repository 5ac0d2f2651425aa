package io.ferrite.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.ferrite.tools.FerriteMainTest.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferrite run}, {@code replay} and {@code snapshot} end to end in this JVM, with the test workload.
 */
class RunReplayTest
{
    private static final String HEX_DIGEST = "[0-9a-f]{16}";

    @TempDir
    Path tempDir;

    @Test
    void shouldRunToTheEventCountAndReportLatencyAndDigest()
    {
        final Ferrite.Result result = run(tempDir.resolve("data"), 3_000);

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        final Map<String, Object> json = result.json();
        assertEquals(true, json.get("ok"));
        assertEquals(3_000L, json.get("events"));
        assertEquals(3_000L, json.get("lastSequence"));
        assertTrue((Long)json.get("eventsPerSecond") > 0, result::toString);
        assertTrue(((String)json.get("stateDigest")).matches(HEX_DIGEST), result::toString);
        final Map<String, Object> latency = object(json, "latencyNanos");
        for (final String field : List.of("p50", "p99", "p999", "p9999", "max"))
        {
            assertTrue((Long)latency.get(field) > 0, () -> field + ": " + result);
        }
        assertTrue((Long)latency.get("p50") <= (Long)latency.get("p99"), result::toString);
        assertTrue((Long)latency.get("p9999") <= (Long)latency.get("max"), result::toString);
        assertEquals(0L, object(json, "recovery").get("journalTail"), "a fresh directory recovers nothing");
        assertFalse(json.containsKey("measuredLatencyNanos"), "without --rate nothing is corrected");
        assertEquals("", result.err(), "stderr stays quiet when not on a terminal");
    }

    @Test
    void shouldPaceAFixedRateAndTimeEveryEventOnceFromItsIntendedSendTime() throws Exception
    {
        final Path hlog = tempDir.resolve("latency.hlog");
        final Ferrite.Result result = run(tempDir.resolve("data"), 2_000, "--rate", "20000", "--hlog", hlog.toString());

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        final Map<String, Object> json = result.json();
        assertTrue((Long)json.get("elapsedNanos") >= 99_950_000L, "the last of 2000 events is due at 99.95 ms: " +
            result);
        assertTrue((Long)json.get("startNanos") > 0, "start() is timed: " + result);
        final Map<String, Object> latency = object(json, "latencyNanos");
        assertEquals(true, latency.get("fromIntendedSendTime"));
        // No after-the-fact correction: one value per event published.
        assertEquals(2_000L, latency.get("count"), result::toString);
        assertFalse(json.containsKey("measuredLatencyNanos"), result::toString);

        assertEquals(2_000L, hlogTotal(hlog), "the interval log holds every timed event once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "dedicated", "invoker"})
    void shouldWarmUpTheJitByDefaultAndLeaveNothingOfItBehind(final String threading) throws Exception
    {
        // Paced, logged and snapshotting: the warm-up stamps send times, swaps the latency recorder and snapshots,
        // and none of that may reach the real run's latency, interval log, snapshots or journal.
        final String[] args = {"run", "--workload", CounterWorkload.NAME, "--events", "2000", "--rate", "20000",
            "--snapshot-every", "500", "--threading", threading, "--json"};
        final Path hlog = tempDir.resolve("warm.hlog");

        final long before = CounterWorkload.GENERATED.get();
        final Ferrite.Result cold = Ferrite.runAsTyped(
            Ferrite.concat(args, "--data", tempDir.resolve("cold").toString(), "--warmup", "0"));
        final long coldGenerated = CounterWorkload.GENERATED.get() - before;
        final Ferrite.Result warm = Ferrite.runAsTyped(
            Ferrite.concat(args, "--data", tempDir.resolve("warm").toString(), "--hlog", hlog.toString()));
        final long warmGenerated = CounterWorkload.GENERATED.get() - before - coldGenerated;

        assertEquals(FerriteMain.EXIT_OK, cold.exitCode(), cold::toString);
        assertEquals(FerriteMain.EXIT_OK, warm.exitCode(), warm::toString);
        assertEquals(2_000L, coldGenerated, "--warmup 0: only the run's own events");
        assertTrue(warmGenerated >= 300_000L + 2_000L, "the default warm-up drives 300,000 events first: " +
            warmGenerated);
        assertEquals(cold.json().get("stateDigest"), warm.json().get("stateDigest"), "the warm-up leaves no state");
        assertEquals(2_000L, warm.json().get("lastSequence"), "nor journal records");
        assertEquals(0L, object(warm.json(), "recovery").get("journalTail"), warm::toString);
        assertEquals(2_000L, object(warm.json(), "latencyNanos").get("count"), "nor latencies: " + warm);
        assertEquals(2_000L, hlogTotal(hlog), "nor interval-log entries");
        assertEquals(object(cold.json(), "snapshots").get("written"), object(warm.json(), "snapshots").get("written"),
            "nor snapshots: " + warm);
        assertEquals(4L, object(warm.json(), "snapshots").get("written"), warm::toString);
        assertFalse(Files.exists(tempDir.resolve("warm").resolve(".warmup-scratch")), "nor its scratch directory");
        assertEquals("", warm.err(), warm::toString);
    }

    @Test
    void shouldReplayToTheDigestTheRunEndedWith()
    {
        final Path data = tempDir.resolve("data");
        final Ferrite.Result run = run(data, 3_000);
        assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run::toString);

        final Ferrite.Result replay = Ferrite.run("replay", data.toString(), "--workload", CounterWorkload.NAME,
            "--json");

        assertEquals(FerriteMain.EXIT_OK, replay.exitCode(), replay::toString);
        final Map<String, Object> json = replay.json();
        assertEquals(true, json.get("ok"));
        assertEquals(3_000L, json.get("events"));
        assertEquals(3_000L, json.get("lastSequence"));
        assertEquals(run.json().get("stateDigest"), json.get("stateDigest"));
        assertEquals(30L, json.get("digestsChecked"), "one per 100 events");
        assertNull(json.get("divergence"));
        assertTrue((Long)json.get("eventsPerSecond") > 0, replay::toString);
    }

    @Test
    void shouldContinueFromTheJournalTailInsteadOfStartingOver()
    {
        final Path data = tempDir.resolve("data");
        final Ferrite.Result first = run(data, 1_000);
        assertEquals(FerriteMain.EXIT_OK, first.exitCode(), first::toString);

        final Ferrite.Result second = run(data, 2_500);

        assertEquals(FerriteMain.EXIT_OK, second.exitCode(), second::toString);
        final Map<String, Object> json = second.json();
        assertEquals(1_500L, json.get("events"), "only the events the journal lacked");
        assertEquals(2_500L, json.get("lastSequence"));
        assertEquals(1_000L, object(json, "recovery").get("journalTail"));
        final Ferrite.Result uninterrupted = run(tempDir.resolve("uninterrupted"), 2_500);
        assertEquals(uninterrupted.json().get("stateDigest"), json.get("stateDigest"),
            "a resumed run ends where an uninterrupted one does");
    }

    @Test
    void shouldPublishNothingWhenTheJournalAlreadyHoldsEnough()
    {
        final Path data = tempDir.resolve("data");
        final Ferrite.Result first = run(data, 1_000);

        final Ferrite.Result again = run(data, 600);

        assertEquals(FerriteMain.EXIT_OK, again.exitCode(), again::toString);
        assertEquals(0L, again.json().get("events"));
        assertEquals(1_000L, again.json().get("lastSequence"));
        assertEquals(first.json().get("stateDigest"), again.json().get("stateDigest"));
    }

    @Test
    void shouldReplayFromASnapshotAndToAnEarlierSequence()
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(data, 2_000, "--snapshot-every", "700").exitCode());
        final Ferrite.Result upTo1400 = run(tempDir.resolve("short"), 1_400);

        final Ferrite.Result fromSnapshot = Ferrite.run("replay", data.toString(), "--workload",
            CounterWorkload.NAME, "--from-snapshot", "--to", "1400", "--json");

        assertEquals(FerriteMain.EXIT_OK, fromSnapshot.exitCode(), fromSnapshot::toString);
        final Map<String, Object> json = fromSnapshot.json();
        assertEquals(1_400L, json.get("snapshotSequence"));
        assertEquals(0L, json.get("events"), "the snapshot at 1400 is the state at 1400");
        assertEquals(1_400L, json.get("lastSequence"));
        assertEquals(upTo1400.json().get("stateDigest"), json.get("stateDigest"));
    }

    @Test
    void shouldSayWhatTheReplayPassedOverOrCouldNotDoAsAsked() throws Exception
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(data, 2_000, "--snapshot-every", "700").exitCode());
        final Path newest;
        try (var files = Files.list(data.resolve("snapshots")))
        {
            newest = files.filter(f -> f.getFileName().toString().contains("1400")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(newest, bytes);

        final Ferrite.Result replay = Ferrite.run("replay", data.toString(), "--workload", CounterWorkload.NAME,
            "--from-snapshot", "--to", "5000", "--json");
        assertEquals(FerriteMain.EXIT_OK, replay.exitCode(), replay::toString);
        assertEquals(700L, replay.json().get("snapshotSequence"), "the older, valid snapshot");
        assertEquals(2_000L, replay.json().get("lastSequence"));
        @SuppressWarnings("unchecked")
        final List<String> notes = (List<String>)replay.json().get("notes");
        assertEquals(2, notes.size(), notes::toString);
        assertTrue(notes.get(0).contains("to sequence 5000") && notes.get(0).contains("ends at 2000"), notes.get(0));
        assertTrue(notes.get(1).contains(newest.getFileName().toString()) && notes.get(1).contains("unusable"),
            notes.get(1));

        final Ferrite.Result text = Ferrite.run("replay", data.toString(), "--workload", CounterWorkload.NAME,
            "--from-snapshot");
        assertEquals(FerriteMain.EXIT_OK, text.exitCode(), text::toString);
        assertTrue(text.out().contains("note           snapshot " + newest.getFileName()), text.out());

        final Ferrite.Result plain = Ferrite.run("replay", data.toString(), "--workload", CounterWorkload.NAME,
            "--json");
        assertEquals(List.of(), plain.json().get("notes"), "nothing to say");
    }

    @Test
    void shouldListAndVerifySnapshots()
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(data, 2_000, "--snapshot-every", "700").exitCode());

        final Ferrite.Result list = Ferrite.run("snapshot", "list", data.toString(), "--json");
        assertEquals(FerriteMain.EXIT_OK, list.exitCode(), list::toString);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> snapshots = (List<Map<String, Object>>)list.json().get("snapshots");
        assertEquals(List.of(1_400L, 700L), snapshots.stream().map(s -> s.get("sequence")).toList(), "newest first");
        assertEquals(List.of("counter"), snapshots.get(0).get("processors"));
        assertEquals(true, snapshots.get(0).get("valid"));

        final Ferrite.Result verify = Ferrite.run("snapshot", "verify", data.toString(), "--json");
        assertEquals(FerriteMain.EXIT_OK, verify.exitCode(), verify::toString);
        assertEquals(true, verify.json().get("ok"));
        assertEquals(2L, verify.json().get("snapshots"));
    }

    @Test
    void shouldNameABadSnapshotFileAndFail() throws Exception
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(data, 2_000, "--snapshot-every", "700").exitCode());
        final Path newest = Path.of((String)firstSnapshot(Ferrite.run("snapshot", "list", data.toString(), "--json"))
            .get("file"));
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(newest, bytes);

        final Ferrite.Result verify = Ferrite.run("snapshot", "verify", data.toString(), "--json");

        assertEquals(FerriteMain.EXIT_FAILURE, verify.exitCode(), verify::toString);
        assertEquals(false, verify.json().get("ok"));
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> bad = (List<Map<String, Object>>)verify.json().get("bad");
        assertEquals(1, bad.size(), verify::toString);
        assertEquals(newest.toString(), bad.get(0).get("file"));
        assertEquals(1, verify.errLines().length, verify::toString);
        assertTrue(verify.errLines()[0].startsWith("ferrite snapshot verify: error: bad snapshot " + newest),
            verify::toString);
        assertEquals(false, firstSnapshot(Ferrite.run("snapshot", "list", data.toString(), "--json")).get("valid"));
    }

    @Test
    void shouldReportADivergenceWithSequenceAndProcessor()
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(DriftingWorkload.NAME, data, 1_000).exitCode());

        final Ferrite.Result replay = Ferrite.run("replay", data.toString(), "--workload", DriftingWorkload.NAME,
            "--json");

        assertEquals(FerriteMain.EXIT_FAILURE, replay.exitCode(), replay::toString);
        final Map<String, Object> json = replay.json();
        assertEquals(false, json.get("ok"));
        final Map<String, Object> divergence = object(json, "divergence");
        assertEquals(100L, divergence.get("sequence"), "the first recorded digest already differs");
        assertEquals(DriftingWorkload.PROCESSOR, divergence.get("processor"));
        final String[] errLines = replay.errLines();
        assertEquals(1, errLines.length, replay::toString);
        assertTrue(errLines[0].startsWith("ferrite replay: error: ") && errLines[0].contains("sequence 100") &&
            errLines[0].contains(DriftingWorkload.PROCESSOR), replay::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trading", "fraud"})
    void shouldRunReplayAndDecodeTheReferenceWorkloads(final String workload)
    {
        final Path data = tempDir.resolve(workload);
        final Ferrite.Result run = run(workload, data, 20_000);
        assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run::toString);
        assertTrue((Long)run.json().get("outputs") > 0, "outputs reach the sink: " + run);

        final Ferrite.Result replay = Ferrite.run("replay", data.toString(), "--workload", workload, "--json");
        assertEquals(FerriteMain.EXIT_OK, replay.exitCode(), replay::toString);
        assertEquals(run.json().get("stateDigest"), replay.json().get("stateDigest"));

        final Ferrite.Result dump = Ferrite.run("journal", "dump", data.toString(), "--limit", "3", "--workload",
            workload, "--json");
        assertEquals(FerriteMain.EXIT_OK, dump.exitCode(), dump::toString);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> events = (List<Map<String, Object>>)dump.json().get("events");
        assertEquals(3, events.size());
        assertTrue(events.stream().allMatch(e -> e.get("description") instanceof String &&
            !((String)e.get("description")).isBlank()), "decoded by the workload: " + dump);
    }

    @Test
    void shouldReachTheSameDigestInEveryThreadingMode()
    {
        String digest = null;
        for (final String mode : new String[]{"dedicated", "shared", "invoker"})
        {
            final Ferrite.Result run = Ferrite.run("run", "--workload", "trading", "--data",
                tempDir.resolve(mode).toString(), "--events", "20000", "--threading", mode, "--json");
            assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run::toString);
            assertEquals(mode, run.json().get("threading"));
            assertEquals(20_000L, run.json().get("lastSequence"));
            if (null != digest)
            {
                assertEquals(digest, run.json().get("stateDigest"), mode);
            }
            digest = (String)run.json().get("stateDigest");
        }
        assertUsageError(Ferrite.run("run", "--workload", "trading", "--data", tempDir.resolve("x").toString(),
            "--events", "1", "--threading", "sideways"), "ferrite run: ");
    }

    @Test
    void shouldFailWithOneLineNamingTheSequenceWhereTheEngineHalted()
    {
        // With run's default warm-up: its scratch engine meets the same fault first and must stay quiet about it.
        final Ferrite.Result result = Ferrite.runAsTyped("run", "--workload", FailingWorkload.NAME, "--data",
            tempDir.resolve("data").toString(), "--events", "5000", "--json");

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        assertEquals(false, result.json().get("ok"), "still one JSON object on stdout");
        final String[] errLines = result.errLines();
        assertEquals(1, errLines.length, result::toString);
        assertTrue(errLines[0].startsWith("ferrite run: error: the engine "), result::toString);
        assertTrue(errLines[0].contains("'" + FailingWorkload.PROCESSOR + "' failed at sequence " +
            FailingWorkload.FAILING_SEQUENCE), result::toString);
    }

    @Test
    void shouldReportAnErrorOutsideTheExceptionHandlerInOneLine()
    {
        final Ferrite.Result result = run(BrokenWorkload.NAME, tempDir.resolve("data"), 10);

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        assertEquals(List.of("ferrite: error: NoClassDefFoundError: " + BrokenWorkload.MISSING_CLASS),
            List.of(result.errLines()));
        assertEquals(false, result.json().get("ok"), "still one JSON object with --json");
    }

    @Test
    void shouldRejectBadRunArgumentsAsUsageErrors()
    {
        final String data = tempDir.resolve("data").toString();
        assertUsageError(Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data", data),
            "ferrite run: --events N is required without --source");
        assertUsageError(Ferrite.run("run", "--workload", "nope", "--data", data, "--events", "1"),
            "ferrite run: unknown workload 'nope'; known: ");
        assertUsageError(Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data", data, "--events", "1",
            "--flush", "sometimes"), "ferrite run: Invalid value for option '--flush'");
        assertUsageError(Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data", data, "--events", "1",
            "--ring-size", "1000"), "ferrite run: --ring-size must be a power of two >= 2, was 1000");
        assertUsageError(Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data", data, "--events", "1",
            "--on-bad-record", "skip"), "ferrite run: --on-bad-record skip applies to records read from a --source");
    }

    @Test
    void shouldRejectReplayOfADirectoryWithoutAJournal()
    {
        assertUsageError(Ferrite.run("replay", tempDir.toString(), "--workload", CounterWorkload.NAME),
            "ferrite replay: no journal in " + tempDir);
    }

    @Test
    void shouldShowTheCountersOfTheEngineThatRanOnADirectory()
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(data, 3_000).exitCode());

        final Ferrite.Result stat = Ferrite.run("stat", data.toString(), "--json");
        assertEquals(FerriteMain.EXIT_OK, stat.exitCode(), stat::toString);
        assertEquals(false, stat.json().get("running"), "the engine stopped (its JVM, this one, still runs)");
        final Map<String, Object> counters = object(stat.json(), "counters");
        assertEquals(3_000L, counters.get("journaled"));
        assertEquals(3_000L, counters.get("published"));
        assertEquals(0L, counters.get("errors"));
        assertTrue(counters.keySet().stream().anyMatch(k -> k.startsWith("processed: ")), counters::toString);

        final Ferrite.Result missing = Ferrite.run("stat", tempDir.toString());
        assertEquals(FerriteMain.EXIT_FAILURE, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("counters.dat"), missing::toString);
        assertFalse(missing.err().contains("\tat "), "no stack trace for a user mistake");
    }

    /**
     * @return how many values the HdrHistogram interval log holds over all its intervals.
     */
    private static long hlogTotal(final Path hlog) throws java.io.IOException
    {
        long logged = 0;
        int intervals = 0;
        try (java.io.FileInputStream in = new java.io.FileInputStream(hlog.toFile()))
        {
            final org.HdrHistogram.HistogramLogReader reader = new org.HdrHistogram.HistogramLogReader(in);
            org.HdrHistogram.EncodableHistogram interval;
            while (null != (interval = reader.nextIntervalHistogram()))
            {
                logged += ((org.HdrHistogram.Histogram)interval).getTotalCount();
                intervals++;
            }
        }
        assertTrue(intervals >= 1, "no interval in " + hlog);
        return logged;
    }

    private static Ferrite.Result run(final Path data, final long events, final String... more)
    {
        return run(CounterWorkload.NAME, data, events, more);
    }

    private static Ferrite.Result run(
        final String workload, final Path data, final long events, final String... more)
    {
        final String[] base = {
            "run", "--workload", workload, "--data", data.toString(), "--events", String.valueOf(events),
            "--digest-every", "100", "--ring-size", "1024", "--json"};
        return Ferrite.run(Ferrite.concat(base, more));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstSnapshot(final Ferrite.Result list)
    {
        assertEquals(FerriteMain.EXIT_OK, list.exitCode(), list::toString);
        return ((List<Map<String, Object>>)list.json().get("snapshots")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final Map<String, Object> json, final String field)
    {
        return (Map<String, Object>)json.get(field);
    }
}
