package io.ferrite.bench.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ferrite.bench.Payloads;
import io.ferrite.bench.alternatives.RawChronicleQueueBenchmark;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;

@Timeout(120)
class FerriteJournalBenchmarkTest
{
    @Test
    void appendShouldWriteCheckedRecordsAndDeleteTheJournalAfterTheIteration()
    {
        final FerriteJournalBenchmark.AppendState state = new FerriteJournalBenchmark.AppendState();
        state.payloadSize = 256;
        state.setUpTrial();
        state.setUpIteration();
        final int records = 10_000;
        final FerriteJournalBenchmark benchmark = new FerriteJournalBenchmark();
        for (int i = 1; i <= records; i++)
        {
            assertEquals(i, benchmark.append(state));
        }
        assertEquals(records, state.journal().lastSequence());
        final JournalRecord record = new JournalRecord();
        try (JournalReader reader = state.journal().reader())
        {
            for (long expected = 1; expected <= records; expected++)
            {
                assertTrue(reader.next(record), "record " + expected);
                assertEquals(expected, record.sequence());
                assertEquals(256, record.length());
                assertEquals(expected, record.buffer().getLong(record.payloadOffset() + Payloads.VALUE_OFFSET));
            }
            assertFalse(reader.next(record));
        }
        state.tearDownIteration();
        assertFalse(Files.exists(state.directory()), "journal left behind: " + state.directory());
    }

    @Test
    void readShouldReturnRecordsInOrderAndWrapAtTheEnd()
    {
        final FerriteJournalBenchmark.ReadState state = new FerriteJournalBenchmark.ReadState();
        state.payloadSize = 64;
        state.setUp();
        try
        {
            final FerriteJournalBenchmark benchmark = new FerriteJournalBenchmark();
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
        assertFalse(Files.exists(state.directory()), "journal left behind: " + state.directory());
    }

    @Test
    void appendBatchedShouldWriteBatchesOfCheckedRecords()
    {
        final FerriteJournalBenchmark.AppendState state = new FerriteJournalBenchmark.AppendState();
        state.payloadSize = 64;
        state.setUpTrial();
        state.setUpIteration();
        final FerriteJournalBenchmark benchmark = new FerriteJournalBenchmark();
        final int batches = 100;
        for (int i = 1; i <= batches; i++)
        {
            assertEquals((long)i * FerriteJournalBenchmark.BATCH_RECORDS, benchmark.appendBatched(state));
        }
        final long records = (long)batches * FerriteJournalBenchmark.BATCH_RECORDS;
        assertEquals(records, state.journal().lastSequence());
        assertTrue(state.journal().verify().ok());
        assertEquals(records, state.journal().verify().records());
        state.tearDownIteration();
        assertFalse(Files.exists(state.directory()), "journal left behind: " + state.directory());
    }

    @Test
    void seekShouldLandOnTheSequenceSought()
    {
        final FerriteJournalBenchmark.ReadState state = new FerriteJournalBenchmark.ReadState();
        state.payloadSize = 64;
        state.setUp();
        try
        {
            final FerriteJournalBenchmark benchmark = new FerriteJournalBenchmark();
            for (int i = 0; i < 1_000; i++)
            {
                // seekOne throws unless the record read is the one sought; the value is its sequence.
                assertTrue(benchmark.seek(state) >= 1);
            }
        }
        finally
        {
            state.tearDown();
        }
    }
}
