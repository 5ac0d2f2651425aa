package io.ferrite.bench.alternatives;

import java.util.function.LongSupplier;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.DirectBuffer;

import io.ferrite.bench.BenchThreads;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Drain;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;

/**
 * A raw Disruptor wired by hand into a chain of stages, each on its own thread, as a user would without Ferrite:
 * <pre>
 *   producer ──► ring ──► stage 0 ──► stage 1 ──► ... ──► stage n-1
 * </pre>
 * One producer ({@link ProducerType#SINGLE}), {@link RingEvent} slots preallocated by the ring, a
 * {@link ChecksumHandler} per stage.
 * <p>
 * Threading: {@link #publish} and {@link #awaitDrained} from the single producer thread only. No allocation per
 * event.
 */
public final class DisruptorChain implements AutoCloseable
{
    private final String name;
    private final Disruptor<RingEvent> disruptor;
    private final RingBuffer<RingEvent> ring;
    private final ChecksumHandler[] stages;
    private final BenchThreads threads;
    private final LongSupplier lastStageSequence = this::lastStageSequence;
    private volatile Throwable failure;

    /**
     * Build and start the chain.
     *
     * @param name       names the threads and appears in errors.
     * @param stageCount stages in the chain, at least 1.
     * @param ringSize   slots in the ring, a power of two.
     * @param maxPayload the largest payload a slot holds.
     * @param waitKind   how the stages wait for events; checked against the machine's cores.
     */
    public DisruptorChain(
        final String name, final int stageCount, final int ringSize, final int maxPayload, final WaitKind waitKind)
    {
        if (stageCount < 1)
        {
            throw new IllegalArgumentException("stageCount must be at least 1, was " + stageCount);
        }
        // The producer never waits while there is room, so it counts as a spinning thread too.
        waitKind.checkCores(stageCount + 1, name);
        this.name = name;
        threads = new BenchThreads(name);
        disruptor = new Disruptor<>(
            () -> new RingEvent(maxPayload), ringSize, threads, ProducerType.SINGLE, waitKind.newDisruptorStrategy());
        disruptor.setDefaultExceptionHandler(new FailureRecorder());
        stages = new ChecksumHandler[stageCount];
        for (int i = 0; i < stageCount; i++)
        {
            stages[i] = new ChecksumHandler();
        }
        EventHandlerGroup<RingEvent> group = disruptor.handleEventsWith(stages[0]);
        for (int i = 1; i < stageCount; i++)
        {
            group = group.then(stages[i]);
        }
        ring = disruptor.start();
    }

    /**
     * Publish one event: claim a slot, copy the payload into it, set the per-event value, publish. Blocks (as the
     * Disruptor's producer does, by parking briefly) while the ring is full.
     *
     * @param value   written over the payload's first 8 bytes.
     * @param payload the payload template.
     * @param length  payload length.
     * @return the event's sequence.
     */
    public long publish(final long value, final DirectBuffer payload, final int length)
    {
        final RingBuffer<RingEvent> ring = this.ring;
        final long sequence = ring.next();
        try
        {
            final RingEvent event = ring.get(sequence);
            event.set(value, 0, payload, 0, length);
            event.buffer().putLong(Payloads.VALUE_OFFSET, value);
        }
        finally
        {
            // Publish even if filling failed: a claimed slot that is never published stalls every stage forever.
            ring.publish(sequence);
        }
        return sequence;
    }

    /**
     * Wait until the last stage has handled the event with {@code sequence}.
     *
     * @param sequence the sequence returned by {@link #publish}.
     * @throws IllegalStateException if a stage failed or the chain does not drain within
     *                               {@link BenchmarkDefaults#DRAIN_TIMEOUT_NANOS}.
     */
    public void awaitDrained(final long sequence)
    {
        Drain.await(lastStageSequence, sequence, BenchmarkDefaults.DRAIN_TIMEOUT_NANOS, name);
    }

    /**
     * @param stage index from 0.
     * @return the sum of per-event values that stage has seen; read after {@link #awaitDrained}.
     */
    public long checksum(final int stage)
    {
        return stages[stage].checksum();
    }

    private long lastStageSequence()
    {
        final Throwable failure = this.failure;
        if (null != failure)
        {
            throw new IllegalStateException(name + ": a stage failed", failure);
        }
        // In a chain built with then(...), only the last stage gates the producer.
        return ring.getMinimumGatingSequence();
    }

    /**
     * Stop the stages and wait for their threads to end.
     */
    @Override
    public void close()
    {
        disruptor.halt();
        threads.joinAll(10_000);
    }

    private final class FailureRecorder implements ExceptionHandler<Object>
    {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final Object event)
        {
            failure = new IllegalStateException("stage failed at sequence " + sequence, ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            failure = ex;
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            failure = ex;
        }
    }
}
