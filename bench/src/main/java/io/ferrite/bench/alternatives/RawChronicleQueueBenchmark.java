package io.ferrite.bench.alternatives;

import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Payloads;

/**
 * Raw Chronicle Queue, used directly as a user would: the yardstick for Ferrite's journal.
 * <ul>
 *     <li>{@code append}: one {@code payloadSize}-byte record per operation through {@code writingDocument()},
 *     flushing nothing (page cache only). A fresh queue per iteration, deleted after it, so that dirty pages from
 *     earlier iterations do not throttle later ones; each iteration prints how much it wrote.</li>
 *     <li>{@code read}: one record per operation from a queue of {@value #READ_RECORDS} records written at trial
 *     start, zero-copy (the first 8 bytes are read in place from the mapped file), wrapping to the start at the
 *     end. The floor that any journal reader over Chronicle Queue, and any replay, can approach but not beat.</li>
 * </ul>
 * Roll cycle {@code FAST_DAILY}: one segment per run, so no roll happens inside a measurement.
 */
public class RawChronicleQueueBenchmark extends BenchmarkDefaults
{
    /** Records written once per trial for the read benchmark. */
    public static final int READ_RECORDS = 1 << 20;

    /**
     * An empty queue per iteration and its appender.
     */
    @State(Scope.Thread)
    public static class AppendState
    {
        /** Payload bytes per record. */
        @Param({"64", "256"})
        public int payloadSize;

        private byte[] payload;
        private Path directory;
        private ChronicleQueue queue;
        private ExcerptAppender appender;
        private long nextValue = 1;
        private long appended;

        /**
         * Make the payload once.
         */
        @Setup(Level.Trial)
        public void setUpTrial()
        {
            payload = Payloads.template(Payloads.checkSize(payloadSize)).byteArray();
        }

        /**
         * Open an empty queue; the appender is created here, on the benchmark thread that will use it.
         */
        @Setup(Level.Iteration)
        public void setUpIteration()
        {
            directory = BenchFiles.newDirectory("raw-cq-append");
            queue = openQueue(directory);
            appender = queue.createAppender();
            appended = 0;
        }

        /**
         * Close and delete the queue, reporting how much the iteration wrote.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            appender.close();
            queue.close();
            final long bytes = BenchFiles.sizeOf(directory);
            BenchFiles.delete(directory);
            System.out.printf("[raw-cq append %dB] %,d records, %,d MB of queue files (deleted)%n",
                payloadSize, appended, bytes >> 20);
        }

        /**
         * Append one record.
         *
         * @return the value written into the record.
         */
        public long appendOne()
        {
            final long value = nextValue++;
            final byte[] payload = this.payload;
            try (DocumentContext dc = appender.writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = bytes.writePosition();
                bytes.write(payload, 0, payload.length);
                bytes.writeLong(start + Payloads.VALUE_OFFSET, value);
            }
            appended++;
            return value;
        }

        /**
         * @return the queue of the current iteration (for checks).
         */
        public ChronicleQueue queue()
        {
            return queue;
        }

        /**
         * @return the directory of the current (or last) iteration's queue.
         */
        public Path directory()
        {
            return directory;
        }
    }

    /**
     * A queue of {@link #READ_RECORDS} records and a tailer over it.
     */
    @State(Scope.Thread)
    public static class ReadState
    {
        /** Payload bytes per record. */
        @Param({"64", "256"})
        public int payloadSize;

        private Path directory;
        private ChronicleQueue queue;
        private ExcerptTailer tailer;

        /**
         * Write the records, then open a tailer at the start.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            directory = BenchFiles.newDirectory("raw-cq-read");
            queue = openQueue(directory);
            final byte[] payload = Payloads.template(Payloads.checkSize(payloadSize)).byteArray();
            try (ExcerptAppender appender = queue.createAppender())
            {
                for (long value = 1; value <= READ_RECORDS; value++)
                {
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        final Bytes<?> bytes = dc.wire().bytes();
                        final long start = bytes.writePosition();
                        bytes.write(payload, 0, payload.length);
                        bytes.writeLong(start + Payloads.VALUE_OFFSET, value);
                    }
                }
            }
            tailer = queue.createTailer();
        }

        /**
         * Close and delete the queue.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            tailer.close();
            queue.close();
            BenchFiles.delete(directory);
        }

        /**
         * @return the queue's directory.
         */
        public Path directory()
        {
            return directory;
        }

        /**
         * Read the next record, wrapping to the first after the last.
         *
         * @return the per-record value, read in place.
         */
        public long readOne()
        {
            final ExcerptTailer tailer = this.tailer;
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (dc.isPresent())
                    {
                        final Bytes<?> bytes = dc.wire().bytes();
                        return bytes.readLong(bytes.readPosition() + Payloads.VALUE_OFFSET);
                    }
                }
                tailer.toStart();
            }
        }
    }

    static ChronicleQueue openQueue(final Path directory)
    {
        return ChronicleQueue.singleBuilder(directory).rollCycle(RollCycles.FAST_DAILY).build();
    }

    /**
     * @param state the open queue.
     * @return the value written (returned so JMH consumes it).
     */
    @Benchmark
    public long append(final AppendState state)
    {
        return state.appendOne();
    }

    /**
     * @param state the filled queue.
     * @return the value read (returned so JMH consumes it).
     */
    @Benchmark
    public long read(final ReadState state)
    {
        return state.readOne();
    }
}
