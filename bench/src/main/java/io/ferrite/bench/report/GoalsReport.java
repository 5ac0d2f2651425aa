package io.ferrite.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ferrite.bench.Json;

/**
 * The "Goals" section of the report: every performance goal of issue 13 with its target, what this run measured, the
 * baseline measured beside it, and whether the goal is met.
 * <p>
 * The figures come from the JMH results and from the files {@code bench/run-goals.sh} writes into its directory (the
 * {@code ferrite} command line run through {@code tools/bin/ferrite}, and {@link io.ferrite.bench.goals.AllocationMain}):
 * <pre>
 *   start-N.json, start-N.wall   `ferrite run --events 1 --warmup 0 --json` on an empty directory (CDS on), and its
 *                                process time in nanoseconds
 *   cds.txt                      the class-data-sharing archive those runs mapped, or why none
 *   bare.json                    JMH results of the bare trading processor, measured just before the flat run (the
 *                                flat run's baseline; without it, the suite's JMH result is used)
 *   flat.json                    `ferrite run --workload trading --events N --json` flat out, defaults
 *   rate-default.json            `ferrite run --rate 100000 --json`, defaults
 *   rate-busy.json               the same with --threading shared --wait busy_spin
 *   hiccup-2.json, hiccup-1.json HiccupMain with two and one busy threads, no Ferrite code (context rows)
 *   rate-invoker.json            the paced run with --threading invoker --wait busy_spin (context row)
 *   alloc-shared.json, alloc-dedicated.json   AllocationMain's output
 * </pre>
 * A goal whose inputs are missing is listed as "not measured", never left out.
 */
public final class GoalsReport
{
    /** Events/s the paced CLI runs offer. */
    static final long GOAL_RATE = 100_000;

    /** Below this many bytes per event, allocation counts as none: one object per event would be 16 B or more. */
    static final double NO_ALLOCATION_BYTES_PER_EVENT = 0.05;

    /**
     * Bytes a 64 B record after the first of its batch takes in the journal (format 3): 16 B of header (timestamp,
     * type, length) and a 4 B CRC32C (the record layout in {@code io.ferrite.journal.RecordDescriptor}).
     */
    static final int FERRITE_RECORD_BYTES_64 = 64 + 20;
    /** ... and in {@code MappedFileBenchmark}'s file: a 4 B length. */
    static final int FRESH_RECORD_BYTES_64 = 64 + 4;

    /** The flat run's baseline, which run-goals.sh measures just before it into {@value #BARE_FILE}. */
    static final String BARE_WORKLOAD = "io.ferrite.bench.alternatives.BareProcessorWorkloadBenchmark.workload";
    static final String BARE_FILE = "bare.json";

    private static final String PASS = "**pass**";
    private static final String MISS = "**MISS**";
    private static final String UNMEASURED = "not measured";

    private final List<JmhResult> results;
    private final Path directory;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private GoalsReport(final List<JmhResult> results, final Path directory)
    {
        this.results = results;
        this.directory = directory;
    }

    /**
     * @param results   the JMH results of the same run (possibly empty).
     * @param directory what {@code bench/run-goals.sh} wrote, or null if it did not run.
     * @return the Markdown section.
     * @throws IOException if a file there cannot be read.
     * @throws IllegalArgumentException naming the file if one is not the JSON expected.
     */
    public static String section(final List<JmhResult> results, final Path directory) throws IOException
    {
        final StringBuilder md = new StringBuilder(4 * 1024);
        final GoalsReport report = new GoalsReport(results, directory);
        report.journal();
        report.pipelines();
        report.replayAndRecovery();
        report.workload();
        report.latency();
        report.startUp();
        report.allocation();

        md.append("## Goals (issue 13)\n\n");
        md.append("Each goal with its target and what this run measured; ratios are Ferrite / baseline, both measured ")
            .append("in this run. `not measured` means the step that measures it did not run or left no result.\n\n");
        md.append("| Goal | Target | Measured | Baseline | Ratio or value | Result | Measured by |\n");
        md.append("|---|---|---:|---:|---:|---|---|\n");
        for (final String row : report.rows)
        {
            md.append(row).append('\n');
        }
        md.append('\n');
        for (final String note : report.notes)
        {
            md.append("- ").append(note).append('\n');
        }
        if (!report.notes.isEmpty())
        {
            md.append('\n');
        }
        return md.toString();
    }

