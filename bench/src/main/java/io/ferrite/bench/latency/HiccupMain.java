package io.ferrite.bench.latency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

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
 * producer and an engine that both busy-spin are two such threads, and an event waits if either is stalled when it
 * is due, or the engine when the producer has handed it over: with several threads it also works out the latencies
 * of a pipeline of zero cost through them in turn at 100,000 events/s (see {@link #pipeline}).
 * <p>
 * Runs without a build, as a single source file:
 * {@code java bench/src/main/java/io/ferrite/bench/latency/HiccupMain.java [threads] [seconds] [--json FILE]}
 * (defaults 2 and 15: two busy threads on a 2-core machine, as a busy-spin producer and engine are). With
 * {@code --json} it also writes the figures as one JSON object (run-goals.sh's {@code hiccup.json}).
 */
public final class HiccupMain
{
    private static final long[] THRESHOLDS_NANOS = {20_000, 100_000, 1_000_000, 5_000_000};
    /** Where {@link #THRESHOLDS_NANOS} holds 1 ms. */
    private static final int ONE_MS_THRESHOLD = 2;
    /** Gaps shorter than this are the loop's own pace and a few cache misses; not recorded. */
    static final long RECORDED_GAP_NANOS = 1_000;
    /**
     * Gaps kept per thread (with their start times, 32 MiB a thread): at the 1-10 thousand gaps a second of a noisy
     * machine, half an hour to several minutes; beyond it only the counters go on and the floors are lower bounds.
     */
    private static final int MAX_GAPS = 1 << 21;
    /** Events every 10 us, as a run at 100,000 events/s offers them. */
    static final long PIPELINE_INTERVAL_NANOS = 10_000;
    /**
     * Where the lengths of gaps of 20 us and more are split for the report: 20-30, 30-40, 40-60, 60-100 us,
     * 100 us-1 ms, 1 ms and more. The short end is what a virtual CPU loses to each of the guest kernel's timer ticks
     * on a host where every tick costs a VM exit; whether 20 us is crossed there decides a 20 us percentile.
     */
    static final long[] LENGTH_EDGES_NANOS = {20_000, 30_000, 40_000, 60_000, 100_000, 1_000_000, Long.MAX_VALUE};
    /** The resolution of the most common spacing between gaps: 0.1 ms, so a 250 Hz tick reads 4.0 ms. */
    static final long SPACING_BIN_NANOS = 100_000;
    /** Spacings up to this are binned for the most common one; longer ones are not periodic work of interest. */
    private static final long MAX_BINNED_SPACING_NANOS = 100_000_000;

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
        if (threads < 1 || seconds < 1)
        {
            throw new IllegalArgumentException("threads and seconds must be at least 1: " + threads + ", " + seconds);
        }
        // Every meter exists before any thread starts, and all start timing together, so that no thread counts as a
        // gap the time the others take to get going.
        final CyclicBarrier go = new CyclicBarrier(threads);
        final Meter[] meters = new Meter[threads];
        final Thread[] running = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            meters[i] = new Meter(seconds * 1_000_000_000L, go);
            running[i] = new Thread(meters[i], "hiccup-" + i);
        }
        for (final Thread thread : running)
        {
            thread.start();
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
        boolean full = false;
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
            final long[] byLength = countByLength(m.gaps, m.recorded);
            line.append(String.format(Locale.ROOT, "%n  gaps >= 20 us by length: 20-30 us %d, 30-40 us %d, 40-60 us %d, " +
                "60-100 us %d, 100 us-1 ms %d, >= 1 ms %d", byLength[0], byLength[1], byLength[2], byLength[3],
                byLength[4], byLength[5]));
            final long[] spacing = spacing(m.starts, m.gaps, m.recorded, THRESHOLDS_NANOS[0]);
            line.append(String.format(Locale.ROOT, "; time from one to the next: median %.2f ms, most often %.1f ms",
                spacing[0] / 1e6, spacing[1] / 1e6));
            if (m.recorded == MAX_GAPS)
            {
                line.append(" (gap store full: floors are lower bounds)");
                full = true;
            }
            System.out.println(line);
            jsonThreads.append(0 == i ? "" : ", ").append(String.format(Locale.ROOT,
                "{\"maxGapNanos\": %d, \"lostPercent\": %.3f, \"gapsAtLeast1ms\": %d, \"floorP99Nanos\": %d, " +
                "\"floorP999Nanos\": %d, \"gapsByLength\": %s, \"medianSpacingNanos\": %d, " +
                "\"commonestSpacingNanos\": %d}", m.maxGap, 100.0 * m.lostNanos / m.durationNanos,
                m.counts[ONE_MS_THRESHOLD], p99, p999, Arrays.toString(byLength), spacing[0], spacing[1]));
        }
        // A pipeline through the threads in order (a producer, then an engine), paced at 100k events/s.
        final long[][] starts = new long[threads][];
        final long[][] gaps = new long[threads][];
        final int[] counts = new int[threads];
        long from = Long.MIN_VALUE;
        long until = Long.MAX_VALUE;
        for (int i = 0; i < threads; i++)
        {
            starts[i] = meters[i].starts;
            gaps[i] = meters[i].gaps;
            counts[i] = meters[i].recorded;
            from = Math.max(from, meters[i].startNanos);
            until = Math.min(until, meters[i].startNanos + meters[i].durationNanos);
        }
        final long[] latencies = pipeline(starts, gaps, counts, from, Math.max(0, until - from), PIPELINE_INTERVAL_NANOS);
        final long pipelineP99 = percentile(latencies, 0.99);
        final long pipelineP999 = percentile(latencies, 0.999);
        if (threads > 1)
        {
            System.out.printf(Locale.ROOT, "a pipeline through the %d threads in turn, 100k events/s: floor p99 %s, " +
                "p99.9 %s%s%n", threads, floorLabel(pipelineP99), floorLabel(pipelineP999),
                full ? " (gap store full: lower bounds)" : "");
        }
        if (null != json)
        {
            Files.writeString(json, String.format(Locale.ROOT,
                "{\"threads\": %d, \"seconds\": %d, \"cores\": %d, \"floorP99Nanos\": %d, \"floorP999Nanos\": %d, " +
                "\"pipelineFloorP99Nanos\": %d, \"pipelineFloorP999Nanos\": %d, \"gapStoreFull\": %b, " +
                "\"perThread\": [%s]}%n", threads, seconds, cores, worstP99, worstP999, pipelineP99, pipelineP999, full,
                jsonThreads), StandardCharsets.UTF_8);
        }
    }

    /**
     * The latency quantile a thread of zero cost would show for events due at evenly spread times over
     * {@code durationNanos}, each handled when the thread runs again after the gap it fell in: the least {@code L}
     * for which the gaps' time beyond {@code L} ({@code sum of max(0, g - L)}) is at most {@code 1 - quantile} of
     * the duration.
     *
     * @param unsorted      the gaps in nanoseconds, in any order (left as they are).
     * @param count         how many of {@code gaps} are filled.
     * @param durationNanos the length of the run the gaps fell in.
     * @param quantile      e.g. 0.99.
     * @return the floor in nanoseconds; 0 if the gaps are too few to reach the quantile at all.
     */
    static long floor(final long[] unsorted, final int count, final long durationNanos, final double quantile)
    {
        final long[] gaps = Arrays.copyOf(unsorted, count);
        Arrays.sort(gaps);
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
                // Less a trace: 1 - quantile is not exact in binary, and a level that is a whole nanosecond must not
                // round up to the next one.
                return Math.max(0, (long)Math.ceil(level - 1e-3));
            }
        }
        return 0;
    }

    /**
     * How many of the gaps fall between each two of {@link #LENGTH_EDGES_NANOS}.
     *
     * @param gaps  the gaps in nanoseconds, in any order.
     * @param count how many of {@code gaps} are filled.
     * @return one count per length class, from 20-30 us to 1 ms and more; shorter gaps are not counted.
     */
    static long[] countByLength(final long[] gaps, final int count)
    {
        final long[] counts = new long[LENGTH_EDGES_NANOS.length - 1];
        for (int i = 0; i < count; i++)
        {
            for (int b = 0; b < counts.length; b++)
            {
                if (gaps[i] >= LENGTH_EDGES_NANOS[b] && gaps[i] < LENGTH_EDGES_NANOS[b + 1])
                {
                    counts[b]++;
                    break;
                }
            }
        }
        return counts;
    }

    /**
     * The time from the start of one gap of at least {@code minGap} to the start of the next: its median and its most
     * common value, to the nearest {@link #SPACING_BIN_NANOS}. A periodic cause shows as a most common spacing
     * equal to its period: a guest kernel's timer tick at 250 Hz as 4.0 ms.
     *
     * @param starts when each gap began, in time order.
     * @param gaps   each gap's length.
     * @param count  how many are filled.
     * @param minGap the shortest gap taken into account.
     * @return {median, most common}, in nanoseconds; zeros with fewer than two such gaps.
     */
    static long[] spacing(final long[] starts, final long[] gaps, final int count, final long minGap)
    {
        final long[] spacings = new long[Math.max(0, count - 1)];
        int n = 0;
        long previous = -1;
        boolean first = true;
        for (int i = 0; i < count; i++)
        {
            if (gaps[i] >= minGap)
            {
                if (!first)
                {
                    spacings[n++] = starts[i] - previous;
                }
                previous = starts[i];
                first = false;
            }
        }
        if (n == 0)
        {
            return new long[] {0, 0};
        }
        Arrays.sort(spacings, 0, n);
        // Bins centred on whole multiples of the resolution, so that a period of exactly 4 ms, read a little
        // either side of it, falls in one bin.
        final int[] bins = new int[(int)(MAX_BINNED_SPACING_NANOS / SPACING_BIN_NANOS) + 1];
        for (int i = 0; i < n && spacings[i] < MAX_BINNED_SPACING_NANOS; i++)
        {
            bins[(int)((spacings[i] + SPACING_BIN_NANOS / 2) / SPACING_BIN_NANOS)]++;
        }
        int commonest = 0;
        for (int b = 1; b < bins.length; b++)
        {
            if (bins[b] > bins[commonest])
            {
                commonest = b;
            }
        }
        final long mode = 0 == bins[commonest] ? 0 : commonest * SPACING_BIN_NANOS;
        return new long[] {spacings[(n - 1) / 2], mode};
    }

    /**
     * The latency of a pipeline of zero cost through the threads in order (a producer, then an engine), for events
     * due every {@code intervalNanos}: the first thread takes an event when it next runs at or after its due time,
     * each later thread when it next runs after the one before took it.
     *
     * @param starts        per thread, when each gap began, in time order.
     * @param lengths       per thread, each gap's length.
     * @param counts        per thread, how many gaps are filled.
     * @param from          the first event's due time ({@link System#nanoTime()}).
     * @param durationNanos how long events keep coming.
     * @param intervalNanos the time between two events.
     * @return each event's latency, sorted.
     */
    static long[] pipeline(
        final long[][] starts,
        final long[][] lengths,
        final int[] counts,
        final long from,
        final long durationNanos,
        final long intervalNanos)
    {
        final long[] latencies = new long[(int)(durationNanos / intervalNanos)];
        for (int e = 0; e < latencies.length; e++)
        {
            final long due = from + e * intervalNanos;
            long at = due;
            for (int t = 0; t < counts.length; t++)
            {
                at = nextRunning(starts[t], lengths[t], counts[t], at);
            }
            latencies[e] = at - due;
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /** The first time at or after {@code time} that a thread with these gaps (in time order) was running. */
    private static long nextRunning(final long[] starts, final long[] lengths, final int count, final long time)
    {
        int low = 0;
        int high = count - 1;
        int last = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (starts[mid] <= time)
            {
                last = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return last >= 0 && time < starts[last] + lengths[last] ? starts[last] + lengths[last] : time;
    }

    private static long percentile(final long[] sorted, final double quantile)
    {
        return 0 == sorted.length ? 0 : sorted[Math.min(sorted.length - 1, (int)Math.ceil(quantile * sorted.length) - 1)];
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
        final CyclicBarrier go;
        long startNanos;
        final long[] counts = new long[THRESHOLDS_NANOS.length];
        final long[] gaps = new long[MAX_GAPS];
        /** When each recorded gap began ({@link System#nanoTime()}), for the pipeline floor. */
        final long[] starts = new long[MAX_GAPS];
        int recorded;
        long maxGap;
        long lostNanos;

        Meter(final long durationNanos, final CyclicBarrier go)
        {
            this.durationNanos = durationNanos;
            this.go = go;
        }

        public void run()
        {
            try
            {
                go.await();
            }
            catch (final InterruptedException | BrokenBarrierException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            final long start = System.nanoTime();
            startNanos = start;
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
                        starts[recorded] = now - gap;
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
