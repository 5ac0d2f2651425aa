package io.ferrite.bench.latency;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.Drain;

/**
 * Runs one pipeline at one offered rate and records its latency.
 * <p>
 * <b>Method.</b> A producer thread sends event {@code i} at its intended time {@code start + i / rate} (waiting for
 * it by yielding or spinning, see {@link LatencyConfig.Pacer}) and publishes it carrying that intended time. The
 * pipeline's sink records {@code now - intended} (see {@link LatencySink}). If the pipeline stalls, the producer is
 * held up in {@code publish} and then sends the overdue events back to back; each is still measured from when it
 * was due, so the stall is charged to every event it delayed (coordinated-omission correction, as in Gil Tene's
 * HdrHistogram and wrk2). Events due during the warm-up, at the same rate, are not recorded; every event due after it
 * is, so a run records exactly {@code rate x duration} latencies. The main thread takes an interval histogram every
 * {@value #INTERVAL_MILLIS} ms, writes it to the run's {@code .hlog} file and adds it to the run's total. A pipeline that falls so far behind that the run would last more than twice its planned time plus
 * the stall timeout ({@link LatencyConfig#stallTimeoutMillis()}) is stopped early and reported as saturated; one that
 * takes no event for a further stall timeout fails the run instead of hanging it.
 */
public final class LatencyHarness
{
    /** How often an interval histogram is logged. */
    public static final long INTERVAL_MILLIS = 1_000;

    private LatencyHarness()
    {
    }

    /**
     * Run {@code factory}'s pipeline at {@code rate}.
     *
     * @param factory   opens the pipeline.
     * @param config    warm-up, duration, pacing and pipeline settings.
     * @param rate      offered events per second.
     * @param hlogFile  where to write the interval log.
     * @return the latencies and counts.
     * @throws IllegalStateException if the pipeline or the producer failed, naming which.
     */
    public static LatencyResult run(
        final LatencyPipelineFactory factory, final LatencyConfig config, final long rate, final Path hlogFile)
    {
        final long planned = Math.max(1, rate * (config.warmupMillis() + config.durationMillis()) / 1000);
        final long stallNanos = TimeUnit.MILLISECONDS.toNanos(config.stallTimeoutMillis());
        final long limitNanos = TimeUnit.MILLISECONDS.toNanos(
            2 * (config.warmupMillis() + config.durationMillis())) + stallNanos;
        final Path directory = BenchFiles.newDirectory("latency-" + factory.name());
        final LatencySink sink = new LatencySink();
        final SingleWriterRecorder recorder = sink.recorder();
        final Histogram total = new Histogram(1, LatencySink.HIGHEST_TRACKABLE_NANOS, LatencySink.SIGNIFICANT_DIGITS);
        final HistogramLogWriter log = openLog(hlogFile);
        final Producer producer;
        try (LatencyPipeline pipeline = factory.open(config, directory, sink))
        {
            // Start a little in the future so the first intended send time is not already overdue.
            final long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            final long measureFromNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(config.warmupMillis());
            sink.recordFrom(measureFromNanos);
            producer = new Producer(pipeline, rate, planned, startNanos, config.pacer());
            final Thread thread = new Thread(producer, "latency-producer-" + factory.name());
            thread.setDaemon(true);
            final long startMillis = System.currentTimeMillis();
            log.outputComment("ferrite-bench latency: pipeline=" + factory.name() + " rate=" + rate +
                "/s payload=" + config.payloadSize() + "B wait=" + config.waitKind().paramName() +
                " flush=" + config.flush() + " pacer=" + config.pacer().name().toLowerCase(java.util.Locale.ROOT) +
                " values in ns, from intended send time to sink");
            log.outputLogFormatVersion();
            log.outputStartTime(startMillis);
            log.setBaseTime(startMillis);
            log.outputLegend();
            thread.start();

            // Nothing is recorded during warm-up (the sink drops events due before measureFromNanos), so the log
            // starts when the measured events fall due. Whatever the recorder holds by then is measured events
            // recorded in the meantime: keep it, or a run would lose some of its rate x duration latencies.
            join(thread, TimeUnit.NANOSECONDS.toMillis(measureFromNanos - System.nanoTime()));
            Histogram interval = recorder.getIntervalHistogram();
            log.outputIntervalHistogram(interval);
            total.add(interval);
            while (thread.isAlive())
            {
                join(thread, INTERVAL_MILLIS);
                final long elapsedNanos = System.nanoTime() - startNanos;
                if (elapsedNanos > limitNanos)
                {
                    producer.stop();
                }
                if (elapsedNanos > limitNanos + stallNanos && thread.isAlive())
                {
                    // The producer cannot even reach its stop check: a stage has stopped taking events.
                    throw new IllegalStateException(factory.name() + " stopped taking events: the producer is still" +
                        " blocked " + config.stallTimeoutMillis() + " ms after it was told to stop, with " +
                        sink.completed() + " outputs recorded");
                }
                interval = recorder.getIntervalHistogram(interval);
                log.outputIntervalHistogram(interval);
                total.add(interval);
            }
            producer.checkFailure(factory.name());
            Drain.await(sink::completed, producer.published(), stallNanos, factory.name());
            interval = recorder.getIntervalHistogram(interval);
            log.outputIntervalHistogram(interval);
            total.add(interval);
        }
        finally
        {
            log.close();
            BenchFiles.delete(directory);
        }
        final double seconds = (producer.lastSendNanos() - producer.startNanos()) / 1e9;
        final double achieved = seconds > 0 ? (producer.published() - 1) / seconds : 0;
        return new LatencyResult(factory.name(), rate, planned, producer.published(), achieved, total, hlogFile);
    }