    private void journal()
    {
        final JmhResult batched = jmh("io.ferrite.bench.journal.FerriteJournalBenchmark.appendBatched",
            "payloadSize", "64");
        final JmhResult raw = jmh("io.ferrite.bench.alternatives.RawChronicleQueueBenchmark.append", "payloadSize", "64");
        ratioRow("journal append 64 B (batched, as the journaller appends)", 3.0, true, batched, raw,
            "JMH `FerriteJournalBenchmark.appendBatched` / `RawChronicleQueueBenchmark.append`, payloadSize=64");
        final JmhResult fresh = jmh("io.ferrite.bench.alternatives.MappedFileBenchmark.appendFresh",
            "payloadSize", "64");
        if (null != batched && null != fresh)
        {
            notes.add(String.format(Locale.ROOT, "Journal append against the page-supply floor: Ferrite's batched " +
                "appends (%s) ran at %.2f× a bare writer of length-prefixed records into a new mapped file " +
                "(`MappedFileBenchmark.appendFresh`, payloadSize=64, %s), which pays nothing but the " +
                "first touch of every page. A 64 B record takes %d B in Ferrite's journal (after the first of its " +
                "batch) and %d B in that file: at the bare writer's rate of new pages, one thread could write " +
                "Ferrite's records at %.2f× its rate (Ferrite's pre-touch thread faults pages in on the other core, " +
                "so it is not bound to that).",
                score(batched), batched.score() / fresh.score(), score(fresh), FERRITE_RECORD_BYTES_64,
                FRESH_RECORD_BYTES_64, (double)FRESH_RECORD_BYTES_64 / FERRITE_RECORD_BYTES_64));
        }
    }

    private void pipelines()
    {
        for (final String flush : new String[] {"NONE", "BATCH"})
        {
            final double target = "NONE".equals(flush) ? 2.0 : 1.5;
            final JmhResult handWired = jmh(
                "io.ferrite.bench.alternatives.HandWiredJournaledPipelineBenchmark.journaledPipeline", "flush", flush);
            boolean any = false;
            for (final JmhResult result : results)
            {
                if ("io.ferrite.bench.engine.EngineJournaledPipelineBenchmark.journaledPipeline"
                    .equals(result.benchmark()) && flush.equals(result.params().get("flush")))
                {
                    any = true;
                    ratioRow("journaled pipeline, flush " + flush + ", threading=" + result.params().get("threading"),
                        target, true, result, handWired, "JMH `EngineJournaledPipelineBenchmark.journaledPipeline` / " +
                        "`HandWiredJournaledPipelineBenchmark.journaledPipeline`, flush=" + flush);
                }
            }
            if (!any)
            {
                ratioRow("journaled pipeline, flush " + flush, target, true, null, handWired,
                    "JMH `EngineJournaledPipelineBenchmark.journaledPipeline`");
            }
        }
    }

    private void replayAndRecovery()
    {
        ratioRow("replay", 1.0, true,
            jmh("io.ferrite.bench.engine.EngineReplayBenchmark.replay"),
            jmh("io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.replay"),
            "JMH `EngineReplayBenchmark.replay` / `RawChronicleQueueReplayBenchmark.replay`: Ferrite reads a journal " +
            "batched as its journaller writes it and checks every record's framing, CRC32C and sequence; raw reads " +
            "the same records written one per excerpt, 8 bytes each, checking nothing");
        final JmhResult recover = jmh("io.ferrite.bench.engine.EngineRecoveryBenchmark.recover", "snapshot", "none");
        final String events = null == recover ? "events" : recover.params().get("events") + " events";
        ratioRow("recovery of " + events + " without a snapshot (time; goal is for 10M)", 1.0, false, recover,
            jmh("io.ferrite.bench.alternatives.RawChronicleQueueReplayBenchmark.recover"),
            "JMH `EngineRecoveryBenchmark.recover` snapshot=none / `RawChronicleQueueReplayBenchmark.recover`: " +
            "engine start-up plus replay of a journal written by a live engine, against the raw one-record-per-excerpt " +
            "read");
    }

