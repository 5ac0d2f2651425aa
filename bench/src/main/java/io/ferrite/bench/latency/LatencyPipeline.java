package io.ferrite.bench.latency;

/**
 * A pipeline under test in the latency harness: events go in through {@link #publish(long)}; for every event, the
 * pipeline's sink calls {@link LatencySink#onOutput(long)} with the intended send time it was published with.
 * <p>
 * Threading: {@code publish} from the harness's single producer thread; the sink callback from the pipeline's own
 * sink thread. Neither may allocate per event.
 */
public interface LatencyPipeline extends AutoCloseable
{
    /**
     * Publish one event. Blocks (with the pipeline's own back-pressure) while the pipeline is full: the harness
     * charges that wait to latency, because it measures from the intended send time.
     *
     * @param intendedSendNanos the {@link System#nanoTime()} at which the event was due to be sent; the pipeline
     *                          carries it to the sink unchanged.
     */
    void publish(long intendedSendNanos);

    /**
     * Stop the pipeline and release its threads and files. The harness calls it after the last output arrived.
     */
    @Override
    void close();
}