    private static HistogramLogWriter openLog(final Path hlogFile)
    {
        try
        {
            return new HistogramLogWriter(hlogFile.toFile());
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException("cannot write the histogram log " + hlogFile, ex);
        }
    }

    private static void join(final Thread thread, final long millis)
    {
        if (millis <= 0)
        {
            return;
        }
        try
        {
            thread.join(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), ex);
        }
    }

    /**
     * Sends events at their intended times. Runs on its own thread; no allocation per event.
     */
    static final class Producer implements Runnable
    {
        private final LatencyPipeline pipeline;
        private final long rate;
        private final long planned;
        private final long startNanos;
        private final LatencyConfig.Pacer pacer;
        private volatile boolean stop;
        private volatile Throwable failure;
        private volatile long published;
        private volatile long lastSendNanos;

        Producer(
            final LatencyPipeline pipeline, final long rate, final long planned, final long startNanos,
            final LatencyConfig.Pacer pacer)
        {
            this.pipeline = pipeline;
            this.rate = rate;
            this.planned = planned;
            this.startNanos = startNanos;
            this.pacer = pacer;
            this.lastSendNanos = startNanos;
        }

        @Override
        public void run()
        {
            final LatencyPipeline pipeline = this.pipeline;
            final long rate = this.rate;
            final long startNanos = this.startNanos;
            final boolean spin = pacer == LatencyConfig.Pacer.SPIN;
            long sent = 0;
            try
            {
                for (long i = 0; i < planned; i++)
                {
                    if ((i & 1023) == 0 && stop)
                    {
                        break;
                    }
                    // Computed from the start, not accumulated, so rounding never drifts the offered rate.
                    final long intended = startNanos + i * 1_000_000_000L / rate;
                    while (intended - System.nanoTime() > 0)
                    {
                        if (spin)
                        {
                            Thread.onSpinWait();
                        }
                        else
                        {
                            Thread.yield();
                        }
                    }
                    pipeline.publish(intended);
                    sent = i + 1;
                }
            }
            catch (final RuntimeException | Error ex)
            {
                failure = ex;
            }
            finally
            {
                lastSendNanos = System.nanoTime();
                published = sent;
            }
        }

        void stop()
        {
            stop = true;
        }

        void checkFailure(final String pipelineName)
        {
            final Throwable failure = this.failure;
            if (null != failure)
            {
                throw new IllegalStateException(
                    pipelineName + ": publishing failed after " + published + " events", failure);
            }
        }

        long published()
        {
            return published;
        }

        long startNanos()
        {
            return startNanos;
        }

        long lastSendNanos()
        {
            return lastSendNanos;
        }
    }
}
