package io.ferrite.bench.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.alternatives.MappedFileBenchmark;
import io.ferrite.bench.alternatives.RawChronicleQueueBenchmark;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalAppender;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;

/**
 * Ferrite's journal, measured exactly as its alternatives are ({@link RawChronicleQueueBenchmark},
 * {@link MappedFileBenchmark}): the same payloads, one record per operation.
 * <ul>
 *     <li>{@code append}: one record (sequence, timestamp, type, {@code payloadSize}-byte payload, checksum) per
 *     operation with flush {@code NONE}, into a fresh journal per iteration, deleted after it; each iteration prints
 *     how much it wrote.</li>
 *     <li>{@code appendBatched}: the same records appended as the engine's journaller appends a ring batch, in
 *     batches of {@value #BATCH_RECORDS} ({@code beginBatch}, appends, {@code endBatch}: a few Chronicle excerpts per
 *     batch instead of one per record); scores are per record.</li>
 *     <li>{@code read}: one record per operation from a journal of {@value RawChronicleQueueBenchmark#READ_RECORDS}
 *     records written at trial start in batches of {@value #BATCH_RECORDS}, checksum verified, payload read in
 *     place, wrapping to the start at the end.</li>
 *     <li>{@code seek}: a seek to a pseudo-random sequence of that journal and a read of the record there, in
 *     microseconds per seek.</li>
 * </ul>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} should be ~0 B/op for both.
 */
public class FerriteJournalBenchmark extends BenchmarkDefaults
{
    /** Records per journal batch in {@code appendBatched} and in the journal that {@code read} reads. */
    public static final int BATCH_RECORDS = 64;

    /**
     * An empty journal per iteration and its appender.
     */
    @State(Scope.Thread)
    public static class AppendState
    {
        /** Payload bytes per record. */
        @Param({"64", "256"})
        public int payloadSize;

        private UnsafeBuffer payload;
        private Path directory;
        private Journal journal;
        private JournalAppender appender;
        private long nextSequence;

        /**
         * Make the payload once.
         */
        @Setup(Level.Trial)
        public void setUpTrial()
        {
            payload = Payloads.template(Payloads.checkSize(payloadSize));
        }

        /**
         * Open an empty journal.
         */
        @Setup(Level.Iteration)
        public void setUpIteration()
        {
            directory = BenchFiles.newDirectory("ferrite-journal-append");
            journal = openJournal(directory, payloadSize);
            appender = journal.appender();
            nextSequence = 1;
        }

        /**
         * Close and delete the journal, reporting how much the iteration wrote.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            final long appended = nextSequence - 1;
            journal.close();
            final long bytes = BenchFiles.sizeOf(directory);
            BenchFiles.delete(directory);
            System.out.printf("[ferrite journal append %dB] %,d records, %,d MB of journal files (deleted)%n",
                payloadSize, appended, bytes >> 20);
        }

        /**
         * Append one record.
         *
         * @return its sequence.
         */
        public long appendOne()
        {
            final long sequence = nextSequence++;
            final UnsafeBuffer payload = this.payload;
            payload.putLong(Payloads.VALUE_OFFSET, sequence);
            appender.append(sequence, sequence, 1, payload, 0, payloadSize);
            return sequence;
        }

        /**
         * Append {@value #BATCH_RECORDS} records as one journal batch.
         *
         * @return the last sequence appended.
         */
        public long appendBatch()
        {
            final JournalAppender appender = this.appender;
            final UnsafeBuffer payload = this.payload;
            final int payloadSize = this.payloadSize;
            long sequence = nextSequence;
            appender.beginBatch();
            for (int i = 0; i < BATCH_RECORDS; i++, sequence++)
            {
                payload.putLong(Payloads.VALUE_OFFSET, sequence);
                appender.append(sequence, sequence, 1, payload, 0, payloadSize);
            }
            appender.endBatch();
            nextSequence = sequence;
            return sequence - 1;
        }

