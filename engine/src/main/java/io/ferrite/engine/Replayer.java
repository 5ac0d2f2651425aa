package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Rebuilds processor state from a data directory without starting an engine: read-only, single-threaded, no sinks.
 * Checks every recorded digest on the way and reports the first divergence instead of throwing, so tools can print
 * it. Used by {@code ferrite replay} and the replay benchmarks.
 */
public final class Replayer
{
    private Replayer()
    {
    }

    /**
     * Replay a data directory through a fresh pipeline.
     *
     * @param dataDirectory the engine's data directory (holding {@code journal/}).
     * @param pipeline      a fresh pipeline (new processor instances) of the workload that wrote the journal.
     * @param toSequence    stop after this sequence; 0 for the journal tail.
     * @param fromSnapshot  start from the newest valid snapshot at or below {@code toSequence} instead of the first
     *                      record.
     * @return what was replayed, the final digest and the first divergence if any.
     * @throws FerriteException if the directory cannot be replayed (missing records, unreadable files).
     */
    public static ReplayReport replay(
        final Path dataDirectory, final Pipeline pipeline, final long toSequence, final boolean fromSnapshot)
    {
        return replay(dataDirectory, pipeline, toSequence, fromSnapshot, null);
    }

    /**
     * Replay a data directory through a fresh pipeline, reporting progress.
     *
     * @param dataDirectory the engine's data directory (holding {@code journal/}).
     * @param pipeline      a fresh pipeline (new processor instances) of the workload that wrote the journal.
     * @param toSequence    stop after this sequence; 0 for the journal tail.
     * @param fromSnapshot  start from the newest valid snapshot at or below {@code toSequence}.
     * @param progress      told the sequence reached every 2^20 events, on the replaying thread; may be null.
     * @return what was replayed, the final digest and the first divergence if any.
     * @throws FerriteException if the directory cannot be replayed (missing records, unreadable files).
     */
    public static ReplayReport replay(
        final Path dataDirectory,
        final Pipeline pipeline,
        final long toSequence,
        final boolean fromSnapshot,
        final LongConsumer progress)
    {
        final Path journalDirectory = dataDirectory.resolve("journal");
        try (Journal journal = Journal.open(new JournalConfig().directory(journalDirectory).readOnly(true)))
        {
            final long tail = journal.lastSequence();
            final long to = toSequence <= 0 ? tail : Math.min(toSequence, tail);
            final List<String> notes = new ArrayList<>();
            if (toSequence > tail)
            {
                notes.add("asked to replay to sequence " + toSequence + ", but the journal in " + journalDirectory +
                    " ends at " + tail + ": replayed to its end");
            }
            final List<ProcessorSpec> specs = pipeline.processors();
            final ProcessorAgent[] agents = new ProcessorAgent[specs.size()];
            final EngineState state = new EngineState();
            for (int i = 0; i < agents.length; i++)
            {
                // Read-only: recorded digests are checked, none are written.
                agents[i] = new ProcessorAgent(i, specs.get(i), state,
                    DigestLog.openReadOnly(dataDirectory, specs.get(i).name()));
            }

            long snapshotSequence = 0;
            if (fromSnapshot)
            {
                final SnapshotStore.Loaded snapshot = Recovery.chooseSnapshot(
                    SnapshotStore.open(dataDirectory), journal, to, notes);
                if (null != snapshot)
                {
                    Recovery.restore(snapshot, agents);
                    snapshotSequence = snapshot.info().sequence();
                }
            }
            Recovery.checkJournalContinues(journal, snapshotSequence, null);
            final long start = System.nanoTime();
            final long events = Recovery.replay(journal, snapshotSequence + 1, to, agents, progress);
            final long elapsed = System.nanoTime() - start;
            return new ReplayReport(snapshotSequence, events, events == 0 ? 0 : snapshotSequence + 1,
                snapshotSequence + events, elapsed, Recovery.combinedDigest(agents), Recovery.digestsChecked(agents),
                Recovery.firstDivergence(agents), List.copyOf(notes));
        }
    }
}