    private void workload()
    {
        final Map<?, ?> flat = readJson("flat.json");
        // The baseline measured just before the flat run, if run-goals.sh measured it; else the suite's.
        final JmhResult besideFlat = bareBesideFlat();
        final JmhResult bare = null != besideFlat ? besideFlat :
            jmh(BARE_WORKLOAD, "workload", "trading");
        final String goal = "`ferrite run --workload trading` flat out" +
            (null == flat ? "" : ", " + String.format(Locale.ROOT, "%,d", (long)number(flat, "events")) + " events");
        final String source = "run-goals.sh `flat.json` (eventsPerSecond) / JMH `BareProcessorWorkloadBenchmark" +
            ".workload` workload=trading" + (null != besideFlat ? " (run-goals.sh `" + BARE_FILE +
            "`, measured just before the flat run)" : "");
        if (null == flat || null == bare)
        {
            rows.add(row(goal, "≥ 0.50× bare", UNMEASURED, null == bare ? UNMEASURED : rate(bare.score()), "", "—",
                source));
            return;
        }
        final double measured = number(flat, "eventsPerSecond");
        final double ratio = measured / bare.score();
        rows.add(row(goal, "≥ 0.50× bare", rate(measured), rate(bare.score()), times(ratio),
            verdict(ok(flat) && ratio >= 0.5), source));
    }

    /**
     * @return the bare trading processor's result in {@value #BARE_FILE} of the goals directory, or null if there is
     * no such file.
     * @throws IllegalArgumentException naming the file if it cannot be read or holds no result for the trading
     *                                  workload: the report would otherwise fall back, without a word, to a baseline
     *                                  measured minutes from the flat run.
     */
    private JmhResult bareBesideFlat()
    {
        if (null == directory || !Files.isRegularFile(directory.resolve(BARE_FILE)))
        {
            return null;
        }
        try
        {
            for (final JmhResult result : JmhResult.read(directory.resolve(BARE_FILE)))
            {
                if (BARE_WORKLOAD.equals(result.benchmark()) && "trading".equals(result.params().get("workload")))
                {
                    return result;
                }
            }
            throw new IllegalArgumentException(directory.resolve(BARE_FILE) + ": no " + BARE_WORKLOAD +
                " result with workload=trading");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(directory.resolve(BARE_FILE) + ": " + ex.getMessage(), ex);
        }
    }

    private void latency()
    {
        latencyRows("`ferrite run --rate 100000`, defaults", "rate-default.json", 1_000_000L, 20_000_000L);
        latencyRows("`ferrite run --rate 100000 --threading shared --wait busy_spin`", "rate-busy.json", 20_000L, -1);
        machineFloor();
    }

    /**
     * Context for the busy-spin goal: the latency floor HiccupMain measured for two and for one busy thread with no
     * Ferrite code, and the paced run with one busy thread (invoker threading: the producer's thread drives the
     * engine) beside the one-thread floor. HiccupMain runs in the minute after the busy-spin run, not during it: on a
     * shared host its figures say what the machine took in a window beside the run, not what it took from the run.
     */
    private void machineFloor()
    {
        final Map<?, ?> two = readJson("hiccup-2.json");
        if (null != two)
        {
            rows.add(row("(context) this machine's floor for two busy threads, no Ferrite code, in a window beside " +
                "the run (a paced event passes through both in turn): p99 / p99.9", "—", micros(number(two, "pipelineFloorP99Nanos")) + " / " +
                micros(number(two, "pipelineFloorP999Nanos")), "the worse thread alone: " +
                micros(number(two, "floorP99Nanos")) + " / " + micros(number(two, "floorP999Nanos")), "", "info",
                "run-goals.sh `hiccup-2.json` (HiccupMain: the percentiles threads of zero cost would show for " +
                "evenly spread events, given the time the machine took from them)"));
        }
        final Map<?, ?> one = readJson("hiccup-1.json");
        final Map<?, ?> invoker = readJson("rate-invoker.json");
        if (null == invoker && null == one)
        {
            return;
        }
        final String measured;
        if (null == invoker || !(invoker.get("latencyNanos") instanceof Map))
        {
            measured = UNMEASURED;
        }
        else
        {
            final Map<?, ?> latency = (Map<?, ?>)invoker.get("latencyNanos");
            measured = micros(number(latency, "p99")) + " / " + micros(number(latency, "p999")) +
                (ok(invoker) ? "" : " (the run failed)");
        }
        rows.add(row("(context) `ferrite run --rate 100000 --threading invoker --wait busy_spin` (one busy " +
            "thread): p99 / p99.9", "—", measured, null == one ? "" : "floor for one busy thread, in a window " +
            "beside it: " + micros(number(one, "floorP99Nanos")) + " / " + micros(number(one, "floorP999Nanos")), "",
            "info", "run-goals.sh `rate-invoker.json`" + (null == one ? "" : ", `hiccup-1.json`")));
    }

