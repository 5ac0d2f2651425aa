package io.ferrite.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ferrite.bench.Json;

/**
 * The latency harness's {@code latency.json}, as the report reads it.
 *
 * @param date     when the runs were made.
 * @param machine  cores, JDK, VM and OS, as one line.
 * @param settings payload, wait strategy, flush, pacer, durations, as one line.
 * @param runs     one per pipeline and rate.
 */
public record LatencySummary(String date, String machine, String settings, List<Run> runs)
{
    /**
     * One pipeline at one rate.
     *
     * @param pipeline     the pipeline's name.
     * @param rate         offered events per second.
     * @param recorded     latencies recorded after warm-up.
     * @param achievedRate events per second actually published.
     * @param saturated    true if the pipeline could not keep up and the run was cut short.
     * @param percentiles  "p50", "p90", "p99", "p99.9", "p99.99", "max", "mean" in microseconds.
     * @param distribution (percentile, microseconds) points, percentile ascending.
     */
    public record Run(
        String pipeline, long rate, long recorded, double achievedRate, boolean saturated,
        Map<String, Double> percentiles, List<double[]> distribution)
    {
        /**
         * @return "pipeline @ rate", for legends.
         */
        public String label()
        {
            return pipeline + " @ " + ReportFormat.rate(rate);
        }
    }

    /**
     * @param file a latency.json written by {@code LatencyMain}.
     * @return its contents.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException naming the file if it is not a latency summary.
     */
    public static LatencySummary read(final Path file) throws IOException
    {
        final Object root;
        try
        {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
        if (!(root instanceof Map) || !(((Map<?, ?>)root).get("runs") instanceof List))
        {
            throw new IllegalArgumentException(file + ": not a latency summary (no \"runs\" array)");
        }
        final Map<?, ?> summary = (Map<?, ?>)root;
        final List<Run> runs = new ArrayList<>();
        for (final Object element : (List<?>)summary.get("runs"))
        {
            if (!(element instanceof Map))
            {
                throw new IllegalArgumentException(file + ": a run is not an object");
            }
            final Map<?, ?> run = (Map<?, ?>)element;
            final Map<String, Double> percentiles = new LinkedHashMap<>();
            if (run.get("percentiles") instanceof Map)
            {
                for (final Map.Entry<?, ?> percentile : ((Map<?, ?>)run.get("percentiles")).entrySet())
                {
                    percentiles.put(String.valueOf(percentile.getKey()), number(percentile.getValue()));
                }
            }
            final List<double[]> distribution = new ArrayList<>();
            if (run.get("distribution") instanceof List)
            {
                for (final Object point : (List<?>)run.get("distribution"))
                {
                    if (point instanceof List && ((List<?>)point).size() == 2)
                    {
                        distribution.add(new double[]{number(((List<?>)point).get(0)), number(((List<?>)point).get(1))});
                    }
                }
            }
            runs.add(new Run(
                String.valueOf(run.get("pipeline")),
                (long)number(run.get("rate")),
                (long)number(run.get("recorded")),
                number(run.get("achievedRate")),
                Boolean.TRUE.equals(run.get("saturated")),
                Collections.unmodifiableMap(percentiles),
                Collections.unmodifiableList(distribution)));
        }
        return new LatencySummary(
            String.valueOf(summary.get("date")),
            describe(summary.get("machine")),
            describe(summary.get("settings")),
            Collections.unmodifiableList(runs));
    }

    private static String describe(final Object value)
    {
        if (!(value instanceof Map))
        {
            return "unknown";
        }
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<?, ?> entry : ((Map<?, ?>)value).entrySet())
        {
            if (text.length() > 0)
            {
                text.append(", ");
            }
            final Object v = entry.getValue();
            text.append(entry.getKey()).append(' ').append(v instanceof Double ? ReportFormat.plain((Double)v) : v);
        }
        return text.toString();
    }

    private static double number(final Object value)
    {
        return value instanceof Double ? (Double)value : Double.NaN;
    }
}
