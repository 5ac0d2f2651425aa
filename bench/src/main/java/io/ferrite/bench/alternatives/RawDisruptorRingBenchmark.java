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
import io.ferrite.bench.WaitKind;

/**
 * Ring hop throughput of a raw Disruptor 4 wired by hand: the yardstick for Ferrite's engine without a journal.
 * <pre>
 *   oneToOne:            producer ──► ring ──► C0
 *   threeStagePipeline:  producer ──► ring ──► C0 ──► C1 ──► C2
 * </pre>
 * <b>Method:</b> the benchmark thread is the producer. Each invocation publishes {@link #PIPELINE_BATCH} events of
 * {@code payloadSize} bytes, then waits (yielding) until the last stage has handled the last of them; the score is
 * events per second that went all the way through. Filling and draining the pipeline once per invocation costs a few
 * microseconds against milliseconds of work.
 * <p>
 * <b>2 cores:</b> {@code threeStagePipeline} runs four threads; with {@code busy-spin} it is refused (see
 * {@link WaitKind}), and with any strategy it measures a time-shared machine: compare it only with other
 * implementations in the same run.
 */
public class RawDisruptorRingBenchmark extends BenchmarkDefaults
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

        /** How the stages wait: busy-spin, yielding, sleeping or blocking. */
        @Param({"yielding"})
        public String waitStrategy;

        private final int stageCount;
        private DisruptorChain chain;
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
            chain = new DisruptorChain(
                "raw-disruptor-" + stageCount, stageCount, RING_SIZE, payloadSize, WaitKind.parse(waitStrategy));
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
         * @return the last sequence published.
         */
        public long runBatch()
        {
            final DisruptorChain chain = this.chain;
            final UnsafeBuffer template = this.template;
            final int payloadSize = this.payloadSize;
            long value = nextValue;
            long sequence = -1;
            for (int i = 0; i < PIPELINE_BATCH; i++)
            {
                sequence = chain.publish(value++, template, payloadSize);
            }
            nextValue = value;
            chain.awaitDrained(sequence);
            return sequence;
        }

        /**
         * @return the running chain (for checks after {@link #runBatch()}).
         */
        public DisruptorChain chain()
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
     * @return the last sequence published (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long oneToOne(final OneToOne shape)
    {
        return shape.runBatch();
    }

    /**
     * @param shape the running 1P→3-stage chain.
     * @return the last sequence published (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long threeStagePipeline(final ThreeStagePipeline shape)
    {
        return shape.runBatch();
    }
}
