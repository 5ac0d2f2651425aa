package io.ferrite.engine;

import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tracked sink resumes at (input sequence, ordinal): where a crash cut an input's outputs off part-way, recovery
 * re-creates that input's outputs and delivers exactly the ones the sink lacks, even when a snapshot was taken at
 * that very input.
 */
@Timeout(60)
class SinkResumeTest
{
    private static final long EVENTS = 3_000;
    /** Snapshots land at 1001 and 2002; input 2002 has two outputs. */
    private static final long SNAPSHOT_EVERY = 1_001;
    private static final long CUT_INPUT = 2_002;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverTheRestOfAnInputWhoseOutputsWereCutOffPartWay() throws IOException
    {
        runOnce(EVENTS);
        assertTrue(snapshotSequences().contains(CUT_INPUT), "no snapshot at the cut input: " + snapshotSequences());
        assertEquals(2, SummingProcessor.outputsFor(CUT_INPUT));
        cutSinkAfter(CUT_INPUT, 0);

        final RecoveryReport report = runOnce(EVENTS);

        assertEquals(SNAPSHOT_EVERY, report.snapshotSequence(), "a snapshot at the cut input would skip its rest");
        CrashLoopIT.assertSinkHoldsEveryOutputOnce(sinkFile(), EVENTS);
    }

    @Test
    void shouldNotRepeatOutputsOfAnInputTheSinkHoldsInFull() throws IOException
    {
        runOnce(EVENTS);
        // The sink holds both outputs of the input: it cannot know that was all, so it reports ordinal 1.
        cutSinkAfter(CUT_INPUT, 1);

        runOnce(EVENTS);

        CrashLoopIT.assertSinkHoldsEveryOutputOnce(sinkFile(), EVENTS);
    }

    @Test
    void shouldRefuseANegativeOrdinal()
    {
        final Sink sink = new Sink()
        {
            public void onOutput(final OutputView output, final boolean endOfBatch)
            {
            }

            public long lastDeliveredSequence()
            {
                return 0;
            }

            public int lastDeliveredOrdinal()
            {
                return -2;
            }
        };
        try (Engine engine = builder(dir, Pipeline.builder().stage("sum", SummingProcessor.several()).build())
            .sink("broken", sink).build())
        {
            final FerriteException ex = assertThrows(FerriteException.class, engine::start);
            assertTrue(ex.getMessage().contains("sink:broken reported lastDeliveredOrdinal -2"), ex.getMessage());
        }
    }

    private RecoveryReport runOnce(final long events) throws IOException
    {
        try (FileSink sink = new FileSink(sinkFile());
            Engine engine = builder(dir, Pipeline.builder().stage("sum", SummingProcessor.several()).build())
                .sink("file", sink)
                .snapshotEvery(SNAPSHOT_EVERY)
                .build())
        {
            final RecoveryReport report = engine.start();
            publishUpTo(engine, events);
            assertTrue(engine.stop(STOP));
            return report;
        }
    }

    /** Truncate the sink file just after the given output, as a kill between two writes would leave it. */
    private void cutSinkAfter(final long input, final int ordinal) throws IOException
    {
        long records = 0;
        for (long s = 1; s < input; s++)
        {
            records += SummingProcessor.outputsFor(s);
        }
        records += ordinal + 1;
        try (FileChannel channel = FileChannel.open(sinkFile(), StandardOpenOption.WRITE))
        {
            assertTrue(channel.size() > records * FileSink.RECORD, "the sink holds fewer outputs than expected");
            channel.truncate(records * FileSink.RECORD);
        }
    }

    private List<Long> snapshotSequences()
    {
        return SnapshotStore.open(dir).files().stream().map(SnapshotStore::sequenceOf).toList();
    }

    private Path sinkFile()
    {
        return dir.resolve("sink.out");
    }
}
