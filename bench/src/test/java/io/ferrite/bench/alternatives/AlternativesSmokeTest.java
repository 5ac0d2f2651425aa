package io.ferrite.bench.alternatives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;

/**
 * Each alternative's set-up, one benchmark invocation and tear-down, checked for what the benchmark claims to move:
 * every event reaches every stage, every record is written and read back. Nothing here is timed.
 */
@Timeout(120)
class AlternativesSmokeTest
{
    private static final long N = BenchmarkDefaults.PIPELINE_BATCH;
    /** Sum of the per-event values 1..N that one batch writes. */
    private static final long SUM_OF_ONE_BATCH = N * (N + 1) / 2;

    @Test
    void rawDisruptorOneToOneShouldDeliverEveryEventToTheConsumer()
    {
        final RawDisruptorRingBenchmark.OneToOne shape = new RawDisruptorRingBenchmark.OneToOne();
        shape.payloadSize = 64;
        shape.waitStrategy = "sleeping";
        shape.setUp();
        try
        {
            assertEquals(N - 1, new RawDisruptorRingBenchmark().oneToOne(shape));
            assertEquals(SUM_OF_ONE_BATCH, shape.chain().checksum(0));
        }
        finally
        {
            shape.tearDown();
        }
    }

    @Test
    void rawDisruptorThreeStagePipelineShouldDeliverEveryEventToEveryStage()
    {
        final RawDisruptorRingBenchmark.ThreeStagePipeline shape = new RawDisruptorRingBenchmark.ThreeStagePipeline();
        shape.payloadSize = 64;
        shape.waitStrategy = "yielding";
        shape.setUp();
        try
        {
            new RawDisruptorRingBenchmark().threeStagePipeline(shape);
            for (int stage = 0; stage < 3; stage++)
            {
                assertEquals(SUM_OF_ONE_BATCH, shape.chain().checksum(stage), "stage " + stage);
            }
        }
        finally
        {
            shape.tearDown();
        }
    }

    @Test
    void blockingQueueOneToOneShouldDeliverEveryEventToTheConsumer()
    {
        final BlockingQueueRingBenchmark.OneToOne shape = new BlockingQueueRingBenchmark.OneToOne();
        shape.payloadSize = 64;
        shape.setUp();
        try
        {
            assertEquals(N, new BlockingQueueRingBenchmark().oneToOne(shape));
            assertEquals(SUM_OF_ONE_BATCH, shape.chain().checksum(0));
        }
        finally
        {
            shape.tearDown();
        }
    }

    @Test
    void blockingQueueThreeStagePipelineShouldDeliverEveryEventToEveryStageAcrossPoolReuse()
    {
        final BlockingQueueRingBenchmark.ThreeStagePipeline shape =
            new BlockingQueueRingBenchmark.ThreeStagePipeline();
        shape.payloadSize = 64;
        shape.setUp();
        try
        {
            // Two batches (2^18 events) cycle through the pool (3 * (2^16 + 1) + 1 events) more than once, so a
            // pooled event refilled while still in flight would corrupt a stage's checksum.
            final BlockingQueueRingBenchmark benchmark = new BlockingQueueRingBenchmark();
            benchmark.threeStagePipeline(shape);
            benchmark.threeStagePipeline(shape);
            final long twoBatches = 2 * N;
            for (int stage = 0; stage < 3; stage++)
            {
                assertEquals(twoBatches * (twoBatches + 1) / 2, shape.chain().checksum(stage), "stage " + stage);
            }
        }
        finally
        {
            shape.tearDown();
        }
    }

