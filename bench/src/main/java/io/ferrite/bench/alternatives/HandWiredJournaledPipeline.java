package io.ferrite.bench.alternatives;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

import io.ferrite.bench.BenchThreads;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Drain;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;

/**
 * What a user builds by hand from a raw Disruptor and a raw Chronicle Queue to get a journaled pipeline, the
 * yardstick for Ferrite's engine with a journal:
 * <pre>
 *   producer ──► input ring ──► journaller ──► processor ──► output ring ──► sink
 *                                  │ (appends to Chronicle Queue;       (only when an
 *                                  │  msync at batch end if asked)       {@link OutputListener} is given)
 * </pre>
 * The processor runs after the journaller in a Disruptor chain, so it never sees an event that is not yet appended.
 * Each journal record holds sequence, timestamp, type, length and payload (no checksum: Chronicle Queue's own
 * header is all a hand-wired user would rely on). The processor does the same {@link ChecksumHandler} work as every
 * other benchmark stage and, with a listener, emits one output per input (a copy of its payload).
 * <p>
 * Threading: {@link #publish} and {@link #awaitProcessed} from one producer thread; the listener is called on the
 * sink thread. No allocation per event on any thread.
 */
public final class HandWiredJournaledPipeline implements AutoCloseable
{
    /**
     * Receives every output, on the sink thread.
     */
    @FunctionalInterface
    public interface OutputListener
    {
        /**
         * @param inputSequence the ring sequence of the input that caused the output.
         * @param timestamp     the input's timestamp.
         * @param payload       the output payload, valid only during this call.
         * @param length        the payload length.
         */
        void onOutput(long inputSequence, long timestamp, DirectBuffer payload, int length);
    }

    private final String name;
    private final ChronicleQueue queue;
    private final Disruptor<RingEvent> input;
    private final Disruptor<RingEvent> output;
    private final RingBuffer<RingEvent> inputRing;
    private final Journaller journaller;
    private final Processor processor;
    private final BenchThreads threads;
    private final LongSupplier processedSequence = this::processedSequence;
    private volatile Throwable failure;

