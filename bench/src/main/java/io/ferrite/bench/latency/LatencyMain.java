package io.ferrite.bench.latency;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.HistogramIterationValue;

import io.ferrite.bench.BenchJvm;
import io.ferrite.bench.Json;

/**
 * The latency harness's command line: every selected pipeline at every offered rate, one after another, each with
 * its own {@code .hlog} file, then one {@code latency.json} summary that {@code ReportMain} turns into tables and a
 * percentile plot. Run with {@code --help} for the options.
 * <p>
 * The JVM needs the Chronicle Queue and Agrona flags of {@link BenchJvm}; the harness refuses to start without the
 * ones Chronicle cannot work without, and switches Chronicle's usage analytics off itself.
 */
public final class LatencyMain
{
    /** The percentiles every summary reports, besides the maximum. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    /** The name of the summary file in the output directory. */
    public static final String SUMMARY_FILE = "latency.json";

    private LatencyMain()
    {
    }

    /**
     * @param args see {@link LatencyConfig#USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * @param out  where progress and results go.
     * @param err  where errors go.
     * @param args see {@link LatencyConfig#USAGE}.
     * @return the exit code: 0 success, 1 a run failed, 2 bad usage.
     */
    public static int run(final PrintStream out, final PrintStream err, final String... args)
    {
        final LatencyConfig config;
        final List<LatencyPipelineFactory> factories;
        try
        {
            config = LatencyConfig.parse(args);
            if (config.help())
            {
                out.println(LatencyConfig.USAGE);
                return 0;
            }
            factories = LatencyPipelines.select(config.pipelines());
            checkJvmFlags();
        }
        catch (final LatencyConfig.UsageException ex)
        {
            err.println("error: " + ex.getMessage());
            err.println(LatencyConfig.USAGE);
            return 2;
        }
        keepChroniclePrivateAndQuiet();

        final List<LatencyResult> results = new ArrayList<>();
        try
        {
            Files.createDirectories(config.outDirectory());
            for (final LatencyPipelineFactory factory : factories)
            {
                for (final long rate : config.rates())
                {
                    out.printf(Locale.ROOT, "%s at %,d events/s: %d ms warm-up, %d ms recorded...%n",
                        factory.name(), rate, config.warmupMillis(), config.durationMillis());
                    final Path hlog = config.outDirectory().resolve(factory.name() + "-" + rate + ".hlog");
                    final LatencyResult result = LatencyHarness.run(factory, config, rate, hlog);
                    results.add(result);
                    out.println(summaryLine(result));
                }
            }
            final Path summary = config.outDirectory().resolve(SUMMARY_FILE);
            Files.writeString(summary, toJson(config, results), StandardCharsets.UTF_8);
            out.println("wrote " + summary + " and " + results.size() + " .hlog file(s) in " +
                config.outDirectory());
            return 0;
        }
        catch (final IOException ex)
        {
            err.println("error: cannot write results in " + config.outDirectory() + ": " + ex);
            return 1;
        }
        catch (final RuntimeException ex)
        {
            err.println("error: latency run failed: " + ex);
            for (Throwable cause = ex.getCause(); null != cause; cause = cause.getCause())
            {
                err.println("  caused by: " + cause);
            }
            return 1;
        }
    }

    static String summaryLine(final LatencyResult result)
    {
        return String.format(Locale.ROOT,
            "  %-12s %,10d/s  n=%,d  p50=%.1fus p99=%.1fus p99.9=%.1fus p99.99=%.1fus max=%.1fus%s",
            result.pipeline(), result.rate(), result.histogram().getTotalCount(),
            result.micros(50), result.micros(99), result.micros(99.9), result.micros(99.99), result.maxMicros(),
            result.saturated() ? "  SATURATED: stopped after " + result.published() + " of " + result.planned() : "");
    }

