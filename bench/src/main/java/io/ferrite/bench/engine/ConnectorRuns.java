package io.ferrite.bench.engine;

import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.alternatives.BareContext;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.engine.Engine;
import io.ferrite.engine.SourceSpec;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Sink;
import io.ferrite.engine.processor.Workload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What the connector benchmarks ({@link CsvToSqliteBenchmark}, {@link KafkaFraudBenchmark}) share: their input, the
 * workload's first events encoded as text lines, and one engine run from the source through the workload's pipeline to
 * one tracked sink, until the source ends and every output is delivered.
 */
final class ConnectorRuns
{
    /**
     * Receives one encoded line, newline included.
     */
    @FunctionalInterface
    interface LineConsumer
    {
        /**
         * @param line   the line's bytes from index 0, valid until the next call.
         * @param length the line's length, its final newline included.
         * @throws IOException if the line cannot be written.
         */
        void accept(byte[] line, int length) throws IOException;
    }

    private ConnectorRuns()
    {
    }

    /**
     * Generate a workload's events 1..{@code events} with the benchmarks' seed and encode each as a text line.
     *
     * @param workload the workload (its generator).
     * @param codec    the codec for the workload's schema and the text format wanted.
     * @param events   how many.
     * @param consumer receives each line.
     * @throws IOException if the consumer cannot write a line.
     */
    static void encodeEvents(
        final Workload workload, final EventTextCodec codec, final int events, final LineConsumer consumer)
        throws IOException
    {
        final EventGenerator generator = workload.newGenerator(WorkloadBenchmark.SEED);
        final BareContext event = new BareContext(workload.maxEventLength());
        for (long i = 1; i <= events; i++)
        {
            event.reset(i);
            generator.generate(event);
            final int length = codec.encode(event.type(), event.timestamp(), event.buffer(), 0, event.length());
            consumer.accept(codec.line().byteArray(), length);
        }
    }

    /**
     * Run a fresh engine from {@code source} through the workload's pipeline to {@code sink} until the source ends,
     * stop it and check that it journaled and delivered exactly {@code events}; then close it (the caller closes the
     * sink).
     *
     * @param workload  the workload (its pipeline and event length).
     * @param run       the invocation's directory; the engine's data directory is {@code data} below it.
     * @param sinkName  the sink's name.
     * @param sink      the tracked sink.
     * @param delivered how many outputs the sink has delivered.
     * @param source    the source.
     * @param events    how many events the source holds.
     * @param unit      what the sink's outputs are called, for the error message ("rows", "records").
     * @throws IllegalStateException if the engine did not drain or the counts differ.
     */
    static void runToEnd(
        final Workload workload,
        final Path run,
        final String sinkName,
        final Sink sink,
        final LongSupplier delivered,
        final SourceSpec source,
        final int events,
        final String unit)
    {
        final Engine engine = Engine.builder()
            .dataDirectory(run.resolve("data"))
            .maxEventLength(workload.maxEventLength())
            .ringSize(BenchmarkDefaults.RING_SIZE)
            .pipeline(workload.newPipeline())
            .sink(sinkName, sink)
            .source(source)
            .build();
        engine.start();
        while (!engine.sourcesDone())
        {
            LockSupport.parkNanos(100_000);
        }
        if (!engine.stop(Duration.ofSeconds(60)) || engine.lastPublishedSequence() != events ||
            delivered.getAsLong() != events)
        {
            throw new IllegalStateException("run did not deliver " + events + " outputs: " +
                engine.lastPublishedSequence() + " journaled, " + delivered.getAsLong() + " " + unit);
        }
        engine.close();
    }
}
