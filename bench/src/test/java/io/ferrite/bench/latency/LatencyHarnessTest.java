package io.ferrite.bench.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferrite.bench.report.LatencySummary;

@Timeout(120)
class LatencyHarnessTest
{
    @TempDir
    Path out;

    @Test
    void shouldMeasureTheHandWiredPipelineAndWriteHlogAndSummary() throws Exception
    {
        measureOnePipeline("hand-wired");
    }

    @Test
    void shouldMeasureFerritesEngineAndWriteHlogAndSummary() throws Exception
    {
        measureOnePipeline("ferrite");
    }

    private void measureOnePipeline(final String pipeline) throws Exception
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int exit = LatencyMain.run(
            new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
            "--pipelines", pipeline, "--rates", "20k", "--warmup", "200ms", "--duration", "500ms",
            "--wait", "sleeping", "--ring", "4096", "--out", out.toString());
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8));

        final LatencySummary summary = LatencySummary.read(out.resolve(LatencyMain.SUMMARY_FILE));
        assertEquals(1, summary.runs().size());
        final LatencySummary.Run run = summary.runs().get(0);
        assertEquals(pipeline, run.pipeline());
        assertEquals(20_000, run.rate());
        assertFalse(run.saturated(), "20k events/s must not saturate the pipeline");
        assertEquals(10_000, run.recorded(), "exactly the events due in the 500 ms after warm-up, at 20k/s");
        assertTrue(run.percentiles().get("p50") <= run.percentiles().get("p99"), run.percentiles().toString());
        assertTrue(run.percentiles().get("p99") <= run.percentiles().get("max"), run.percentiles().toString());
        assertFalse(run.distribution().isEmpty());

        // HdrHistogram's own reader must read the interval log, and it must hold every recorded latency.
        long logged = 0;
        final HistogramLogReader reader = new HistogramLogReader(out.resolve(pipeline + "-20000.hlog").toFile());
        EncodableHistogram interval;
        while (null != (interval = reader.nextIntervalHistogram()))
        {
            logged += ((org.HdrHistogram.Histogram)interval).getTotalCount();
        }
        assertEquals(run.recorded(), logged);
    }

    @Test
    void shouldChargeAStallToEveryEventItDelayedNotOnlyToTheStalledOne() throws IOException
    {
        // 10k events/s, one 100 ms stall: about 1000 events were due during it. Measured from their intended send
        // times, all of them are late; measured from when they were actually sent, only the stalled one would be.
        final long stallNanos = TimeUnit.MILLISECONDS.toNanos(100);
        final LatencyConfig config = LatencyConfig.parse("--warmup", "0ms", "--duration", "1s");
        final LatencyResult result = LatencyHarness.run(
            new StallingPipelineFactory(2_000, stallNanos), config, 10_000, out.resolve("stall.hlog"));

        assertEquals(10_000, result.published());
        assertEquals(10_000, result.histogram().getTotalCount());
        final long lateEvents = result.histogram().getCountBetweenValues(
            TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        assertTrue(lateEvents >= 500, "events charged with the stall: " + lateEvents);
        assertTrue(result.maxMicros() >= 90_000, "max " + result.maxMicros() + " us");
        assertTrue(Files.size(out.resolve("stall.hlog")) > 0);
    }

    @Test
    void shouldFailARunWhosePipelineStopsTakingEventsInsteadOfHanging()
    {
        final LatencyConfig config =
            LatencyConfig.parse("--warmup", "0ms", "--duration", "200ms", "--stall-timeout", "1s");
        final IllegalStateException stuck = assertThrows(IllegalStateException.class, () -> LatencyHarness.run(
            new StuckPipelineFactory(100), config, 10_000, out.resolve("stuck.hlog")));
        assertTrue(stuck.getMessage().contains("stuck stopped taking events") &&
            stuck.getMessage().contains("99 outputs"), stuck.getMessage());
    }

    @Test
    void shouldRejectBadUsageWithExitCodeTwoNamingTheOption()
    {
        assertUsageError("--rates", "--rates", "0");
        assertUsageError("--rates", "--rates", "fast");
        assertUsageError("unknown pipeline 'nope'", "--pipelines", "nope");
        assertUsageError("--ring must be a power of two", "--ring", "1000");
        assertUsageError("--payload must be at least 8", "--payload", "4");
        assertUsageError("--wait", "--wait", "spin-fast");
        assertUsageError("--duration needs a value", "--duration");
        assertUsageError("--flush must be NONE or BATCH", "--flush", "ALWAYS");
        assertUsageError("--stall-timeout must be > 0", "--stall-timeout", "0s");
    }

    private void assertUsageError(final String expected, final String... args)
    {
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int exit = LatencyMain.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8), args);
        final String text = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, text);
        assertTrue(text.contains(expected), text);
    }

    /**
     * A pipeline whose sink is the publishing thread itself, and which stalls once, at a chosen event.
     */
    private static final class StallingPipelineFactory implements LatencyPipelineFactory
    {
        private final long stallAtEvent;
        private final long stallNanos;

        StallingPipelineFactory(final long stallAtEvent, final long stallNanos)
        {
            this.stallAtEvent = stallAtEvent;
            this.stallNanos = stallNanos;
        }

        @Override
        public String name()
        {
            return "stalling";
        }

        @Override
        public String description()
        {
            return "test pipeline that stalls once";
        }

        @Override
        public LatencyPipeline open(final LatencyConfig config, final Path directory, final LatencySink sink)
        {
            return new LatencyPipeline()
            {
                private long published;

                @Override
                public void publish(final long intendedSendNanos)
                {
                    if (++published == stallAtEvent)
                    {
                        // The behaviour under test: a pipeline that does not take events for a while.
                        final long until = System.nanoTime() + stallNanos;
                        while (System.nanoTime() - until < 0)
                        {
                            Thread.yield();
                        }
                    }
                    sink.onOutput(intendedSendNanos);
                }

                @Override
                public void close()
                {
                }
            };
        }
    }

    /**
     * A pipeline whose publish blocks from a chosen event on, as one with a dead stage would, until it is closed.
     */
    private static final class StuckPipelineFactory implements LatencyPipelineFactory
    {
        private final long stuckAtEvent;

        StuckPipelineFactory(final long stuckAtEvent)
        {
            this.stuckAtEvent = stuckAtEvent;
        }

        @Override
        public String name()
        {
            return "stuck";
        }

        @Override
        public String description()
        {
            return "test pipeline that stops taking events";
        }

        @Override
        public LatencyPipeline open(final LatencyConfig config, final Path directory, final LatencySink sink)
        {
            final CountDownLatch closed = new CountDownLatch(1);
            return new LatencyPipeline()
            {
                private long published;

                @Override
                public void publish(final long intendedSendNanos)
                {
                    if (++published >= stuckAtEvent)
                    {
                        try
                        {
                            closed.await();
                        }
                        catch (final InterruptedException ex)
                        {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("pipeline closed");
                    }
                    sink.onOutput(intendedSendNanos);
                }

                @Override
                public void close()
                {
                    closed.countDown();
                }
            };
        }
    }
}
