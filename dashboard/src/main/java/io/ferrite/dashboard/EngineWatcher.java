package io.ferrite.dashboard;

import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.engine.RecoveryReport;
import io.ferrite.engine.RecoveryReportFile;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches one engine's data directory from outside the engine: each {@link #sample(long)} reads the counters file, the
 * new lines of the latency interval log, the last start report and the sizes of the journal and snapshot files, and
 * keeps a few minutes of history to turn counters into rates. Reads only; whatever is missing, stopped or corrupt
 * becomes a status and a problem on the view, never an exception.
 * <p>
 * Not thread safe: called by the dashboard's single sampler thread.
 */
final class EngineWatcher
{
    /** How much history the rate and latency charts keep: five minutes at one sample a second. */
    static final int HISTORY = 300;

    private static final String PROCESSED = "processed: ";
    private static final String EMITTED = "emitted: ";
    private static final String CONSUMED = "consumed: ";

    private final String name;
    private final Path directory;
    private final LatencyLogTail latencyTail;
    private final Deque<Sample> history = new ArrayDeque<>();
    private final Deque<LatencyPoint> latency = new ArrayDeque<>();
    private Histogram latencyTotal;
    private long latencyLogStart;
    private long engineStart;

    EngineWatcher(final String name, final Path directory)
    {
        this.name = name;
        this.directory = directory;
        this.latencyTail = new LatencyLogTail(directory.resolve(EngineStat.LATENCY_LOG_FILE_NAME));
    }

    String name()
    {
        return name;
    }

    /**
     * Read everything once.
     *
     * @param nowMillis the sample time.
     * @return the engine as it is now, with history.
     */
    EngineView sample(final long nowMillis)
    {
        final EngineView view = new EngineView(name, directory.toAbsolutePath().normalize().toString(), nowMillis);
        if (!Files.isDirectory(directory))
        {
            view.status = EngineView.STATUS_MISSING;
            view.problem = Files.exists(directory) ? "data directory " + directory + " is a file, not a directory" :
                "data directory " + directory + " does not exist (any more)";
            return view;
        }
        final EngineStat stat;
        try
        {
            stat = EngineStat.read(directory);
        }
        catch (final RuntimeException ex)
        {
            final boolean absent = !Files.exists(directory.resolve(EngineStat.COUNTERS_FILE_NAME));
            view.status = absent ? EngineView.STATUS_NO_ENGINE : EngineView.STATUS_UNREADABLE;
            view.problem = String.valueOf(ex.getMessage());
            readFiles(view);
            return view;
        }
        if (stat.startEpochMillis() != engineStart)
        {
            // A new engine (restart): its counters are a new series.
            engineStart = stat.startEpochMillis();
            history.clear();
        }
        view.status = stat.running() ? EngineView.STATUS_RUNNING : EngineView.STATUS_STOPPED;
        view.pid = stat.pid();
        view.startEpochMillis = stat.startEpochMillis();
        view.counters.putAll(stat.counters());
        derive(view, stat.counters());
        remember(view, nowMillis);
        readLatency(view);
        readFiles(view);
        return view;
    }

    private static void derive(final EngineView view, final Map<String, Long> counters)
    {
        view.published = counters.getOrDefault("published", 0L);
        view.journaled = counters.getOrDefault("journaled", 0L);
        view.errors = counters.getOrDefault("errors", 0L);
        view.snapshotsWritten = counters.getOrDefault("snapshots written", 0L);
        view.lastSnapshotSequence = counters.getOrDefault("last snapshot sequence", 0L);
        view.lastSnapshotWriteMicros = counters.getOrDefault("last snapshot write micros", 0L);
        view.ringCapacity = counters.getOrDefault("ring capacity", 0L);
        long slowest = Long.MAX_VALUE;
        long emittedTotal = 0;
        for (final Map.Entry<String, Long> counter : counters.entrySet())
        {
            final String label = counter.getKey();
            final long value = counter.getValue();
            if (label.startsWith(PROCESSED))
            {
                final String processor = label.substring(PROCESSED.length());
                view.processed.put(processor, value);
                view.lag.put(processor, Math.max(0, view.journaled - value));
                slowest = Math.min(slowest, value);
            }
            else if (label.startsWith(EMITTED))
            {
                view.emitted.put(label.substring(EMITTED.length()), value);
                emittedTotal += value;
            }
            else if (label.startsWith(CONSUMED))
            {
                view.consumed.put(label.substring(CONSUMED.length()), value);
            }
            else if (label.startsWith(EngineStat.DOMAIN_LABEL_PREFIX))
            {
                final String rest = label.substring(EngineStat.DOMAIN_LABEL_PREFIX.length());
                final int colon = rest.indexOf(": ");
                if (colon > 0)
                {
                    view.domain.add(new EngineView.DomainValue(rest.substring(0, colon), rest.substring(colon + 2),
                        value));
                }
            }
        }
        for (final Map.Entry<String, Long> sink : view.consumed.entrySet())
        {
            view.lag.put(sink.getKey(), Math.max(0, emittedTotal - sink.getValue()));
        }
        view.lag.put("journal", Math.max(0, view.published - view.journaled));
        if (view.ringCapacity > 0 && slowest != Long.MAX_VALUE)
        {
            view.ringFill = Math.min(1.0, Math.max(0.0, (double)(view.published - slowest) / view.ringCapacity));
        }
    }

