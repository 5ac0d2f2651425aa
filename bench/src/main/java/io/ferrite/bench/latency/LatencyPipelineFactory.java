package io.ferrite.bench.latency;

import java.nio.file.Path;

/**
 * Opens one kind of pipeline for the latency harness. Each is named on the command line ({@code --pipelines}).
 */
public interface LatencyPipelineFactory
{
    /**
     * @return the name used on the command line and in results, e.g. "hand-wired".
     */
    String name();

    /**
     * @return one line on what the pipeline is.
     */
    String description();

    /**
     * Build and start a pipeline.
     *
     * @param config    payload size, wait strategy, flush and ring size to use.
     * @param directory an empty directory for its journal; the harness deletes it after the run.
     * @param sink      to call, on the pipeline's sink thread, once per event that has passed through.
     * @return the running pipeline.
     */
    LatencyPipeline open(LatencyConfig config, Path directory, LatencySink sink);
}