    private void latencyRows(final String goal, final String file, final long p99Target, final long maxTarget)
    {
        final Map<?, ?> run = readJson(file);
        final String source = "run-goals.sh `" + file + "` (latencyNanos; interval log beside it)";
        if (null == run || !(run.get("latencyNanos") instanceof Map))
        {
            rows.add(row(goal + ": p99", "≤ " + micros(p99Target), UNMEASURED, "", "", "—", source));
            return;
        }
        final Map<?, ?> latency = (Map<?, ?>)run.get("latencyNanos");
        final double p99 = number(latency, "p99");
        final double max = number(latency, "max");
        final double count = number(latency, "count");
        final double events = number(run, "events");
        final boolean ok = ok(run);
        rows.add(row(goal + ": p99", "≤ " + micros(p99Target), micros(p99), "", micros(p99),
            verdict(ok && p99 <= p99Target), source));
        if (maxTarget > 0)
        {
            rows.add(row(goal + ": max", "≤ " + micros(maxTarget), micros(max), "", micros(max),
                verdict(ok && max <= maxTarget), source));
        }
        rows.add(row(goal + ": latencies recorded", "= events measured",
            String.format(Locale.ROOT, "%,d", (long)count), String.format(Locale.ROOT, "%,d events", (long)events),
            "", verdict(ok && count == events && count > 0), source));
    }

    private void startUp() throws IOException
    {
        final String source = "run-goals.sh `start-N.json` (startNanos), `start-N.wall` (whole process), `cds.txt`";
        final List<Double> starts = new ArrayList<>();
        final List<Double> walls = new ArrayList<>();
        for (int i = 1; i < 100; i++)
        {
            final Map<?, ?> run = readJson("start-" + i + ".json");
            if (null == run)
            {
                break;
            }
            starts.add(number(run, "startNanos"));
            final Path wall = null == directory ? null : directory.resolve("start-" + i + ".wall");
            if (null != wall && Files.isRegularFile(wall))
            {
                walls.add(Double.parseDouble(Files.readString(wall, StandardCharsets.UTF_8).trim()));
            }
        }
        final Path cdsFile = null == directory ? null : directory.resolve("cds.txt");
        final String cds = null != cdsFile && Files.isRegularFile(cdsFile) ?
            Files.readString(cdsFile, StandardCharsets.UTF_8).trim() : "unknown";
        final String goal = "`start()` on an empty directory through `bin/ferrite` (CDS: " + cds + ")";
        if (starts.isEmpty())
        {
            rows.add(row(goal, "≤ 300 ms", UNMEASURED, "", "", "—", source));
            return;
        }
        final double median = median(starts);
        rows.add(row(goal, "≤ 300 ms", millis(median) + " (median of " + starts.size() + "; each " +
            millisList(starts) + ")", walls.isEmpty() ? "" : "process: " + millis(median(walls)) + " median",
            millis(median), verdict(median <= 300_000_000.0 && !cds.startsWith("none")), source));
    }