    /** Keep this sample's counters and turn the history into per-second rates. */
    private void remember(final EngineView view, final long nowMillis)
    {
        final Sample sample = new Sample(nowMillis, new LinkedHashMap<>(view.counters));
        history.addLast(sample);
        while (history.size() > HISTORY + 1)
        {
            history.removeFirst();
        }
        final Map<String, List<Double>> series = new LinkedHashMap<>();
        final List<Long> times = new ArrayList<>();
        final Iterator<Sample> it = history.iterator();
        Sample previous = it.hasNext() ? it.next() : null;
        while (it.hasNext())
        {
            final Sample current = it.next();
            final double seconds = Math.max(1, current.timeMillis - previous.timeMillis) / 1000.0;
            times.add(current.timeMillis);
            for (final Map.Entry<String, Long> counter : current.values.entrySet())
            {
                final String label = counter.getKey();
                if (isRate(label))
                {
                    final long before = previous.values.getOrDefault(label, counter.getValue());
                    final double rate = Math.max(0, counter.getValue() - before) / seconds;
                    series.computeIfAbsent(label, k -> new ArrayList<>()).add(rate);
                }
            }
            previous = current;
        }
        view.rateTimes = times;
        view.rates = series;
    }

    private static boolean isRate(final String label)
    {
        return label.equals("published") || label.equals("journaled") || label.startsWith(PROCESSED) ||
            label.startsWith(CONSUMED) || label.startsWith(EngineStat.DOMAIN_LABEL_PREFIX);
    }

    private void readLatency(final EngineView view)
    {
        try
        {
            final List<LatencyLogTail.LatencyInterval> intervals = latencyTail.poll();
            if (latencyTail.startMillis() != latencyLogStart)
            {
                latencyLogStart = latencyTail.startMillis();
                latency.clear();
                latencyTotal = null;
            }
            for (final LatencyLogTail.LatencyInterval interval : intervals)
            {
                final Histogram h = interval.histogram();
                latency.addLast(new LatencyPoint(interval.endEpochMillis(), h.getTotalCount(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                    h.getMaxValue()));
                if (null == latencyTotal)
                {
                    latencyTotal = new Histogram(h.getHighestTrackableValue(), h.getNumberOfSignificantValueDigits());
                }
                latencyTotal.add(h);
                while (latency.size() > HISTORY)
                {
                    latency.removeFirst();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            view.latencyProblem = "latency log: " + ex.getMessage();
        }
        view.latency = new ArrayList<>(latency);
        if (null != latencyTotal)
        {
            view.latencyCount = latencyTotal.getTotalCount();
            view.latencySumNanos = (long)(latencyTotal.getMean() * latencyTotal.getTotalCount());
        }
    }

    private void readFiles(final EngineView view)
    {
        try
        {
            final RecoveryReportFile.Recorded recorded = RecoveryReportFile.read(directory);
            if (null != recorded)
            {
                final RecoveryReport report = recorded.report();
                view.recovery = report;
                view.recoveryStartedMillis = recorded.startedEpochMillis();
            }
        }
        catch (final RuntimeException ex)
        {
            view.recoveryProblem = ex.getMessage();
        }
        final long[] journal = sizes(directory.resolve("journal"), "*.cq4");
        view.journalSegments = journal[0];
        view.journalBytes = journal[1];
        final long[] snapshots = sizes(directory.resolve("snapshots"), "*.snap");
        view.snapshotFiles = snapshots[0];
        view.snapshotBytes = snapshots[1];
    }

    /** @return {file count, total bytes} of the files matching {@code glob} in {@code dir}; zeros if none. */
    private static long[] sizes(final Path dir, final String glob)
    {
        final long[] result = new long[2];
        if (!Files.isDirectory(dir))
        {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob))
        {
            for (final Path file : files)
            {
                try
                {
                    result[1] += Files.size(file);
                    result[0]++;
                }
                catch (final IOException ex)
                {
                    // Deleted between listing and sizing (retention): it no longer counts.
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // The directory went away while listing: report what was counted.
        }
        return result;
    }

    private record Sample(long timeMillis, Map<String, Long> values)
    {
    }

    /**
     * Latency of one interval, nanoseconds.
     *
     * @param endEpochMillis when the interval ended.
     * @param count          latencies recorded in it.
     * @param p50            median.
     * @param p99            99th percentile.
     * @param p999           99.9th percentile.
     * @param max            largest.
     */
    record LatencyPoint(long endEpochMillis, long count, long p50, long p99, long p999, long max)
    {
    }
}
