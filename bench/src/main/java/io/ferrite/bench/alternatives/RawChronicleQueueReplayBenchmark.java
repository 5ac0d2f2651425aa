package io.ferrite.bench.alternatives;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.journal.JournalFixtures;

/**
 * The floor for Ferrite's replay and recovery: a raw Chronicle Queue tailer reading a journal of one record per
 * excerpt from start to end, zero-copy: one {@code readingDocument()} per record and one 8-byte read in place (the
 * record's first 8 bytes, its sequence field), with no checksum, no sequence check and no processor. This is what a
 * plain Chronicle Queue user who appends each message as its own document pays to read it back.
 * <ul>
 *     <li>{@code replay}: open the queue and read all {@value #REPLAY_EVENTS} records, per invocation; events per
 *     second, opening included, like Ferrite's replay.</li>
 *     <li>{@code recover}: the same over {@code events} records, timed once per iteration (single shot), for the
 *     side-by-side with Ferrite's recovery time.</li>
 * </ul>
 * The journal is written once per trial through Ferrite's journal API, one record per excerpt
 * ({@link JournalFixtures#writeOneRecordPerExcerpt}): the same records (count, sequences, payload bytes, 92 bytes each
 * with 64-byte payloads) that Ferrite's replay reads from its batched journal ({@link JournalFixtures#write}, the
 * excerpts its journaller writes), so both sides read the same records, each laid out as its writer lays it out.
 */
public class RawChronicleQueueReplayBenchmark extends BenchmarkDefaults
{
    /**
     * A Ferrite journal of {@value #REPLAY_EVENTS} records.
     */
    @State(Scope.Thread)
    public static class ReplayState
    {
        /** Payload bytes per record. */
        @Param({"64"})
        public int payloadSize;

        private Path directory;

        /**
         * Write the journal.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            directory = BenchFiles.newDirectory("raw-cq-replay");
            JournalFixtures.writeOneRecordPerExcerpt(directory, REPLAY_EVENTS, payloadSize);
        }

        /**
         * Delete the journal.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            BenchFiles.delete(directory);
        }

        /**
         * @return the journal's directory.
         */
        public Path directory()
        {
            return directory;
        }
    }

    /**
     * A Ferrite journal of {@code events} records.
     */
    @State(Scope.Thread)
    public static class RecoverState
    {
        /** Records in the journal. */
        @Param({"1000000"})
        public long events;

        /** Payload bytes per record. */
        @Param({"64"})
        public int payloadSize;

        private Path directory;

        /**
         * Write the journal.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            directory = BenchFiles.newDirectory("raw-cq-recover");
            JournalFixtures.writeOneRecordPerExcerpt(directory, events, payloadSize);
        }

        /**
         * Delete the journal.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            BenchFiles.delete(directory);
        }
    }

    /**
     * Open the queue read-only and read every excerpt, one record each.
     *
     * @param directory the queue.
     * @param expected  how many records it must hold.
     * @return the sum of the first 8 bytes of every record.
     * @throws IllegalStateException if the queue holds a different number of records.
     */
    public static long readAll(final Path directory, final long expected)
    {
        long sum = 0;
        long records = 0;
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(directory).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    sum += bytes.readLong(bytes.readPosition());
                    records++;
                }
            }
        }
        if (records != expected)
        {
            throw new IllegalStateException(directory + " holds " + records + " records, expected " + expected);
        }
        return sum;
    }

    /**
     * @param state the journal.
     * @return a sum over the records (returned so JMH consumes it).
     */
    @Benchmark
    @OperationsPerInvocation(REPLAY_EVENTS)
    public long replay(final ReplayState state)
    {
        return readAll(state.directory, REPLAY_EVENTS);
    }

    /**
     * @param state the journal.
     * @return a sum over the records (returned so JMH consumes it).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long recover(final RecoverState state)
    {
        return readAll(state.directory, state.events);
    }
}
