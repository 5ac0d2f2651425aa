package io.ferrite.engine;

import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Sink;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.journal.DataFiles;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import io.ferrite.journal.OpenReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Recovery, in the order {@link Engine#start()} runs it, and the steps it shares with the {@link Replayer}:
 * <ol>
 *   <li>{@link #open}: the data directory and the journal (a torn tail is repaired and reported);</li>
 *   <li>{@link #recover}: ask each sink what it already delivered, start the sinks (so they can take the outputs
 *   replay re-creates), choose and restore the newest usable snapshot, check the journal continues after it, replay
 *   the rest through the processors checking recorded digests, and report.</li>
 * </ol>
 * Runs on the thread calling start, before any pipeline thread starts.
 */
final class Recovery
{
    /** Progress is reported every 2^20 events. */
    static final long PROGRESS_MASK = (1 << 20) - 1;
    /** Replay hands records to the processors in runs of at most this many (a power of two dividing 2^20). */
    static final long REPLAY_RUN = 1 << 10;
    /**
     * Replays at least this long get the journal's read-ahead, when the machine has a core besides the replaying one
     * (a shorter replay is over before the read-ahead thread would have started).
     */
    static final long READ_AHEAD_MIN_EVENTS = 1 << 16;

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final String JOURNAL_SUBDIRECTORY = "journal";

    /** What {@link #open} found: the journal (null when journaling is off), its tail and what the open repaired. */
    record Opened(Journal journal, long tail, List<String> notes)
    {
    }

    private Recovery()
    {
    }

    /**
     * Whether the journal gets its background thread that prepares segment pages ahead of the writer: not when the
     * engine busy-spins. A busy-spinning engine keeps its threads on their cores, and on a machine with no core to
     * spare each wake-up of another thread of the process takes one of them off its core for a scheduler slice:
     * the pre-touch thread wakes hundreds of times a second under a paced writer (measured: about 1,600 slices and
     * 60-115 ms of CPU in 8 s of {@code ferrite run --rate 100000 --threading shared --wait busy_spin}, 2 cores).
     * Without it the writer faults its own pages in (max latency measured no worse, see the README) and reserves
     * disk blocks itself, 2 MiB at a time; the free-space guard is the same.
     *
     * @param wait the engine's wait strategy.
     * @return whether to pre-touch.
     */
    static boolean pretouches(final WaitStrategyType wait)
    {
        return WaitStrategyType.BUSY_SPIN != wait;
    }

    /**
     * Create the data directory if needed and open the journal (unless journaling is off).
     */
    static Opened open(final EngineConfiguration config)
    {
        createDirectory(config.dataDirectory);
        final List<String> notes = new ArrayList<>();
        if (!config.journaling)
        {
            return new Opened(null, 0, notes);
        }
        final Journal journal = Journal.open(new JournalConfig()
            .directory(config.dataDirectory.resolve(JOURNAL_SUBDIRECTORY))
            .flushPolicy(config.flushPolicy)
            .rollCycle(config.rollCycle)
            .epochMillisClock(JournalClock.of(config.journalClock))
            .maxPayloadLength(config.maxEventLength)
            .minFreeSpaceBytes(config.minFreeSpaceBytes)
            .pretouchSegments(pretouches(config.waitStrategy))
            .writerReserveStepBytes(config.journalReserveStepBytes));
        try
        {
            JournalHistory.check(config.dataDirectory, journal);
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
        final OpenReport open = journal.openReport();
        if (open.tornTailDiscarded())
        {
            notes.add("journal: discarded a torn record after sequence " + open.lastSequence());
        }
        if (open.staleLockReleased())
        {
            notes.add("journal: released the lock of a dead writer");
        }
        return new Opened(journal, journal.lastSequence(), notes);
    }

    /** The digest logs of the stateful processors, by processor name, positioned for appending after the tail. */
    static Map<String, DigestLog> openDigestLogs(final EngineConfiguration config, final long tail)
    {
        final Map<String, DigestLog> logs = new LinkedHashMap<>();
        if (!config.journaling || config.digestEvery <= 0)
        {
            return logs;
        }
        for (final ProcessorSpec spec : config.pipeline.processors())
        {
            if (spec.processor() instanceof StatefulProcessor)
            {
                logs.put(spec.name(), DigestLog.openForAppend(config.dataDirectory, spec.name(), tail));
            }
        }
        return logs;
    }

    /**
     * Bring the topology's processors to the journal tail: sinks first, then snapshot, then replay.
     *
     * @return what was done.
     */
    static RecoveryReport recover(
        final EngineConfiguration config,
        final Opened opened,
        final Topology topology,
        final AgentThreads threads,
        final long startNanos)
    {
        final Journal journal = opened.journal();
        final long tail = opened.tail();
        final List<String> notes = new ArrayList<>(opened.notes());
        final ProcessorAgent[] agents = topology.processors;

        final long sinksDeliveredUpTo = readSinkResumePoints(topology, journal, tail);
        if (null == journal)
        {
            threads.startSinks();
            return new RecoveryReport(0, 0, null, 0, 0, System.nanoTime() - startNanos,
                List.of("journaling is off: nothing was recovered and nothing will survive a crash"));
        }

        final SnapshotStore snapshots = SnapshotStore.open(config.dataDirectory);
        final int strayTempFiles = snapshots.removeTempFiles();
        if (strayTempFiles > 0)
        {
            notes.add("snapshots: removed " + strayTempFiles + " temp file(s) of failed or interrupted snapshots");
        }
        final SnapshotStore.Loaded snapshot = chooseSnapshot(
            snapshots, journal, Math.min(tail, sinksDeliveredUpTo), notes);
        final long snapshotSequence = null == snapshot ? 0 : snapshot.info().sequence();
        if (null != snapshot)
        {
            restore(snapshot, agents);
        }
        checkJournalContinues(journal, snapshotSequence, null == snapshot ? null : snapshot.info().path());

        // Sinks start before replay: replay re-creates the outputs a tracking sink had not yet made durable.
        threads.startSinks();
        final long replayed = replay(journal, snapshotSequence + 1, tail, agents,
            sequence -> LOG.info("recovery replayed up to sequence {} of {}", sequence, tail));
        final Divergence divergence = firstDivergence(agents);
        if (null != divergence)
        {
            throw new DivergenceException(divergence);
        }
        return new RecoveryReport(tail, snapshotSequence, null == snapshot ? null : snapshot.info().path(),
            replayed, digestsChecked(agents), System.nanoTime() - startNanos, List.copyOf(notes));
    }

    /**
     * Ask each sink what it has made durable and tell the output publisher what replay must not repeat.
     *
     * @return the lowest input sequence whose outputs a tracking sink holds in full (recovery must replay from the
     * next one to re-create what it lacks), or Long.MAX_VALUE if no sink tracks.
     */
    private static long readSinkResumePoints(final Topology topology, final Journal journal, final long tail)
    {
        long lowest = Long.MAX_VALUE;
        long suppressUpTo = Long.MAX_VALUE;
        for (final SinkAgent sink : topology.sinks)
        {
            final long delivered = sink.readResumePoint();
            suppressUpTo = Math.min(suppressUpTo, sink.completeUpTo());
            if (delivered == Sink.NOT_TRACKED)
            {
                continue;
            }
            if (null != journal && delivered > tail)
            {
                throw new FerriteException(sink.name() + " reports outputs delivered up to sequence " + delivered +
                    " but the journal in " + journal.directory() + " ends at " + tail + ": the journal lost " +
                    "records the sink saw (flush policy NONE across a machine crash, or a restored older journal); " +
                    "new events would reuse those sequences. Restore the matching journal or reset the sink.");
            }
            lowest = Math.min(lowest, sink.completeUpTo());
        }
        topology.outputs.replaySuppressUpTo(suppressUpTo);
        return lowest;
    }

    private static void createDirectory(final Path directory)
    {
        try
        {
            DataFiles.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new FerriteException("cannot create data directory " + directory + ": " + ex, ex);
        }
        if (!Files.isWritable(directory))
        {
            throw new FerriteException("data directory " + directory + " is not writable");
        }
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
        for (final Path file : store.files())
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
            // A long replay streams the journal through one core: let the other bring it into memory ahead.
            reader.readAhead(to - from >= READ_AHEAD_MIN_EVENTS && Runtime.getRuntime().availableProcessors() > 1);
            final JournalRecord record = new JournalRecord();
            for (final ProcessorAgent agent : agents)
            {
                agent.prepareReplay(from);
            }
            // A divergence can only appear where an agent checks a recorded digest: look for one only after those
            // sequences, not after every event.
            long nextDigestCheck = nextRecordedDigest(agents);
            long expected = from;
            while (expected <= to)
            {
                // Runs end at the next recorded digest and on multiples of REPLAY_RUN (so on every progress point).
                final long end = Math.min(Math.min(to, nextDigestCheck), (expected + REPLAY_RUN - 1) & -REPLAY_RUN);
                replayRun(journal, reader, record, agents, expected, end, to);
                if (end >= nextDigestCheck)
                {
                    if (anyDivergence(agents))
                    {
                        return end - from + 1;
                    }
                    nextDigestCheck = nextRecordedDigest(agents);
                }
                if (null != progress && (end & PROGRESS_MASK) == 0)
                {
                    progress.accept(end);
                }
                expected = end + 1;
            }
            return to - from + 1;
        }
    }

    /**
     * Replay records {@code from..end}, a short run of a replay to {@code to}, through every agent. A method of its
     * own, called once per run, so that a fresh JVM compiles it as a whole (after a few thousand calls) rather than
     * only by on-stack replacement of one long loop.
     */
    private static void replayRun(
        final Journal journal,
        final JournalReader reader,
        final JournalRecord record,
        final ProcessorAgent[] agents,
        final long from,
        final long end,
        final long to)
    {
        for (long expected = from; expected <= end; expected++)
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
        }
    }

    private static long nextRecordedDigest(final ProcessorAgent[] agents)
    {
        long next = Long.MAX_VALUE;
        for (final ProcessorAgent agent : agents)
        {
            next = Math.min(next, agent.nextRecordedDigest());
        }
        return next;
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
