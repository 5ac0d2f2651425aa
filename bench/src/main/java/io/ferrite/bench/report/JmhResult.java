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
 * One benchmark result from a JMH {@code -rf json} file.
 *
 * @param benchmark  the fully qualified benchmark, e.g. {@code io.ferrite.bench.alternatives.MappedFileBenchmark.append}.
 * @param params     the parameters it ran with, in file order (empty if none).
 * @param mode       JMH mode, e.g. "thrpt".
 * @param score      primary score.
 * @param error      99.9% confidence half-width of the score (NaN with too few iterations).
 * @param unit       unit of the score, e.g. "ops/s".
 * @param allocBytes {@code gc.alloc.rate.norm} in bytes per operation when run with {@code -prof gc}, else NaN.
 * @param jdk        JDK version the fork ran on.
 * @param jvmArgs    the fork's JVM arguments.
 */
public record JmhResult(
    String benchmark, Map<String, String> params, String mode, double score, double error, String unit,
    double allocBytes, String jdk, List<String> jvmArgs)
{
    /** Benchmarks in this package are the alternatives; every other benchmark measures Ferrite. */
    public static final String ALTERNATIVES_PACKAGE = "io.ferrite.bench.alternatives";

    /**
     * @return the benchmark method's name, e.g. "append": results with the same method name are compared.
     */
    public String method()
    {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * @return the benchmark class's fully qualified name.
     */
    public String className()
    {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    /**
     * @return the implementation measured: the class's simple name without a "Benchmark" suffix.
     */
    public String implementation()
    {
        final String className = className();
        final String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.endsWith("Benchmark") ? simple.substring(0, simple.length() - "Benchmark".length()) : simple;
    }

    /**
     * @return true if this measures an alternative to Ferrite rather than Ferrite itself.
     */
    public boolean isAlternative()
    {
        return className().startsWith(ALTERNATIVES_PACKAGE + ".");
    }

    /**
     * @return true if the score is a time per operation (single-shot or average-time modes), where lower is better;
     * false for a rate, where higher is better.
     */
    public boolean lowerIsBetter()
    {
        return unit.endsWith("/op");
    }

    /**
     * @param other another result.
     * @return true if every parameter the two share has the same value (so they ran the same workload).
     */
    public boolean sameWorkloadAs(final JmhResult other)
    {
        for (final Map.Entry<String, String> param : params.entrySet())
        {
            final String otherValue = other.params.get(param.getKey());
            if (null != otherValue && !otherValue.equals(param.getValue()))
            {
                return false;
            }
        }
        return mode.equals(other.mode) && unit.equals(other.unit);
    }

    /**
     * @param file a JMH JSON result file.
     * @return its results, in file order.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException naming the file if it is not a JMH result file.
     */
    public static List<JmhResult> read(final Path file) throws IOException
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
        if (!(root instanceof List))
        {
            throw new IllegalArgumentException(file + ": not a JMH result file (expected a JSON array of results)");
        }
        final List<JmhResult> results = new ArrayList<>();
        for (final Object element : (List<?>)root)
        {
            results.add(fromJson(file, element));
        }
        return results;
    }

    private static JmhResult fromJson(final Path file, final Object element)
    {
        final Map<?, ?> entry = asMap(file, element, "result");
        final Map<?, ?> primary = asMap(file, entry.get("primaryMetric"), "primaryMetric");
        final Map<String, String> params = new LinkedHashMap<>();
        if (entry.get("params") instanceof Map)
        {
            for (final Map.Entry<?, ?> param : ((Map<?, ?>)entry.get("params")).entrySet())
            {
                params.put(String.valueOf(param.getKey()), String.valueOf(param.getValue()));
            }
        }
        double alloc = Double.NaN;
        if (entry.get("secondaryMetrics") instanceof Map)
        {
            for (final Map.Entry<?, ?> metric : ((Map<?, ?>)entry.get("secondaryMetrics")).entrySet())
            {
                // JMH names it "·gc.alloc.rate.norm" (with a leading middle dot) in 1.37.
                if (String.valueOf(metric.getKey()).endsWith("gc.alloc.rate.norm") && metric.getValue() instanceof Map)
                {
                    alloc = number(((Map<?, ?>)metric.getValue()).get("score"));
                }
            }
        }
        final List<String> jvmArgs = new ArrayList<>();
        if (entry.get("jvmArgs") instanceof List)
        {
            for (final Object arg : (List<?>)entry.get("jvmArgs"))
            {
                jvmArgs.add(String.valueOf(arg));
            }
        }
        final Object benchmark = entry.get("benchmark");
        if (!(benchmark instanceof String) || ((String)benchmark).indexOf('.') < 0)
        {
            throw new IllegalArgumentException(file + ": a result has no qualified \"benchmark\" name");
        }
        return new JmhResult(
            (String)benchmark,
            Collections.unmodifiableMap(params),
            String.valueOf(entry.get("mode")),
            number(primary.get("score")),
            number(primary.get("scoreError")),
            String.valueOf(primary.get("scoreUnit")),
            alloc,
            String.valueOf(entry.get("jdkVersion")),
            Collections.unmodifiableList(jvmArgs));
    }

    private static Map<?, ?> asMap(final Path file, final Object value, final String what)
    {
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException(file + ": not a JMH result file (" + what + " is not an object)");
        }
        return (Map<?, ?>)value;
    }

    private static double number(final Object value)
    {
        if (value instanceof Double)
        {
            return (Double)value;
        }
        if (value instanceof String)
        {
            try
            {
                return Double.parseDouble((String)value);
            }
            catch (final NumberFormatException ex)
            {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