        /**
         * @return the journal of the current iteration (for checks).
         */
        public Journal journal()
        {
            return journal;
        }

        /**
         * @return the directory of the current (or last) iteration's journal.
         */
        public Path directory()
        {
            return directory;
        }
    }

    /**
     * A journal of {@value RawChronicleQueueBenchmark#READ_RECORDS} records and a reader over it.
     */
    @State(Scope.Thread)
    public static class ReadState
    {
        /** Payload bytes per record. */
        @Param({"64", "256"})
        public int payloadSize;

        private final JournalRecord record = new JournalRecord();
        private long seekCursor;
        private Path directory;
        private Journal journal;
        private JournalReader reader;

        /**
         * Write the records, then open a reader at the start.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            directory = BenchFiles.newDirectory("ferrite-journal-read");
            journal = openJournal(directory, payloadSize);
            final UnsafeBuffer payload = Payloads.template(Payloads.checkSize(payloadSize));
            final JournalAppender appender = journal.appender();
            for (long sequence = 1; sequence <= RawChronicleQueueBenchmark.READ_RECORDS; sequence++)
            {
                if (1 == sequence % BATCH_RECORDS)
                {
                    appender.beginBatch();
                }
                payload.putLong(Payloads.VALUE_OFFSET, sequence);
                appender.append(sequence, sequence, 1, payload, 0, payloadSize);
                if (0 == sequence % BATCH_RECORDS)
                {
                    appender.endBatch();
                }
            }
            appender.endBatch();
            reader = journal.reader();
        }

        /**
         * Close and delete the journal.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            reader.close();
            journal.close();
            BenchFiles.delete(directory);
        }

        /**
         * Read the next record, wrapping to the first after the last.
         *
         * @return the per-record value, read in place.
         */
        public long readOne()
        {
            final JournalRecord record = this.record;
            if (!reader.next(record))
            {
                reader.toStart();
                if (!reader.next(record))
                {
                    throw new IllegalStateException("journal in " + directory + " is empty");
                }
            }
            return record.buffer().getLong(record.payloadOffset() + Payloads.VALUE_OFFSET);
        }

        /**
         * Seek to a pseudo-random sequence and read the record there.
         *
         * @return the per-record value, read in place.
         */
        public long seekOne()
        {
            // A multiplicative step through the sequences: no two seeks in a row land near each other.
            seekCursor = (seekCursor + 0x9E3779B97F4A7C15L) & Long.MAX_VALUE;
            final long sequence = 1 + seekCursor % RawChronicleQueueBenchmark.READ_RECORDS;
            final JournalRecord record = this.record;
            if (!reader.seek(sequence) || !reader.next(record) || record.sequence() != sequence)
            {
                throw new IllegalStateException("seek to " + sequence + " failed in " + directory);
            }
            return record.buffer().getLong(record.payloadOffset() + Payloads.VALUE_OFFSET);
        }

        /**
         * @return the journal's directory.
         */
        public Path directory()
        {
            return directory;
        }
    }

    static Journal openJournal(final Path directory, final int maxPayload)
    {
        return Journal.open(new JournalConfig()
            .directory(directory)
            .flushPolicy(FlushPolicy.NONE)
            .maxPayloadLength(maxPayload));
    }

    /**
     * @param state the open journal.
     * @return the sequence appended (returned so JMH consumes it).
     */
    @Benchmark
    public long append(final AppendState state)
    {
        return state.appendOne();
    }

    /**
     * @param state the open journal.
     * @return the last sequence appended (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH_RECORDS)
    public long appendBatched(final AppendState state)
    {
        return state.appendBatch();
    }

    /**
     * @param state the filled journal.
     * @return the value read (returned so JMH consumes it).
     */
    @Benchmark
    public long read(final ReadState state)
    {
        return state.readOne();
    }

    /**
     * @param state the filled journal.
     * @return the value read (returned so JMH consumes it).
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long seek(final ReadState state)
    {
        return state.seekOne();
    }
}
