package io.ferrite.engine;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * The steps of recovery shared by {@link Engine#start()} and the {@link Replayer}: choose a snapshot, restore it,
 * check the journal can continue from it, replay. Runs on one thread before any pipeline thread starts.
 */
final class Recovery
{
    /** Progress is reported every 2^20 events. */
    static final long PROGRESS_MASK = (1 << 20) - 1;

    private Recovery()
    {
    }

    /**
     * Choose the newest usable snapshot at or below the journal tail.
     *
     * @return the snapshot, or null to replay from the first record.
     * @throws FerriteException if a snapshot is newer than the journal tail, or of an unsupported format: both mean
     *                          the directory cannot be trusted to give the right state.
     */
    static SnapshotStore.Loaded chooseSnapshot(
        final SnapshotStore store, final Journal journal, final long upTo, final List<String> notes)
    {
        final long tail = journal.lastSequence();
        for (final java.nio.file.Path file : store.files())
        {
            final long sequence = SnapshotStore.sequenceOf(file);
            if (sequence > tail)
            {
                throw new FerriteException("snapshot " + file + " is at sequence " + sequence +
                    " but the journal in " + journal.directory() + " ends at " + tail +
                    ": the journal lost records the snapshot had seen (restored from an older backup, or flush " +
                    "policy NONE across a machine crash). Restore the matching journal, or move the snapshot away " +
                    "to recover from an older one.");
            }
            if (sequence > upTo)
            {
                continue;
            }
            final SnapshotStore.Loaded loaded = SnapshotStore.read(file);
            if (loaded.info().valid())
            {
                return loaded;
            }
            if (loaded.info().formatVersion() > 0 && loaded.info().formatVersion() != SnapshotStore.FORMAT_VERSION)
            {
                throw new FerriteException("snapshot " + file + " at sequence " + sequence + " has format version " +
                    loaded.info().formatVersion() + "; this build reads version " + SnapshotStore.FORMAT_VERSION +
                    ". Recover with the Ferrite version that wrote it, or move it away to recover without it.");
            }
            notes.add("snapshot " + file.getFileName() + " is unusable (" + loaded.info().problem() +
                "); trying an older one");
        }
        return null;
    }

    /**
     * Restore every processor from the snapshot and check each restored digest against the recorded one.
     */
    static void restore(final SnapshotStore.Loaded snapshot, final ProcessorAgent[] agents)
    {
        final List<String> names = snapshot.info().processorNames();
        if (names.size() != agents.length)
        {
            throw new FerriteException("snapshot " + snapshot.info().path() + " holds processors " + names +
                " but the pipeline has " + agents.length + " processors: " + namesOf(agents));
        }
        for (int i = 0; i < agents.length; i++)
        {
            if (!names.get(i).equals(agents[i].name()))
            {
                throw new FerriteException("snapshot " + snapshot.info().path() + " holds processors " + names +
                    " but the pipeline has " + namesOf(agents) + " (names and order must match)");
            }
            agents[i].loadSnapshotPart(snapshot.buffer(), snapshot.offsets()[i], snapshot.lengths()[i]);
            final long restored = agents[i].digest();
            if (restored != snapshot.digests()[i])
            {
                throw new FerriteException("processor '" + agents[i].name() + "' restored from snapshot " +
                    snapshot.info().path() + " has digest " + String.format("%016x", restored) +
                    " but the snapshot recorded " + String.format("%016x", snapshot.digests()[i]) +
                    ": its writeSnapshot/loadSnapshot do not round-trip the state");
            }
        }
    }

    /**
     * Check the journal holds every record from {@code snapshotSequence + 1} on.
     */
    static void checkJournalContinues(final Journal journal, final long snapshotSequence, final Object snapshotFile)
    {
        final long first = journal.firstSequence();
        final long tail = journal.lastSequence();
        if (tail > snapshotSequence && first > snapshotSequence + 1)
        {
            throw new FerriteException("journal in " + journal.directory() + " starts at sequence " + first +
                " but recovery needs " + (snapshotSequence + 1) + " onwards (" +
                (null == snapshotFile ? "no usable snapshot" : "snapshot " + snapshotFile) +
                "): records " + (snapshotSequence + 1) + ".." + (first - 1) +
                " are gone (retention deleted segments too early?)");
        }
    }

    /**
     * Replay records {@code from..to} through every agent, in pipeline order, as replay.
     *
     * @return the number of records replayed.
     */
    static long replay(
        final Journal journal, final long from, final long to, final ProcessorAgent[] agents,
        final LongConsumer progress)
    {
        if (from > to)
        {
            return 0;
        }
        try (JournalReader reader = journal.reader())
        {
            if (!reader.seek(from))
            {
                throw new FerriteException("journal in " + journal.directory() + " has no record at sequence " + from +
                    " (holds " + journal.firstSequence() + ".." + journal.lastSequence() + ")");
            }
            final JournalRecord record = new JournalRecord();
            for (final ProcessorAgent agent : agents)
            {
                agent.prepareReplay(from);
            }
            long expected = from;
            while (expected <= to)
            {
                if (!reader.next(record))
                {
                    throw new FerriteException("journal in " + journal.directory() + " ended at sequence " +
                        (expected - 1) + " while replaying to " + to);
                }
                if (record.sequence() != expected)
                {
                    throw new FerriteException("journal in " + journal.directory() + " returned sequence " +
                        record.sequence() + " where " + expected + " was expected");
                }
                for (final ProcessorAgent agent : agents)
                {
                    agent.handle(record.sequence(), record.timestamp(), record.type(), record.buffer(),
                        record.payloadOffset(), record.length(), true);
                }
                if (anyDivergence(agents))
                {
                    return expected - from + 1;
                }
                if (null != progress && (expected & PROGRESS_MASK) == 0)
                {
                    progress.accept(expected);
                }
                expected++;
            }
            return to - from + 1;
        }
    }

    private static boolean anyDivergence(final ProcessorAgent[] agents)
    {
        for (final ProcessorAgent agent : agents)
        {
            if (null != agent.divergence())
            {
                return true;
            }
        }
        return false;
    }

    static Divergence firstDivergence(final ProcessorAgent[] agents)
    {
        Divergence first = null;
        for (final ProcessorAgent agent : agents)
        {
            final Divergence d = agent.divergence();
            if (null != d && (null == first || d.sequence() < first.sequence()))
            {
                first = d;
            }
        }
        return first;
    }

    static long digestsChecked(final ProcessorAgent[] agents)
    {
        long total = 0;
        for (final ProcessorAgent agent : agents)
        {
            total += agent.digestsChecked();
        }
        return total;
    }

    static long combinedDigest(final ProcessorAgent[] agents)
    {
        final long[] digests = new long[agents.length];
        for (int i = 0; i < agents.length; i++)
        {
            digests[i] = agents[i].digest();
        }
        return Digests.combine(digests);
    }

    static String namesOf(final ProcessorAgent[] agents)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < agents.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(agents[i].name());
        }
        return sb.append(']').toString();
    }
}
