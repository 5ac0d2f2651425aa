package io.ferrite.bench.latency;

import org.HdrHistogram.SingleWriterRecorder;

import io.ferrite.bench.PaddedCounter;

/**
 * Where a pipeline's sink reports each event that came all the way through. Records the latency from the event's
 * intended send time to now, which is what corrects for coordinated omission: a producer held up by a stalled
 * pipeline does not send late and report short latencies, the delay is charged to every event it held up.
 * <p>
 * Threading: {@link #onOutput(long)} from one thread only (the sink's); the harness reads the recorder and
 * {@link #completed()} from others. No allocation per call.
 */
public final class LatencySink
{
    /** Latencies are recorded in nanoseconds up to this bound; longer ones are recorded as this value. */
    public static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;
    /** Significant decimal digits HdrHistogram keeps: 3 gives 0.1% resolution at every magnitude. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder recorder =
        new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final PaddedCounter completed = new PaddedCounter();
    private long count;
    /**
     * Events due before this are warm-up: counted, not recorded. Set by the harness before its producer starts;
     * the sink thread sees it because every event it reads was published after that start (thread start, then the
     * ring's release/acquire publication, order the write before the read).
     */
    private long recordFromNanos = Long.MIN_VALUE;

    /**
     * Record one event that has reached the sink.
     *
     * @param intendedSendNanos the intended send time it was published with.
     */
    public void onOutput(final long intendedSendNanos)
    {
        if (intendedSendNanos - recordFromNanos >= 0)
        {
            final long latency = System.nanoTime() - intendedSendNanos;
            recorder.recordValue(Math.max(1, Math.min(latency, HIGHEST_TRACKABLE_NANOS)));
        }
        completed.setRelease(++count);
    }

    /**
     * Record only events whose intended send time is at or after {@code nanos}: the measurement covers exactly the
     * events due in the measured period, whatever the pipeline's backlog when warm-up ended. Call before any event is
     * published.
     *
     * @param nanos a {@link System#nanoTime()} value.
     */
    public void recordFrom(final long nanos)
    {
        recordFromNanos = nanos;
    }

    /**
     * @return events recorded so far.
     */
    public long completed()
    {
        return completed.get();
    }

    /**
     * @return the recorder the harness takes interval histograms from.
     */
    public SingleWriterRecorder recorder()
    {
        return recorder;
    }
}
