package io.ferrite.bench.latency;

import java.nio.file.Path;

import org.HdrHistogram.Histogram;

/**
 * What one pipeline did at one offered rate.
 *
 * @param pipeline     the pipeline's name.
 * @param rate         offered rate, events per second.
 * @param planned      events the run meant to publish (warm-up included).
 * @param published    events published; fewer than planned if the run was cut short because the pipeline fell
 *                     hopelessly behind (see {@link #saturated()}).
 * @param achievedRate events per second actually published over the whole run.
 * @param histogram    latencies recorded after warm-up, in nanoseconds, from intended send time to sink.
 * @param hlog         the HdrHistogram interval log written for the run.
 */
public record LatencyResult(
    String pipeline, long rate, long planned, long published, double achievedRate, Histogram histogram, Path hlog)
{
    /**
     * @return true if the run was stopped early because the pipeline could not keep up with the offered rate.
     */
    public boolean saturated()
    {
        return published < planned;
    }

    /**
     * @param percentile e.g. 99.9.
     * @return the latency at that percentile, in microseconds.
     */
    public double micros(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * @return the largest latency recorded, in microseconds.
     */
    public double maxMicros()
    {
        return histogram.getMaxValue() / 1000.0;
    }
}