    @Test
    void rawChronicleQueueAppendShouldWriteEveryRecordAndDeleteTheQueueAfterTheIteration()
    {
        final RawChronicleQueueBenchmark.AppendState state = new RawChronicleQueueBenchmark.AppendState();
        state.payloadSize = 64;
        state.setUpTrial();
        state.setUpIteration();
        final int records = 10_000;
        for (int i = 0; i < records; i++)
        {
            new RawChronicleQueueBenchmark().append(state);
        }
        long expected = 1;
        try (ExcerptTailer tailer = state.queue().createTailer())
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
                    assertEquals(64, bytes.readRemaining());
                    assertEquals(expected++, bytes.readLong(bytes.readPosition()));
                }
            }
        }
        assertEquals(records + 1, expected);
        state.tearDownIteration();
        assertFalse(Files.exists(state.directory()), "queue directory left behind: " + state.directory());
    }

    @Test
    void rawChronicleQueueReadShouldReturnRecordsInOrderAndWrapAtTheEnd()
    {
        final RawChronicleQueueBenchmark.ReadState state = new RawChronicleQueueBenchmark.ReadState();
        state.payloadSize = 256;
        state.setUp();
        try
        {
            final RawChronicleQueueBenchmark benchmark = new RawChronicleQueueBenchmark();
            for (long expected = 1; expected <= RawChronicleQueueBenchmark.READ_RECORDS; expected++)
            {
                final long value = benchmark.read(state);
                if (value != expected)
                {
                    assertEquals(expected, value, "record " + expected);
                }
            }
            assertEquals(1, benchmark.read(state), "after the last record the reader wraps to the first");
        }
        finally
        {
            state.tearDown();
        }
        assertFalse(Files.exists(state.directory()), "queue directory left behind: " + state.directory());
    }

    @Test
    void mappedFileAppendShouldWriteLengthPrefixedRecordsAndWrapToTheStart()
    {
        final MappedFileBenchmark.AppendState state = new MappedFileBenchmark.AppendState();
        state.payloadSize = 64;
        state.setUp();
        try
        {
            final int recordLength = BitUtil.align(MappedFileBenchmark.HEADER_LENGTH + 64, MappedFileBenchmark.ALIGNMENT);
            final long perFile = (MappedFileBenchmark.FILE_SIZE - MappedFileBenchmark.HEADER_LENGTH) / recordLength;
            final MappedFileBenchmark benchmark = new MappedFileBenchmark();
            for (long i = 0; i < perFile; i++)
            {
                benchmark.append(state);
            }
            final UnsafeBuffer buffer = state.file().buffer;
            assertEquals(64, buffer.getInt(0));
            assertEquals(1, buffer.getLong(MappedFileBenchmark.HEADER_LENGTH));
            assertEquals(perFile, buffer.getLong((int)((perFile - 1) * recordLength) + MappedFileBenchmark.HEADER_LENGTH));

            assertEquals(perFile + 1, benchmark.append(state));
            assertEquals(perFile + 1, buffer.getLong(MappedFileBenchmark.HEADER_LENGTH), "the file is full: wrap to 0");
        }
        finally
        {
            state.tearDown();
        }
        assertFalse(Files.exists(state.file().directory));
    }

    @Test
    void mappedFileFreshAppendShouldGrowANewFileChunkByChunkAndDeleteItAfterTheIteration() throws Exception
    {
        final MappedFileBenchmark.FreshAppendState state = new MappedFileBenchmark.FreshAppendState();
        state.payloadSize = 64;
        state.setUpTrial();
        state.setUpIteration();
        final java.nio.file.Path file = state.directory().resolve("records.dat");
        try
        {
            assertEquals(MappedFileBenchmark.FRESH_CHUNK, Files.size(file), "the first chunk is mapped up front");
            final int recordLength = BitUtil.align(MappedFileBenchmark.HEADER_LENGTH + 64, MappedFileBenchmark.ALIGNMENT);
            final long perChunk = (MappedFileBenchmark.FRESH_CHUNK - MappedFileBenchmark.HEADER_LENGTH) / recordLength;
            final MappedFileBenchmark benchmark = new MappedFileBenchmark();
            for (long i = 0; i < perChunk; i++)
            {
                benchmark.appendFresh(state);
            }
            final UnsafeBuffer first = state.buffer();
            assertEquals(1, state.chunks());
            assertEquals(64, first.getInt(0));
            assertEquals(perChunk, first.getLong((int)((perChunk - 1) * recordLength) + MappedFileBenchmark.HEADER_LENGTH));
            assertEquals(0, first.getInt((int)(perChunk * recordLength)), "a 0 length ends the chunk");

            assertEquals(perChunk + 1, benchmark.appendFresh(state));
            assertEquals(2, state.chunks(), "the record that did not fit starts the next chunk");
            assertEquals(perChunk + 1, state.buffer().getLong(MappedFileBenchmark.HEADER_LENGTH));
            assertEquals(2L * MappedFileBenchmark.FRESH_CHUNK, Files.size(file), "the file grew by one chunk");
        }
        finally
        {
            state.tearDownIteration();
        }
        assertFalse(Files.exists(state.directory()), "the iteration's file is deleted");
    }

    @Test
    void mappedFileReadShouldReturnRecordsInOrderAndWrapAtTheEnd()
    {
        final MappedFileBenchmark.ReadState state = new MappedFileBenchmark.ReadState();
        state.payloadSize = 256;
        state.setUp();
        try
        {
            final int recordLength = BitUtil.align(MappedFileBenchmark.HEADER_LENGTH + 256, MappedFileBenchmark.ALIGNMENT);
            final long perFile = (MappedFileBenchmark.FILE_SIZE - MappedFileBenchmark.HEADER_LENGTH) / recordLength;
            final MappedFileBenchmark benchmark = new MappedFileBenchmark();
            for (long expected = 1; expected <= perFile; expected++)
            {
                final long value = benchmark.read(state);
                if (value != expected)
                {
                    assertEquals(expected, value, "record " + expected);
                }
            }
            assertEquals(1, benchmark.read(state), "after the last record the reader wraps to the first");
        }
        finally
        {
            state.tearDown();
        }
    }

    @Test
    void handWiredJournaledPipelineShouldJournalEveryEventBeforeProcessingIt()
    {
        final HandWiredJournaledPipelineBenchmark.PipelineState state =
            new HandWiredJournaledPipelineBenchmark.PipelineState();
        state.payloadSize = 64;
        state.waitStrategy = "yielding";
        state.flush = "BATCH";
        state.setUpTrial();
        state.setUpIteration();
        try
        {
            assertEquals(N - 1, new HandWiredJournaledPipelineBenchmark().journaledPipeline(state));
            assertEquals(SUM_OF_ONE_BATCH, state.pipeline().processorChecksum());
            assertEquals(N, state.pipeline().journaled());
            assertJournalHolds(state.pipeline().queue(), N);
        }
        finally
        {
            state.tearDownIteration();
        }
        assertFalse(Files.exists(state.directory()), "queue directory left behind: " + state.directory());
    }

    @Test
    void handWiredJournaledPipelineShouldDeliverOneOutputPerInputToTheSink()
    {
        final java.nio.file.Path directory = BenchFiles.newDirectory("hand-wired-test");
        final AtomicLong outputs = new AtomicLong();
        final AtomicLong lastCause = new AtomicLong(-1);
        final AtomicLong timestampSum = new AtomicLong();
        final UnsafeBuffer payload = Payloads.template(64);
        final int events = 5_000;
        try (HandWiredJournaledPipeline pipeline = new HandWiredJournaledPipeline(
            "hand-wired-test", directory, 1024, 64, WaitKind.SLEEPING, false,
            (cause, timestamp, buffer, length) ->
            {
                if (cause == lastCause.get() + 1 && length == 64 && buffer.getLong(0) == timestamp)
                {
                    lastCause.set(cause);
                    timestampSum.addAndGet(timestamp);
                    outputs.incrementAndGet();
                }
            }))
        {
            for (int i = 1; i <= events; i++)
            {
                pipeline.publish(i, 7, payload, 64);
            }
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (outputs.get() < events && System.nanoTime() < deadline)
            {
                Thread.yield();
            }
        }
        finally
        {
            BenchFiles.delete(directory);
        }
        assertEquals(events, outputs.get(), "outputs in order, each carrying its input's timestamp and payload");
        assertEquals((long)events * (events + 1) / 2, timestampSum.get());
    }

    @Test
    void busySpinShouldBeRefusedWhenSpinnersOutnumberCores()
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        final IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> WaitKind.BUSY_SPIN.checkCores(cores + 1, "shape-x"));
        assertTrue(refused.getMessage().contains("shape-x"), refused.getMessage());
        WaitKind.BUSY_SPIN.checkCores(cores, "shape-x");
        WaitKind.YIELDING.checkCores(cores + 1, "shape-x");
    }

    private static void assertJournalHolds(final ChronicleQueue queue, final long records)
    {
        long expectedSequence = 0;
        try (ExcerptTailer tailer = queue.createTailer())
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
                    assertEquals(expectedSequence, bytes.readLong(), "sequence");
                    assertEquals(expectedSequence + 1, bytes.readLong(), "timestamp");
                    assertEquals(1, bytes.readInt(), "type");
                    assertEquals(64, bytes.readInt(), "length");
                    assertEquals(expectedSequence + 1, bytes.readLong(), "per-event value at the payload start");
                    expectedSequence++;
                }
            }
        }
        assertEquals(records, expectedSequence);
    }
}
