package io.ferrite.bench.journal;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

import io.ferrite.bench.Payloads;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalAppender;
import io.ferrite.journal.JournalConfig;

/**
 * Writes the journals that the replay benchmarks read, through Ferrite's journal API, so that Ferrite's replay and
 * the raw Chronicle Queue read of the floor read exactly the same files.
 */
public final class JournalFixtures
{
    /** The event type of fixture records. */
    public static final int EVENT_TYPE = 1;

    private JournalFixtures()
    {
    }

    /**
     * Write records 1..{@code events}; record {@code i} has timestamp {@code i} and the benchmark payload with
     * {@code i} as its per-event value.
     *
     * @param journalDirectory an empty or missing directory.
     * @param events           how many records.
     * @param payloadSize      payload bytes per record.
     */
    public static void write(final Path journalDirectory, final long events, final int payloadSize)
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
                payload.putLong(Payloads.VALUE_OFFSET, sequence);
                appender.append(sequence, sequence, EVENT_TYPE, payload, 0, payloadSize);
            }
        }
    }
}
