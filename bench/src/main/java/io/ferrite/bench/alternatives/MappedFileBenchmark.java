package io.ferrite.bench.alternatives;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
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
 * The physical floor for a journal: length-prefixed records written into, and read from, a plain
 * {@link MappedByteBuffer} over a file that was fully touched beforehand, so no page fault, index, checksum or roll
 * is paid. No journal can append or read faster on this machine; the ratio to it shows what a journal's bookkeeping
 * costs.
 * <p>
 * {@code appendFresh} writes the same records into a new file per iteration instead, deleted after it, as the journal
 * append benchmarks do: every page costs its first-touch fault (page-cache allocation and zeroing, and on a VM
 * whatever the host does to back the page). That is the floor for a journal that keeps appending, and the one its
 * append rate meets once it writes bytes faster than this machine provides new pages.
 * <p>
 * Record layout: a 4-byte length (written last, with a release store, so a concurrent reader never sees a partial
 * record), then the payload; records are 4-byte aligned. The writer wraps to the start of the
 * {@value #FILE_SIZE}-byte file when it is full, rewriting pages that are already mapped and dirty.
 */
public class MappedFileBenchmark extends BenchmarkDefaults
{
    /** Size of the mapped file. */
    public static final int FILE_SIZE = 256 << 20;

    /** Bytes of the fresh file that {@code appendFresh} maps at a time. */
    public static final int FRESH_CHUNK = 64 << 20;

    static final int HEADER_LENGTH = Integer.BYTES;
    static final int ALIGNMENT = 4;

    /**
     * A touched, mapped file and the write position.
     */
    @State(Scope.Thread)
    public static class AppendState
    {
        /** Payload bytes per record. */
        @Param({"64", "256"})
        public int payloadSize;

        private MappedFile file;
        private UnsafeBuffer payload;
        private int position;
        private long nextValue = 1;

        /**
         * Create, map and touch the file.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            payload = Payloads.template(Payloads.checkSize(payloadSize));
            file = new MappedFile("mapped-append");
        }

        /**
         * Unmap and delete the file.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            file.close();
        }

        /**
         * Append one record, wrapping to the start of the file when full.
         *
         * @return the value written into the record.
         */
        public long appendOne()
        {
            final UnsafeBuffer buffer = file.buffer;
            final int length = payloadSize;
            final int recordLength = BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
            int position = this.position;
            if (position + recordLength + HEADER_LENGTH > FILE_SIZE)
            {
                position = 0;
            }
            final long value = nextValue++;
            writeRecord(buffer, position, payload, length, value);
            this.position = position + recordLength;
            return value;
        }

        MappedFile file()
        {
            return file;
        }
    }

    /**
     * A new, empty file per iteration, mapped {@value #FRESH_CHUNK} bytes at a time as the writer reaches the end of
     * the last chunk, and deleted after the iteration: the writer pays for every page it touches first, as a journal
     * writer does. Nothing else is paid: no index, checksum, roll or pre-touch thread.
     */
    @State(Scope.Thread)
    public static class FreshAppendState
    {
        /** Payload bytes per record. */
        @Param({"64", "256"})
        public int payloadSize;

        private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        private UnsafeBuffer payload;
        private Path directory;
        private FileChannel channel;
        private MappedByteBuffer mapped;
        private long chunkStart;
        private int position;
        private long nextValue = 1;
        private long chunks;

        /**
         * Make the payload once.
         */
        @Setup(Level.Trial)
        public void setUpTrial()
        {
            payload = Payloads.template(Payloads.checkSize(payloadSize));
        }

        /**
         * Create the empty file and map its first chunk.
         */
        @Setup(Level.Iteration)
        public void setUpIteration()
        {
            directory = BenchFiles.newDirectory("mapped-fresh");
            final Path path = directory.resolve("records.dat");
            try
            {
                channel = FileChannel.open(path,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create " + path, ex);
            }
            chunkStart = -FRESH_CHUNK;
            chunks = 0;
            nextChunk();
        }

        /**
         * Unmap, close and delete the file, reporting how much the iteration wrote.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            unmap();
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close the file in " + directory, ex);
            }
            final long bytes = BenchFiles.sizeOf(directory);
            BenchFiles.delete(directory);
            System.out.printf("[mapped fresh append %dB] %,d records, %,d MB of file (deleted)%n",
                payloadSize, nextValue - 1, bytes >> 20);
        }

        private void unmap()
        {
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
                mapped = null;
                buffer.wrap(0, 0);
            }
        }

        private void nextChunk()
        {
            unmap();
            chunkStart += FRESH_CHUNK;
            try
            {
                // Mapping past the end grows the file; its new pages are allocated when first written.
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, chunkStart, FRESH_CHUNK);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot map chunk " + chunks + " of the file in " + directory, ex);
            }
            buffer.wrap(mapped);
            position = 0;
            chunks++;
        }

        /**
         * Append one record; a record that does not fit in the rest of the chunk goes to the start of the next one
         * (the 0 length after the last record of a chunk marks its end).
         *
         * @return the value written into the record.
         */
        public long appendOne()
        {
            final int length = payloadSize;
            final int recordLength = BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
            if (position + recordLength + HEADER_LENGTH > FRESH_CHUNK)
            {
                nextChunk();
            }
            final UnsafeBuffer buffer = this.buffer;
            final int position = this.position;
            final long value = nextValue++;
            writeRecord(buffer, position, payload, length, value);
            this.position = position + recordLength;
            return value;
        }

        UnsafeBuffer buffer()
        {
            return buffer;
        }

        long chunks()
        {
            return chunks;
        }

        Path directory()
        {
            return directory;
        }
    }

    /**
     * A mapped file filled with records, and the read position.
     */
    @State(Scope.Thread)
    public static class ReadState
    {
        /** Payload bytes per record. */
        @Param({"64", "256"})
        public int payloadSize;

        private MappedFile file;
        private int position;

        /**
         * Create, map and fill the file; the length after the last record stays 0 and marks the end.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            final UnsafeBuffer payload = Payloads.template(Payloads.checkSize(payloadSize));
            file = new MappedFile("mapped-read");
            final int recordLength = BitUtil.align(HEADER_LENGTH + payloadSize, ALIGNMENT);
            long value = 1;
            for (int position = 0; position + recordLength + HEADER_LENGTH <= FILE_SIZE; position += recordLength)
            {
                file.buffer.putBytes(position + HEADER_LENGTH, payload, 0, payloadSize);
                file.buffer.putLong(position + HEADER_LENGTH + Payloads.VALUE_OFFSET, value++);
                file.buffer.putInt(position, payloadSize);
            }
        }

        /**
         * Unmap and delete the file.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            file.close();
        }

        /**
         * Read the next record, wrapping to the first after the last.
         *
         * @return the per-record value, read in place.
         */
        public long readOne()
        {
            final UnsafeBuffer buffer = file.buffer;
            int position = this.position;
            int length = buffer.getIntAcquire(position);
            if (0 == length)
            {
                position = 0;
                length = buffer.getIntAcquire(0);
            }
            this.position = position + BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
            return buffer.getLong(position + HEADER_LENGTH + Payloads.VALUE_OFFSET);
        }

        MappedFile file()
        {
            return file;
        }
    }

    /**
     * A file of {@link #FILE_SIZE} bytes, mapped and touched so that every page is resident before measuring.
     */
    static final class MappedFile implements AutoCloseable
    {
        final Path directory;
        final MappedByteBuffer mapped;
        final UnsafeBuffer buffer;

        MappedFile(final String prefix)
        {
            directory = BenchFiles.newDirectory(prefix);
            final Path path = directory.resolve("records.dat");
            try (FileChannel channel = FileChannel.open(path,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_SIZE);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot map " + path, ex);
            }
            buffer = new UnsafeBuffer(mapped);
            // Touch every page: allocates the file's blocks and page-cache pages now rather than in the measurement.
            buffer.setMemory(0, FILE_SIZE, (byte)0);
        }

        @Override
        public void close()
        {
            IoUtil.unmap(mapped);
            BenchFiles.delete(directory);
        }
    }

    /**
     * @param state the mapped file.
     * @return the value written (returned so JMH consumes it).
     */
    @Benchmark
    public long append(final AppendState state)
    {
        return state.appendOne();
    }

    /**
     * Write one length-prefixed record: the payload with {@code value} stamped in, then its length with a release
     * store, so a reader that sees the length sees the whole payload.
     */
    static void writeRecord(
        final UnsafeBuffer buffer, final int position, final UnsafeBuffer payload, final int length, final long value)
    {
        buffer.putBytes(position + HEADER_LENGTH, payload, 0, length);
        buffer.putLong(position + HEADER_LENGTH + Payloads.VALUE_OFFSET, value);
        buffer.putIntRelease(position, length);
    }

    /**
     * @param state the fresh file.
     * @return the value written (returned so JMH consumes it).
     */
    @Benchmark
    public long appendFresh(final FreshAppendState state)
    {
        return state.appendOne();
    }

    /**
     * @param state the filled file.
     * @return the value read (returned so JMH consumes it).
     */
    @Benchmark
    public long read(final ReadState state)
    {
        return state.readOne();
    }
}