    /**
     * Build and start the pipeline.
     *
     * @param name           names the threads and appears in errors.
     * @param directory      an empty directory for the Chronicle Queue.
     * @param ringSize       slots in each ring, a power of two.
     * @param maxPayload     the largest payload an event holds.
     * @param waitKind       how every stage waits; checked against the machine's cores.
     * @param syncEachBatch  msync the queue at the end of every Disruptor batch (the counterpart of a
     *                       {@code BATCH} flush policy); false leaves records in the page cache.
     * @param listener       receives outputs on a sink thread, or null for a pipeline that ends at the processor.
     */
    public HandWiredJournaledPipeline(
        final String name,
        final Path directory,
        final int ringSize,
        final int maxPayload,
        final WaitKind waitKind,
        final boolean syncEachBatch,
        final OutputListener listener)
    {
        this.name = name;
        threads = new BenchThreads(name);
        waitKind.checkCores(null == listener ? 3 : 4, name);
        // Chronicle's appender.sync() is a silent no-op unless the queue was built with a sync mode.
        queue = ChronicleQueue.singleBuilder(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .syncMode(syncEachBatch ? SyncMode.SYNC : SyncMode.NONE)
            .build();
        final FailureRecorder failures = new FailureRecorder();

        if (null != listener)
        {
            output = new Disruptor<>(
                () -> new RingEvent(maxPayload), ringSize, threads, ProducerType.SINGLE,
                waitKind.newDisruptorStrategy());
            output.setDefaultExceptionHandler(failures);
            output.handleEventsWith(new SinkHandler(listener));
        }
        else
        {
            output = null;
        }

        input = new Disruptor<>(
            () -> new RingEvent(maxPayload), ringSize, threads, ProducerType.SINGLE, waitKind.newDisruptorStrategy());
        input.setDefaultExceptionHandler(failures);
        journaller = new Journaller(queue, syncEachBatch);
        processor = new Processor(null == output ? null : output.getRingBuffer());
        input.handleEventsWith(journaller).then(processor);

        if (null != output)
        {
            output.start();
        }
        inputRing = input.start();
    }

    /**
     * Publish one event into the input ring; blocks while it is full.
     *
     * @param timestamp event time in nanoseconds; also written over the payload's first 8 bytes.
     * @param type      application-defined type.
     * @param payload   the payload template.
     * @param length    payload length.
     * @return the event's sequence in the ring (0-based, as the Disruptor counts).
     */
    public long publish(final long timestamp, final int type, final DirectBuffer payload, final int length)
    {
        final RingBuffer<RingEvent> ring = inputRing;
        final long sequence = ring.next();
        try
        {
            final RingEvent event = ring.get(sequence);
            event.set(timestamp, type, payload, 0, length);
            event.buffer().putLong(Payloads.VALUE_OFFSET, timestamp);
        }
        finally
        {
            // Publish even if filling failed: a claimed slot never published stalls every stage forever.
            ring.publish(sequence);
        }
        return sequence;
    }

    /**
     * Wait until the processor has handled the event with {@code sequence} (and so the journaller has appended it).
     *
     * @param sequence a sequence returned by {@link #publish}.
     * @throws IllegalStateException if a stage failed or the pipeline does not drain within
     *                               {@link BenchmarkDefaults#DRAIN_TIMEOUT_NANOS}.
     */
    public void awaitProcessed(final long sequence)
    {
        Drain.await(processedSequence, sequence, BenchmarkDefaults.DRAIN_TIMEOUT_NANOS, name);
    }

    /**
     * @return the sum of per-event values the processor has seen; read after {@link #awaitProcessed}.
     */
    public long processorChecksum()
    {
        return processor.work.checksum();
    }

    /**
     * @return records the journaller has appended; read after {@link #awaitProcessed}.
     */
    public long journaled()
    {
        return journaller.appended;
    }

    /**
     * @return the queue the journaller appends to (read it only after {@link #close()} or with a separate tailer).
     */
    public ChronicleQueue queue()
    {
        return queue;
    }

    private long processedSequence()
    {
        final Throwable failure = this.failure;
        if (null != failure)
        {
            throw new IllegalStateException(name + ": a stage failed", failure);
        }
        // The processor is the last stage of the input chain, so it alone gates the producer.
        return inputRing.getMinimumGatingSequence();
    }

    /**
     * Stop every stage, wait for the threads to end, close the queue. The directory is left for the caller.
     */
    @Override
    public void close()
    {
        input.halt();
        if (null != output)
        {
            output.halt();
        }
        threads.joinAll(10_000);
        queue.close();
    }

    private static final class Journaller implements EventHandler<RingEvent>
    {
        private final ChronicleQueue queue;
        private final boolean syncEachBatch;
        private ExcerptAppender appender;
        private long appended;

        Journaller(final ChronicleQueue queue, final boolean syncEachBatch)
        {
            this.queue = queue;
            this.syncEachBatch = syncEachBatch;
        }

        @Override
        public void onStart()
        {
            // A Chronicle appender belongs to the thread that uses it: create it on the journaller's own thread.
            appender = queue.createAppender();
        }

        @Override
        public void onEvent(final RingEvent event, final long sequence, final boolean endOfBatch)
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(sequence);
                bytes.writeLong(event.timestamp());
                bytes.writeInt(event.type());
                bytes.writeInt(event.length());
                bytes.write(event.bytes(), 0, event.length());
            }
            appended++;
            if (syncEachBatch && endOfBatch)
            {
                appender.sync();
            }
        }

        @Override
        public void onShutdown()
        {
            if (null != appender)
            {
                appender.close();
            }
        }
    }

    private static final class Processor implements EventHandler<RingEvent>
    {
        private final ChecksumHandler work = new ChecksumHandler();
        private final RingBuffer<RingEvent> outputRing;

        Processor(final RingBuffer<RingEvent> outputRing)
        {
            this.outputRing = outputRing;
        }

        @Override
        public void onEvent(final RingEvent event, final long sequence, final boolean endOfBatch)
        {
            work.onEvent(event, sequence, endOfBatch);
            final RingBuffer<RingEvent> outputRing = this.outputRing;
            if (null != outputRing)
            {
                final long outputSequence = outputRing.next();
                try
                {
                    final RingEvent out = outputRing.get(outputSequence);
                    out.set(event.timestamp(), event.type(), event.buffer(), 0, event.length());
                    out.cause(sequence);
                }
                finally
                {
                    outputRing.publish(outputSequence);
                }
            }
        }
    }

    private static final class SinkHandler implements EventHandler<RingEvent>
    {
        private final OutputListener listener;

        SinkHandler(final OutputListener listener)
        {
            this.listener = listener;
        }

        @Override
        public void onEvent(final RingEvent event, final long sequence, final boolean endOfBatch)
        {
            listener.onOutput(event.cause(), event.timestamp(), event.buffer(), event.length());
        }
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