    static String toJson(final LatencyConfig config, final List<LatencyResult> results)
    {
        final StringBuilder json = new StringBuilder(4096);
        json.append("{\n  \"harness\": \"ferrite-bench latency\",\n");
        json.append("  \"date\": ").append(Json.quote(OffsetDateTime.now(ZoneOffset.UTC).toString())).append(",\n");
        json.append("  \"machine\": {\"cores\": ").append(Runtime.getRuntime().availableProcessors())
            .append(", \"jdk\": ").append(Json.quote(System.getProperty("java.version")))
            .append(", \"vm\": ").append(Json.quote(System.getProperty("java.vm.name")))
            .append(", \"os\": ").append(Json.quote(System.getProperty("os.name") + " " +
                System.getProperty("os.version") + " " + System.getProperty("os.arch")))
            .append("},\n");
        json.append("  \"jvmArgs\": [");
        final List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < jvmArgs.size(); i++)
        {
            json.append(i == 0 ? "" : ", ").append(Json.quote(jvmArgs.get(i)));
        }
        json.append("],\n");
        json.append("  \"settings\": {\"payloadSize\": ").append(config.payloadSize())
            .append(", \"waitStrategy\": ").append(Json.quote(config.waitKind().paramName()))
            .append(", \"flush\": ").append(Json.quote(config.flush()))
            .append(", \"pacer\": ").append(Json.quote(config.pacer().name().toLowerCase(Locale.ROOT)))
            .append(", \"ringSize\": ").append(config.ringSize())
            .append(", \"warmupMillis\": ").append(config.warmupMillis())
            .append(", \"durationMillis\": ").append(config.durationMillis())
            .append("},\n");
        json.append("  \"unit\": \"us\",\n  \"runs\": [");
        for (int r = 0; r < results.size(); r++)
        {
            final LatencyResult result = results.get(r);
            json.append(r == 0 ? "\n" : ",\n");
            json.append("    {\"pipeline\": ").append(Json.quote(result.pipeline()))
                .append(", \"rate\": ").append(result.rate())
                .append(", \"planned\": ").append(result.planned())
                .append(", \"published\": ").append(result.published())
                .append(", \"recorded\": ").append(result.histogram().getTotalCount())
                .append(", \"achievedRate\": ").append(Json.number(Math.rint(result.achievedRate())))
                .append(", \"saturated\": ").append(result.saturated())
                .append(", \"hlog\": ").append(Json.quote(result.hlog().getFileName().toString()))
                .append(",\n     \"percentiles\": {");
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                json.append(i == 0 ? "" : ", ").append(Json.quote("p" + trim(PERCENTILES[i]))).append(": ")
                    .append(Json.number(result.micros(PERCENTILES[i])));
            }
            json.append(", \"max\": ").append(Json.number(result.maxMicros()))
                .append(", \"mean\": ").append(Json.number(result.histogram().getMean() / 1000.0))
                .append("},\n     \"distribution\": [");
            boolean first = true;
            for (final HistogramIterationValue value : result.histogram().percentiles(5))
            {
                json.append(first ? "" : ", ").append('[')
                    .append(Json.number(value.getPercentileLevelIteratedTo())).append(", ")
                    .append(Json.number(value.getValueIteratedTo() / 1000.0)).append(']');
                first = false;
            }
            json.append("]}");
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    private static String trim(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }

    private static void checkJvmFlags()
    {
        final List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        final List<String> missing = new ArrayList<>();
        for (final String flag : BenchJvm.forEveryJdk())
        {
            if (flag.startsWith("--add-") && !given.contains(flag))
            {
                missing.add(flag);
            }
        }
        if (!missing.isEmpty())
        {
            throw new LatencyConfig.UsageException("this JVM lacks flags Chronicle Queue and Agrona need: " +
                String.join(" ", missing) + " (run it as bench/run-quick.sh does, or add them by hand)");
        }
    }

    private static void keepChroniclePrivateAndQuiet()
    {
        // Set before any Chronicle class loads: the harness never phones home, even if launched without -D flags.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("disable.perf.info", "true");
    }
}
