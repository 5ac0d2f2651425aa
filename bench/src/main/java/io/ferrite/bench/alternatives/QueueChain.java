package io.ferrite.bench.alternatives;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.agrona.DirectBuffer;

import io.ferrite.bench.BenchThreads;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Drain;
import io.ferrite.bench.PaddedCounter;
import io.ferrite.bench.Payloads;

/**
 * The pipeline a user builds from the JDK alone: stages on their own threads joined by {@link ArrayBlockingQueue}s,
 * handing events on with blocking {@code put}/{@code take}.
 * <pre>
 *   producer ──► queue 0 ──► stage 0 ──► queue 1 ──► stage 1 ──► ... ──► stage n-1
 * </pre>
 * To compare hand-off costs rather than garbage collection, events come from a preallocated pool that the producer
 * cycles through. The pool is larger than everything that can be in flight (every queue full plus one event held by
 * each stage), so the producer never refills an event a stage still holds. Each stage does the same
 * {@link ChecksumHandler} work as the Disruptor stages.
 * <p>
 * Threading: {@link #publish} and {@link #awaitDrained} from the single producer thread only. The queues' locks may
 * allocate wait nodes when contended; that is part of what this alternative costs.
 */
public final class QueueChain implements AutoCloseable
{
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final String name;
    private final Stage[] stages;
    private final ArrayBlockingQueue<RingEvent> head;
    private final RingEvent[] pool;
    private final RingEvent stopEvent = new RingEvent(Payloads.MIN_SIZE);
    private final PaddedCounter lastStageCount = new PaddedCounter();
    private final BenchThreads threads;
    private final LongSupplier lastStageProgress = this::lastStageProgress;
    private volatile Throwable failure;
    private int nextInPool;
    private long published;

    /**
     * Build and start the chain.
     *
     * @param name          names the threads and appears in errors.
     * @param stageCount    stages in the chain, at least 1.
     * @param queueCapacity capacity of each queue.
     * @param maxPayload    the largest payload an event holds.
     */
    public QueueChain(final String name, final int stageCount, final int queueCapacity, final int maxPayload)
    {
        if (stageCount < 1)
        {
            throw new IllegalArgumentException("stageCount must be at least 1, was " + stageCount);
        }
        this.name = name;
        threads = new BenchThreads(name);
        pool = new RingEvent[stageCount * (queueCapacity + 1) + 1];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = new RingEvent(maxPayload);
        }
        stages = new Stage[stageCount];
        ArrayBlockingQueue<RingEvent> out = null;
        for (int i = stageCount - 1; i >= 0; i--)
        {
            final ArrayBlockingQueue<RingEvent> in = new ArrayBlockingQueue<>(queueCapacity);
            stages[i] = new Stage(in, out);
            out = in;
        }
        head = out;
        for (final Stage stage : stages)
        {
            threads.newThread(stage).start();
        }
    }

    /**
     * Publish one event: take the next pooled event, fill it, {@code put} it on the first queue (blocking while full).
     *
     * @param value   written over the payload's first 8 bytes.
     * @param payload the payload template.
     * @param length  payload length.
     * @return how many events have been published so far, this one included.
     */
    public long publish(final long value, final DirectBuffer payload, final int length)
    {
        final RingEvent event = pool[nextInPool];
        nextInPool = nextInPool + 1 == pool.length ? 0 : nextInPool + 1;
        event.set(value, 0, payload, 0, length);
        event.buffer().putLong(Payloads.VALUE_OFFSET, value);
        try
        {
            head.put(event);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while publishing", ex);
        }
        return ++published;
    }

    /**
     * Wait until the last stage has handled {@code count} events.
     *
     * @param count the count returned by {@link #publish}.
     * @throws IllegalStateException if a stage failed or the chain does not drain within
     *                               {@link BenchmarkDefaults#DRAIN_TIMEOUT_NANOS}.
     */
    public void awaitDrained(final long count)
    {
        Drain.await(lastStageProgress, count, BenchmarkDefaults.DRAIN_TIMEOUT_NANOS, name);
    }

    /**
     * @param stage index from 0.
     * @return the sum of per-event values that stage has seen; read after {@link #awaitDrained}.
     */
    public long checksum(final int stage)
    {
        return stages[stage].work.checksum();
    }

    private long lastStageProgress()
    {
        final Throwable failure = this.failure;
        if (null != failure)
        {
            throw new IllegalStateException(name + ": a stage failed", failure);
        }
        return lastStageCount.get();
    }

    /**
     * Send a stop marker down the chain and wait for every stage's thread to end.
     */
    @Override
    public void close()
    {
        try
        {
            if (!head.offer(stopEvent, STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException(name + ": first queue still full " + STOP_TIMEOUT_MILLIS +
                    " ms after close; a stage is stuck");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while stopping", ex);
        }
        threads.joinAll(STOP_TIMEOUT_MILLIS);
    }

    private final class Stage implements Runnable
    {
        private final ArrayBlockingQueue<RingEvent> in;
        private final ArrayBlockingQueue<RingEvent> out;
        private final ChecksumHandler work = new ChecksumHandler();

        Stage(final ArrayBlockingQueue<RingEvent> in, final ArrayBlockingQueue<RingEvent> out)
        {
            this.in = in;
            this.out = out;
        }

        @Override
        public void run()
        {
            long handled = 0;
            try
            {
                while (true)
                {
                    final RingEvent event = in.take();
                    if (event != stopEvent)
                    {
                        work.onEvent(event, handled, false);
                        handled++;
                    }
                    if (null != out)
                    {
                        out.put(event);
                    }
                    else if (event != stopEvent)
                    {
                        lastStageCount.setRelease(handled);
                    }
                    if (event == stopEvent)
                    {
                        return;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                failure = ex;
            }
            catch (final RuntimeException | Error ex)
            {
                failure = ex;
            }
        }
    }
}
