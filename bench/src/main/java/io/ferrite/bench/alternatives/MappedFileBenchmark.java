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
 * Record layout: a 4-byte length (written last, with a release store, so a concurrent reader never sees a partial
 * record), then the payload; records are 4-byte aligned. The writer wraps to the start of the
 * {@value #FILE_SIZE}-byte file when it is full, rewriting pages that are already mapped and dirty.
 */
public class MappedFileBenchmark extends BenchmarkDefaults
{
    /** Size of the mapped file. */
    public static final int FILE_SIZE = 256 << 20;

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
            buffer.putBytes(position + HEADER_LENGTH, payload, 0, length);
            buffer.putLong(position + HEADER_LENGTH + Payloads.VALUE_OFFSET, value);
            // Release store of the length last: a reader that sees it sees the whole payload.
            buffer.putIntRelease(position, length);
            this.position = position + recordLength;
            return value;
        }

        MappedFile file()
        {
            return file;
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
     * @param state the filled file.
     * @return the value read (returned so JMH consumes it).
     */
    @Benchmark
    public long read(final ReadState state)
    {
        return state.readOne();
    }
}
