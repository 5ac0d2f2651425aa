package io.ferrite.bench.engine;

import java.nio.file.Path;
import java.util.function.LongSupplier;

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
import io.ferrite.bench.Drain;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;
import io.ferrite.bench.alternatives.BlockingQueueRingBenchmark;
import io.ferrite.bench.alternatives.RawDisruptorRingBenchmark;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.Pipeline;

/**
 * Ring hop throughput of Ferrite's engine with journaling off, side by side with {@link RawDisruptorRingBenchmark}
 * and {@link BlockingQueueRingBenchmark} in the same shapes and by the same method (a batch of
 * {@link #PIPELINE_BATCH} events per invocation, then wait for the last stage).
 * <pre>
 *   oneToOne:            producer ──► input ring ──► (journaller) ──► P0
 *   threeStagePipeline:  producer ──► input ring ──► (journaller) ──► P0 ──► P1 ──► P2
 * </pre>
 * <b>Note:</b> with journaling off the engine still runs its journaller stage, which then only passes events on,
 * so each Ferrite shape has one thread more than the raw Disruptor's. That is what a user of the engine gets; on a
 * 2-core machine the extra thread is part of the measured cost.
 */
public class EngineRingBenchmark extends BenchmarkDefaults
{
    /**
     * One pipeline shape with its parameters; an engine per trial.
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

        /** How the engine's agents map to threads (SHARED: one engine thread; DEDICATED: one per agent). */
        @Param({"shared", "dedicated"})
        public String threading;

        private final int stageCount;
        private final EventClaim claim = new EventClaim();
        private UnsafeBuffer template;
        private Path directory;
        private Engine engine;
        private ChecksumProcessor[] processors;
        private LongSupplier lastStage;
        private long nextValue = 1;

        /**
         * @param stageCount processor stages in the chain.
         */
        protected Shape(final int stageCount)
        {
            this.stageCount = stageCount;
        }

        /**
         * Start an engine without a journal.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            template = Payloads.template(Payloads.checkSize(payloadSize));
            final WaitKind waitKind = WaitKind.parse(waitStrategy);
            // Producer, journaller and the stages.
            waitKind.checkCores(stageCount + 2, "engine ring " + stageCount + " stages");
            processors = new ChecksumProcessor[stageCount];
            final Pipeline.Builder pipeline = Pipeline.builder();
            for (int i = 0; i < stageCount; i++)
            {
                processors[i] = new ChecksumProcessor();
                pipeline.stage("stage-" + i, processors[i]);
            }
            final ChecksumProcessor last = processors[stageCount - 1];
            lastStage = last::processedSequence;
            directory = BenchFiles.newDirectory("ferrite-engine-ring");
            engine = FerriteEngines.builder(directory, RING_SIZE, payloadSize, waitKind, "NONE", pipeline.build())
                .journaling(false)
                .threadingMode(FerriteEngines.threading(threading))
                .build();
            engine.start();
        }

        /**
         * Stop the engine and delete its directory.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (null != engine)
            {
                engine.close();
            }
            BenchFiles.delete(directory);
        }

        /**
         * Publish {@link #PIPELINE_BATCH} events and wait until the last stage has handled them.
         *
         * @return the last sequence published.
         */
        public long runBatch()
        {
            final Engine engine = this.engine;
            final EventClaim claim = this.claim;
            final UnsafeBuffer template = this.template;
            final int payloadSize = this.payloadSize;
            long value = nextValue;
            long sequence = 0;
            for (int i = 0; i < PIPELINE_BATCH; i++)
            {
                sequence = FerriteEngines.publish(engine, claim, value++, template, payloadSize);
            }
            nextValue = value;
            Drain.await(lastStage, sequence, DRAIN_TIMEOUT_NANOS, "ferrite engine ring");
            return sequence;
        }

        /**
         * @param stage index from 0.
         * @return that stage's processor (for checks).
         */
        public ChecksumProcessor processor(final int stage)
        {
            return processors[stage];
        }
    }

    /**
     * One producer, one processor.
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
     * One producer, three chained processors.
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
     * @param shape the running 1P→1C engine.
     * @return the last sequence published (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long oneToOne(final OneToOne shape)
    {
        return shape.runBatch();
    }

    /**
     * @param shape the running 1P→3-stage engine.
     * @return the last sequence published (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public long threeStagePipeline(final ThreeStagePipeline shape)
    {
        return shape.runBatch();
    }
}