    private void allocation()
    {
        for (final String threading : new String[] {"shared", "dedicated"})
        {
            final Map<?, ?> run = readJson("alloc-" + threading + ".json");
            final String goal = "allocation on publish → journal → process, threading=" + threading;
            final String source = "run-goals.sh `alloc-" + threading + ".json` (AllocationMain after warm-up: " +
                "producer + engine agent threads; all threads beside it)";
            if (null == run)
            {
                if ("shared".equals(threading))
                {
                    rows.add(row(goal, "0 B/event", UNMEASURED, "", "", "—", source));
                }
                continue;
            }
            final double perEvent = number(run, "eventPathBytesPerEvent");
            rows.add(row(goal, "0 B/event (< " + NO_ALLOCATION_BYTES_PER_EVENT + ")",
                String.format(Locale.ROOT, "%.4f B/event (%,d B over %,d events)", perEvent,
                    (long)number(run, "eventPathBytes"), (long)number(run, "events")),
                String.format(Locale.ROOT, "all threads: %.4f B/event", number(run, "bytesPerEvent")),
                String.format(Locale.ROOT, "%.4f", perEvent), verdict(perEvent < NO_ALLOCATION_BYTES_PER_EVENT),
                source));
        }
        for (final JmhResult result : results)
        {
            if ("io.ferrite.bench.engine.EngineJournaledPipelineBenchmark.journaledPipeline".equals(result.benchmark()))
            {
                rows.add(row("(context) JMH -prof gc, journaled pipeline " + params(result), "—",
                    Double.isNaN(result.allocBytes()) ? "n/a (no -prof gc)" :
                        String.format(Locale.ROOT, "%.3f B/op", result.allocBytes()), "", "", "info",
                    "JMH `gc.alloc.rate.norm`; counts each iteration's new engine too"));
            }
        }
    }

    private void ratioRow(
        final String goal, final double target, final boolean higherIsBetter, final JmhResult ferrite,
        final JmhResult baseline, final String source)
    {
        final String targetText = (higherIsBetter ? "≥ " : "≤ ") + String.format(Locale.ROOT, "%.1f×", target);
        if (null == ferrite || null == baseline)
        {
            rows.add(row(goal, targetText, null == ferrite ? UNMEASURED : score(ferrite),
                null == baseline ? UNMEASURED : score(baseline), "", "—", source));
            return;
        }
        final double ratio = ferrite.score() / baseline.score();
        final boolean met = higherIsBetter ? ratio >= target : ratio <= target;
        rows.add(row(goal, targetText, score(ferrite), score(baseline), times(ratio), verdict(met), source));
    }

    /** The first result of a benchmark whose parameters include the given name/value pairs. */
    private JmhResult jmh(final String benchmark, final String... params)
    {
        for (final JmhResult result : results)
        {
            if (!benchmark.equals(result.benchmark()))
            {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i + 1 < params.length; i += 2)
            {
                final String value = result.params().get(params[i]);
                if (null != value && !value.equals(params[i + 1]))
                {
                    matches = false;
                }
            }
            if (matches)
            {
                return result;
            }
        }
        return null;
    }

    private Map<?, ?> readJson(final String name)
    {
        if (null == directory)
        {
            return null;
        }
        final Path file = directory.resolve(name);
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        try
        {
            final Object value = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(value instanceof Map))
            {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            return (Map<?, ?>)value;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    private static boolean ok(final Map<?, ?> run)
    {
        return !Boolean.FALSE.equals(run.get("ok"));
    }

    private static double number(final Map<?, ?> json, final String key)
    {
        final Object value = json.get(key);
        return value instanceof Number ? ((Number)value).doubleValue() : Double.NaN;
    }

    private static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String row(
        final String goal, final String target, final String measured, final String baseline, final String value,
        final String result, final String source)
    {
        return "| " + goal + " | " + target + " | " + measured + " | " + baseline + " | " + value + " | " + result +
            " | " + source + " |";
    }

    private static String verdict(final boolean met)
    {
        return met ? PASS : MISS;
    }

    private static String score(final JmhResult result)
    {
        return ReportFormat.score(result.score(), result.unit()) + " " + result.unit();
    }

    private static String rate(final double eventsPerSecond)
    {
        return String.format(Locale.ROOT, "%.2f M ev/s", eventsPerSecond / 1e6);
    }

    private static String times(final double ratio)
    {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String micros(final double nanos)
    {
        return Double.isNaN(nanos) ? "n/a" : String.format(Locale.ROOT, "%,.1f µs", nanos / 1e3);
    }

    private static String millis(final double nanos)
    {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }

    private static String millisList(final List<Double> nanos)
    {
        final StringBuilder text = new StringBuilder();
        for (final double value : nanos)
        {
            text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", value / 1e6));
        }
        return text.append(" ms").toString();
    }

    private static String params(final JmhResult result)
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, String> param : result.params().entrySet())
        {
            text.append(text.length() == 0 ? "" : ", ").append(param.getKey()).append('=').append(param.getValue());
        }
        return text.toString();
    }
}
