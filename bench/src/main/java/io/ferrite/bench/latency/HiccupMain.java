package io.ferrite.bench.latency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How much this machine itself stalls a busy thread, with no Ferrite code at all: each of N threads spins on
 * {@link System#nanoTime()} for the given seconds and records the gaps between consecutive reads (time it was not
 * running: descheduled, hypervisor steal, interrupts, safepoints). A latency percentile cannot be lower than what
 * the machine takes away from the thread that would process the event.
 * <p>
 * From the gaps it works out that floor: the latency percentiles a thread of zero cost would show for events due at
 * evenly spread times (a paced producer's schedule), each handled the moment the thread runs again. An event due
 * inside a gap of length {@code g} waits the rest of the gap, so over the run the share of events waiting longer than
 * {@code L} is the sum of {@code max(0, g - L)} over the gaps, divided by the run's length (see {@link #floor}). A
 * producer and an engine that both busy-spin are two such threads; each one alone already sets this floor.
 * <p>
 * Runs without a build, as a single source file:
 * {@code java bench/src/main/java/io/ferrite/bench/latency/HiccupMain.java [threads] [seconds] [--json FILE]}
 * (defaults 2 and 15: two busy threads on a 2-core machine, as a busy-spin producer and engine are). With
 * {@code --json} it also writes the figures as one JSON object (run-goals.sh's {@code hiccup.json}).
 */
public final class HiccupMain
{
    private static final long[] THRESHOLDS_NANOS = {20_000, 100_000, 1_000_000, 5_000_000};
    /** Gaps shorter than this are the loop's own pace and a few cache misses; not recorded. */
    static final long RECORDED_GAP_NANOS = 1_000;
    /** Gaps kept per thread: 16 MiB each, hours of a noisy machine's gaps; beyond it only the counters go on. */
    private static final int MAX_GAPS = 1 << 21;

    private HiccupMain()
    {
    }

    /**
     * @param args [threads] [seconds] [--json FILE].
     * @throws InterruptedException if interrupted while waiting for the threads.
     * @throws IOException          if the JSON file cannot be written.
     */
    public static void main(final String[] args) throws InterruptedException, IOException
    {
        int threads = 2;
        int seconds = 15;
        Path json = null;
        int positional = 0;
        for (int i = 0; i < args.length; i++)
        {
            if ("--json".equals(args[i]) && i + 1 < args.length)
            {
                json = Path.of(args[++i]);
            }
            else if (positional++ == 0)
            {
                threads = Integer.parseInt(args[i]);
            }
            else
            {
                seconds = Integer.parseInt(args[i]);
            }
        }
        final Meter[] meters = new Meter[threads];
        final Thread[] running = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            meters[i] = new Meter(seconds * 1_000_000_000L);
            running[i] = new Thread(meters[i], "hiccup-" + i);
            running[i].start();
        }
        for (final Thread thread : running)
        {
            thread.join();
        }

        final int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%d busy thread(s), %d s each, %d cores%n", threads, seconds, cores);
        final StringBuilder jsonThreads = new StringBuilder();
        long worstP99 = 0;
        long worstP999 = 0;
        for (int i = 0; i < threads; i++)
        {
            final Meter m = meters[i];
            final long p99 = floor(m.gaps, m.recorded, m.durationNanos, 0.99);
            final long p999 = floor(m.gaps, m.recorded, m.durationNanos, 0.999);
            worstP99 = Math.max(worstP99, p99);
            worstP999 = Math.max(worstP999, p999);
            final StringBuilder line = new StringBuilder();
            line.append(String.format(Locale.ROOT, "thread %d: max gap %.3f ms, time lost in gaps >= 20 us %.2f%%",
                i, m.maxGap / 1e6, 100.0 * m.lostNanos / m.durationNanos));
            for (int t = 0; t < THRESHOLDS_NANOS.length; t++)
            {
                line.append(String.format(Locale.ROOT, ", gaps >= %s: %d", label(THRESHOLDS_NANOS[t]), m.counts[t]));
            }
            line.append(String.format(Locale.ROOT, "; floor for evenly spread events: p99 %s, p99.9 %s",
                floorLabel(p99), floorLabel(p999)));
            if (m.recorded == MAX_GAPS)
            {
                line.append(" (gap store full: floors are lower bounds)");
            }
            System.out.println(line);
            jsonThreads.append(0 == i ? "" : ", ").append(String.format(Locale.ROOT,
                "{\"maxGapNanos\": %d, \"lostPercent\": %.3f, \"gapsOver1ms\": %d, \"floorP99Nanos\": %d, " +
                "\"floorP999Nanos\": %d}", m.maxGap, 100.0 * m.lostNanos / m.durationNanos, m.counts[2], p99, p999));
        }
        if (null != json)
        {
            Files.writeString(json, String.format(Locale.ROOT,
                "{\"threads\": %d, \"seconds\": %d, \"cores\": %d, \"floorP99Nanos\": %d, \"floorP999Nanos\": %d, " +
                "\"perThread\": [%s]}%n", threads, seconds, cores, worstP99, worstP999, jsonThreads),
                StandardCharsets.UTF_8);
        }
    }

    /**
     * The latency quantile a thread of zero cost would show for events due at evenly spread times over
     * {@code durationNanos}, each handled when the thread runs again after the gap it fell in: the least {@code L}
     * for which the gaps' time beyond {@code L} ({@code sum of max(0, g - L)}) is at most {@code 1 - quantile} of
     * the duration.
     *
     * @param gaps          the gaps in nanoseconds, in any order (sorted in place).
     * @param count         how many of {@code gaps} are filled.
     * @param durationNanos the length of the run the gaps fell in.
     * @param quantile      e.g. 0.99.
     * @return the floor in nanoseconds; 0 if the gaps are too few to reach the quantile at all.
     */
    static long floor(final long[] gaps, final int count, final long durationNanos, final double quantile)
    {
        Arrays.sort(gaps, 0, count);
        final double allowed = (1.0 - quantile) * durationNanos;
        // Walk the gaps from the longest down: with the k longest beyond L, the time beyond L is sum_k - k * L.
        double sum = 0;
        for (int k = 1; k <= count; k++)
        {
            final long gap = gaps[count - k];
            sum += gap;
            final long next = k < count ? gaps[count - k - 1] : 0;
            final double level = (sum - allowed) / k;
            if (level >= next)
            {
                return Math.max(0, (long)Math.ceil(level));
            }
        }
        return 0;
    }

    private static String floorLabel(final long nanos)
    {
        return nanos >= 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6) :
            String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }

    private static String label(final long nanos)
    {
        return nanos >= 1_000_000 ? nanos / 1_000_000 + " ms" : nanos / 1_000 + " us";
    }

    private static final class Meter implements Runnable
    {
        final long durationNanos;
        final long[] counts = new long[THRESHOLDS_NANOS.length];
        final long[] gaps = new long[MAX_GAPS];
        int recorded;
        long maxGap;
        long lostNanos;

        Meter(final long durationNanos)
        {
            this.durationNanos = durationNanos;
        }

        public void run()
        {
            // Touch the gap store before timing, so its page faults do not show up as gaps.
            Arrays.fill(gaps, 0L);
            final long start = System.nanoTime();
            final long end = start + durationNanos;
            long previous = start;
            long now;
            while ((now = System.nanoTime()) < end)
            {
                final long gap = now - previous;
                previous = now;
                if (gap >= RECORDED_GAP_NANOS)
                {
                    if (recorded < MAX_GAPS)
                    {
                        gaps[recorded++] = gap;
                    }
                    if (gap >= THRESHOLDS_NANOS[0])
                    {
                        lostNanos += gap;
                        maxGap = Math.max(maxGap, gap);
                        for (int t = 0; t < THRESHOLDS_NANOS.length; t++)
                        {
                            if (gap >= THRESHOLDS_NANOS[t])
                            {
                                counts[t]++;
                            }
                        }
                    }
                }
            }
        }
    }
}
