package io.ferrite.bench.latency;

import java.util.Locale;

/**
 * How much this machine itself stalls a busy thread, with no Ferrite code at all: each of N threads spins on
 * {@link System#nanoTime()} for the given seconds and counts the gaps between consecutive reads (time it was not
 * running: descheduled, hypervisor steal, interrupts, safepoints). A latency percentile cannot be lower than what
 * the machine takes away from the thread that would process the event.
 * <p>
 * Runs without a build, as a single source file:
 * {@code java bench/src/main/java/io/ferrite/bench/latency/HiccupMain.java [threads] [seconds]} (defaults 2 and 15:
 * two busy threads on a 2-core machine, as a busy-spin producer and engine are).
 */
public final class HiccupMain
{
    private static final long[] THRESHOLDS_NANOS = {20_000, 100_000, 1_000_000, 5_000_000};

    private HiccupMain()
    {
    }

    /**
     * @param args [threads] [seconds].
     * @throws InterruptedException if interrupted while waiting for the threads.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
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
        System.out.printf(Locale.ROOT, "%d busy thread(s), %d s each, %d cores%n", threads, seconds,
            Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < threads; i++)
        {
            final Meter m = meters[i];
            final StringBuilder line = new StringBuilder();
            line.append(String.format(Locale.ROOT, "thread %d: max gap %.3f ms, time lost in gaps >= 20 us %.2f%%",
                i, m.maxGap / 1e6, 100.0 * m.lostNanos / m.durationNanos));
            for (int t = 0; t < THRESHOLDS_NANOS.length; t++)
            {
                line.append(String.format(Locale.ROOT, ", gaps >= %s: %d", label(THRESHOLDS_NANOS[t]), m.counts[t]));
            }
            System.out.println(line);
        }
    }

    private static String label(final long nanos)
    {
        return nanos >= 1_000_000 ? nanos / 1_000_000 + " ms" : nanos / 1_000 + " us";
    }

    private static final class Meter implements Runnable
    {
        final long durationNanos;
        final long[] counts = new long[THRESHOLDS_NANOS.length];
        long maxGap;
        long lostNanos;

        Meter(final long durationNanos)
        {
            this.durationNanos = durationNanos;
        }

        public void run()
        {
            final long start = System.nanoTime();
            final long end = start + durationNanos;
            long previous = start;
            long now;
            while ((now = System.nanoTime()) < end)
            {
                final long gap = now - previous;
                previous = now;
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
