package io.ferrite.tools;

import io.ferrite.engine.Engine;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes an engine's latency as an HdrHistogram interval log: one histogram per second (the difference between two
 * readings of {@link Engine#latencyHistogram(Histogram)}), so a stall shows at the time it happened, not only in the
 * percentiles of the whole run. Runs on a daemon thread of its own, off the producer's path, that wakes once a second
 * and allocates no histogram after the first: a busy-spinning engine on a machine with no spare core pays for every
 * microsecond of it.
 */
final class LatencyLog implements AutoCloseable
{
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Engine engine;
    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final Thread thread;
    private final long startMillis = System.currentTimeMillis();
    private Histogram previous;
    private Histogram current;
    private final Histogram interval;
    private volatile boolean running = true;

    private LatencyLog(final Engine engine, final PrintStream out)
    {
        this.engine = engine;
        this.out = out;
        this.writer = new HistogramLogWriter(out);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputLegend();
        previous = engine.latencyHistogram();
        current = previous.copy();
        interval = previous.copy();
        thread = new Thread(this::run, "ferrite-hlog");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param engine the started engine.
     * @param file   where to write the log.
     * @return the running log.
     * @throws ToolException if the file cannot be created.
     */
    static LatencyLog start(final Engine engine, final Path file)
    {
        try
        {
            return new LatencyLog(engine, new PrintStream(file.toFile(), java.nio.charset.StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new ToolException("cannot write the latency log " + file + ": " + ex.getMessage(), ex);
        }
    }

    private void run()
    {
        long next = System.nanoTime() + INTERVAL_NANOS;
        while (running)
        {
            final long wait = next - System.nanoTime();
            if (wait > 0)
            {
                LockSupport.parkNanos(wait);
                continue;
            }
            next += INTERVAL_NANOS;
            writeInterval();
        }
    }

    private synchronized void writeInterval()
    {
        final long nowMillis = System.currentTimeMillis();
        engine.latencyHistogram(current);
        current.copyInto(interval);
        interval.subtract(previous);
        interval.setStartTimeStamp(null == previous || 0 == previous.getEndTimeStamp() ?
            startMillis : previous.getEndTimeStamp());
        interval.setEndTimeStamp(nowMillis);
        current.setEndTimeStamp(nowMillis);
        writer.outputIntervalHistogram(interval);
        out.flush();
        final Histogram swap = previous;
        previous = current;
        current = swap;
    }

    /**
     * Write the last, partial interval and close the file.
     */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        writeInterval();
        out.close();
    }
}
