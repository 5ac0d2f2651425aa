package io.ferrite.bench.alternatives;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;

/**
 * Throughput of a journaled pipeline wired by hand from a raw Disruptor and a raw Chronicle Queue (see
 * {@link HandWiredJournaledPipeline}): producer → ring → journaller (Chronicle append) → processor.
 * <p>
 * <b>Method:</b> the benchmark thread is the producer. Each invocation publishes {@link #PIPELINE_BATCH} events and
 * waits (yielding) until the processor has handled the last one; the score is events per second journaled and
 * processed. The whole pipeline, with an empty queue, is built per iteration and deleted after it, so that
 * earlier iterations' dirty pages do not throttle later ones; each iteration prints how much it wrote.
 * <p>
 * {@code flush}: {@code NONE} leaves records in the page cache; {@code BATCH} msyncs the queue at the end of every
 * Disruptor batch (a group commit), the counterpart of Ferrite's {@code BATCH} flush policy.
 */
public class HandWiredJournaledPipelineBenchmark extends BenchmarkDefaults
{
    /**
     * A pipeline per iteration.
     */
    @State(Scope.Thread)
    public static class PipelineState
    {
        /** Payload bytes per event. */
        @Param({"64"})
        public int payloadSize;

        /** How the stages wait: busy-spin (refused on 2 cores), yielding, sleeping or blocking. */
        @Param({"yielding"})
        public String waitStrategy;

        /** NONE: page cache only; BATCH: msync at the end of every batch. */
        @Param({"NONE", "BATCH"})
        public String flush;

        private UnsafeBuffer template;
        private Path directory;
        private HandWiredJournaledPipeline pipeline;
        private long nextValue = 1;

        /**
         * Make the payload and check the parameters once.
         */
        @Setup(Level.Trial)
        public void setUpTrial()
        {
            template = Payloads.template(Payloads.checkSize(payloadSize));
            syncEachBatch(flush);
        }

        /**
         * Build the pipeline over an empty queue.
         */
        @Setup(Level.Iteration)
        public void setUpIteration()
        {
            directory = BenchFiles.newDirectory("hand-wired-journaled");
            pipeline = new HandWiredJournaledPipeline("hand-wired", directory, RING_SIZE, payloadSize,
                WaitKind.parse(waitStrategy), syncEachBatch(flush), null);
        }

        /**
         * Stop the pipeline, delete its queue and report how much it wrote.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            final long journaled = pipeline.journaled();
            pipeline.close();
            final long bytes = BenchFiles.sizeOf(directory);
            BenchFiles.delete(directory);
            System.out.printf("[hand-wired %s] %,d events journaled, %,d MB of queue files (deleted)%n",
                flush, journaled, bytes >> 20);
        }

        /**
         * Publish {@link #PIPELINE_BATCH} events and wait until the processor has handled them.
         *
         * @return the last sequence published.
         */
        public long runBatch()
        {
            final HandWiredJournaledPipeline pipeline = this.pipeline;
            final UnsafeBuffer template = this.template;
            final int payloadSize = this.payloadSize;
            long value = nextValue;
            long sequence = -1;
            for (int i = 0; i < PIPELINE_BATCH; i++)
            {
                sequence = pipeline.publish(value++, 1, template, payloadSize);
            }
            nextValue = value;
            pipeline.awaitProcessed(sequence);
            return sequence;
        }

        /**
         * @return the directory of the current (or last) iteration's queue.
         */
        public Path directory()
        {
            return directory;
        }

        /**
         * @return the running pipeline (for checks after {@link #runBatch()}).
         */
        public HandWiredJournaledPipeline pipeline()
        {
            return pipeline;
        }

        static boolean syncEachBatch(final String flush)
        {
            switch (flush)
            {
                case "NONE":
                    return false;
                case "BATCH":
                    return true;
                default:
                    throw new IllegalArgumentException("flush must be NONE or BATCH, was " + flush);
            }
        }
    }

    /**
     * @param state the running pipeline.
     * @return the last sequence published (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long journaledPipeline(final PipelineState state)
    {
        return state.runBatch();
    }
}
