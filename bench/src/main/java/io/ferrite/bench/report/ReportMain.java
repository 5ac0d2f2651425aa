package io.ferrite.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns JMH {@code -rf json} files and the latency harness's {@code latency.json} into a Markdown report of
 * Ferrite / alternative ratios and an SVG latency percentile plot.
 * <pre>
 *   java -cp benchmarks.jar io.ferrite.bench.report.ReportMain \
 *       --jmh results/jmh.json [--jmh more.json] [--latency results/latency.json] \
 *       [--goals results/goals] --out results/REPORT.md [--title "..."]
 * </pre>
 * The plot is written next to the report as {@code latency.svg} when a latency summary is given. With
 * {@code --goals DIR} (what {@code bench/run-goals.sh} wrote) the report opens with every goal of issue 13: target,
 * measured value or ratio, pass or miss (see {@link GoalsReport}). Exit codes: 0
 * success, 1 an input could not be read or an output written, 2 bad usage.
 */
public final class ReportMain
{
    /** The usage text. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "Usage: java -cp benchmarks.jar io.ferrite.bench.report.ReportMain --out REPORT.md",
        "           [--jmh JMH.json]... [--latency latency.json] [--goals DIR] [--title TEXT]",
        "  Writes a Markdown report of Ferrite / alternative ratios, and latency.svg beside it when --latency is given.",
        "  --goals DIR adds the goals table from the JMH results and what bench/run-goals.sh wrote into DIR.",
        "Exit codes: 0 success, 1 unreadable input or unwritable output, 2 bad usage.");

    /** File name of the plot, written in the report's directory. */
    public static final String PLOT_FILE = "latency.svg";

    private ReportMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * @param out  where progress goes.
     * @param err  where errors go.
     * @param args see {@link #USAGE}.
     * @return the exit code.
     */
    public static int run(final PrintStream out, final PrintStream err, final String... args)
    {
        final List<Path> jmhFiles = new ArrayList<>();
        Path latencyFile = null;
        Path outFile = null;
        Path goalsDirectory = null;
        String title = "Ferrite benchmark report";
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            if ("--help".equals(option) || "-h".equals(option))
            {
                out.println(USAGE);
                return 0;
            }
            if (i + 1 >= args.length)
            {
                return usage(err, option.startsWith("--") ? "option " + option + " needs a value" :
                    "unexpected argument '" + option + "'");
            }
            final String value = args[++i];
            switch (option)
            {
                case "--jmh":
                    jmhFiles.add(Paths.get(value));
                    break;
                case "--latency":
                    latencyFile = Paths.get(value);
                    break;
                case "--out":
                    outFile = Paths.get(value);
                    break;
                case "--goals":
                    goalsDirectory = Paths.get(value);
                    break;
                case "--title":
                    title = value;
                    break;
                default:
                    return usage(err, "unknown option " + option);
            }
        }
        if (null == outFile)
        {
            return usage(err, "--out is required");
        }
        if (jmhFiles.isEmpty() && null == latencyFile)
        {
            return usage(err, "give at least one --jmh or a --latency file");
        }

        try
        {
            final List<JmhResult> results = new ArrayList<>();
            final List<String> sources = new ArrayList<>();
            for (final Path file : jmhFiles)
            {
                results.addAll(JmhResult.read(file));
                sources.add(file.toString());
            }
            LatencySummary latency = null;
            String plot = null;
            final Path directory = null == outFile.toAbsolutePath().getParent() ?
                Paths.get(".") : outFile.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            if (null != latencyFile)
            {
                latency = LatencySummary.read(latencyFile);
                sources.add(latencyFile.toString());
                final Path plotPath = directory.resolve(PLOT_FILE);
                Files.writeString(plotPath, LatencyPlot.svg(latency, "End-to-end latency by percentile"),
                    StandardCharsets.UTF_8);
                plot = PLOT_FILE;
                out.println("wrote " + plotPath);
            }
            String goals = null;
            if (null != goalsDirectory)
            {
                if (!Files.isDirectory(goalsDirectory))
                {
                    throw new IOException("goals directory " + goalsDirectory + " does not exist");
                }
                goals = GoalsReport.section(results, goalsDirectory);
                sources.add(goalsDirectory.toString());
            }
            Files.writeString(outFile, MarkdownReport.build(title, sources, results, latency, plot, goals),
                StandardCharsets.UTF_8);
            out.println("wrote " + outFile);
            return 0;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
    }

    private static int usage(final PrintStream err, final String message)
    {
        err.println("error: " + message);
        err.println(USAGE);
        return 2;
    }
}
