package io.ferrite.bench.journal;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

import io.ferrite.bench.Payloads;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalAppender;
import io.ferrite.journal.JournalConfig;

/**
 * Writes the journals that the replay benchmarks read, through Ferrite's journal API. Both shapes hold the same
 * records (same count, sequences, timestamps, type and payload bytes); they differ only in how records are grouped
 * into Chronicle Queue excerpts:
 * <ul>
 *     <li>{@link #write}: as the engine's journaller writes them flat out with flush policy NONE: one journal batch
 *     per {@value #JOURNALLER_BATCH} events (the journaller's duty-cycle bound, {@code EngineConfiguration
 *     .DUTY_CYCLE_LIMIT}), whose records share excerpts of at most 64 KiB ({@code RecordDescriptor
 *     .BATCH_LENGTH_LIMIT}): with 64-byte payloads, 712 records per full excerpt. Ferrite's replay and recovery
 *     benchmarks read this.</li>
 *     <li>{@link #writeOneRecordPerExcerpt}: one record per excerpt, the journal of a plain Chronicle Queue user who
 *     appends each message as its own document. The raw Chronicle read of the floor reads this.</li>
 * </ul>
 */
public final class JournalFixtures
{
    /** The event type of fixture records. */
    public static final int EVENT_TYPE = 1;

    /**
     * Events per journal batch in {@link #write}: the engine journaller's bound on one duty cycle's batch with flush
     * policy NONE or EVERY (a copy of the engine's package-private {@code EngineConfiguration.DUTY_CYCLE_LIMIT}),
     * which a journaller running flat out reaches every cycle.
     */
    public static final int JOURNALLER_BATCH = 1024;

    private JournalFixtures()
    {
    }

    /**
     * Write records 1..{@code events} in journal batches of {@value #JOURNALLER_BATCH}, as the engine's journaller
     * does flat out; record {@code i} has timestamp {@code i} and the benchmark payload with {@code i} as its
     * per-event value.
     *
     * @param journalDirectory an empty or missing directory.
     * @param events           how many records.
     * @param payloadSize      payload bytes per record.
     */
    public static void write(final Path journalDirectory, final long events, final int payloadSize)
    {
        write(journalDirectory, events, payloadSize, JOURNALLER_BATCH);
    }

    /**
     * Write the same records as {@link #write}, one per Chronicle excerpt.
     *
     * @param journalDirectory an empty or missing directory.
     * @param events           how many records.
     * @param payloadSize      payload bytes per record.
     */
    public static void writeOneRecordPerExcerpt(final Path journalDirectory, final long events, final int payloadSize)
    {
        write(journalDirectory, events, payloadSize, 1);
    }

    private static void write(final Path journalDirectory, final long events, final int payloadSize, final int batch)
    {
        final UnsafeBuffer payload = Payloads.template(Payloads.checkSize(payloadSize));
        try (Journal journal = Journal.open(new JournalConfig()
            .directory(journalDirectory)
            .flushPolicy(FlushPolicy.NONE)
            .maxPayloadLength(Math.max(payloadSize, 64))))
        {
            final JournalAppender appender = journal.appender();
            for (long sequence = 1; sequence <= events; sequence++)
            {
                // Outside a batch every append is its own excerpt; inside one, appends share excerpts.
                if (batch > 1 && sequence % batch == 1)
                {
                    appender.beginBatch();
                }
                payload.putLong(Payloads.VALUE_OFFSET, sequence);
                appender.append(sequence, sequence, EVENT_TYPE, payload, 0, payloadSize);
                if (batch > 1 && (sequence % batch == 0 || sequence == events))
                {
                    appender.endBatch();
                }
            }
        }
    }
}
