package io.ferrite.bench.alternatives;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Payloads;

/**
 * Hand-off throughput of a pipeline built from {@link java.util.concurrent.ArrayBlockingQueue}s (see
 * {@link QueueChain}): what a user gets from the JDK alone, in the same shapes as {@link RawDisruptorRingBenchmark}.
 * <pre>
 *   oneToOne:            producer ──► queue ──► C0
 *   threeStagePipeline:  producer ──► queue ──► C0 ──► queue ──► C1 ──► queue ──► C2
 * </pre>
 * <b>Method:</b> as in {@link RawDisruptorRingBenchmark}: each invocation publishes {@link #PIPELINE_BATCH} events
 * and waits for the last stage to have handled them. Stages block in {@code take()}, so there is no wait-strategy
 * parameter; the reports compare it with every wait strategy of the other implementations.
 */
public class BlockingQueueRingBenchmark extends BenchmarkDefaults
{
    /**
     * One pipeline shape with its parameters; built once per trial.
     */
    @State(Scope.Thread)
    public abstract static class Shape
    {
        /** Payload bytes per event. */
        @Param({"64"})
        public int payloadSize;

        private final int stageCount;
        private QueueChain chain;
        private UnsafeBuffer template;
        private long nextValue = 1;

        /**
         * @param stageCount stages in the chain.
         */
        protected Shape(final int stageCount)
        {
            this.stageCount = stageCount;
        }

        /**
         * Build and start the chain.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            template = Payloads.template(Payloads.checkSize(payloadSize));
            chain = new QueueChain("abq-" + stageCount, stageCount, RING_SIZE, payloadSize);
        }

        /**
         * Stop the chain and its threads.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (null != chain)
            {
                chain.close();
            }
        }

        /**
         * Publish {@link #PIPELINE_BATCH} events and wait until the last stage has handled them.
         *
         * @return the number of events published so far.
         */
        public long runBatch()
        {
            final QueueChain chain = this.chain;
            final UnsafeBuffer template = this.template;
            final int payloadSize = this.payloadSize;
            long value = nextValue;
            long published = 0;
            for (int i = 0; i < PIPELINE_BATCH; i++)
            {
                published = chain.publish(value++, template, payloadSize);
            }
            nextValue = value;
            chain.awaitDrained(published);
            return published;
        }

        /**
         * @return the running chain (for checks after {@link #runBatch()}).
         */
        public QueueChain chain()
        {
            return chain;
        }
    }

    /**
     * One producer, one consumer.
     */
    @State(Scope.Thread)
    public static class OneToOne extends Shape
    {
        /**
         * One stage.
         */
        public OneToOne()
        {
            super(1);
        }
    }

    /**
     * One producer, three chained consumers.
     */
    @State(Scope.Thread)
    public static class ThreeStagePipeline extends Shape
    {
        /**
         * Three stages.
         */
        public ThreeStagePipeline()
        {
            super(3);
        }
    }

    /**
     * @param shape the running 1P→1C chain.
     * @return events published so far (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long oneToOne(final OneToOne shape)
    {
        return shape.runBatch();
    }

    /**
     * @param shape the running 1P→3-stage chain.
     * @return events published so far (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long threeStagePipeline(final ThreeStagePipeline shape)
    {
        return shape.runBatch();
    }
}
