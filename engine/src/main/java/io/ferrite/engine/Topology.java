package io.ferrite.engine;

import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Sink;
import com.lmax.disruptor.Sequence;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.List;
import java.util.Map;

/**
 * The wiring of one engine, in the order of the data flow (DESIGN.md §1):
 * <pre>
 *  producers ──► (1) input ring ──► (2) journaller ──► (3) stage 1 ──► stage 2 ──► … ──► (5) gating
 *                      ▲                 │ marks snapshot points   │ ctx.emit
 *                      │                 ▼                         ▼
 *      due timers ─────┘      (4) snapshot round ──► writer    (6) output ring ──► sinks
 * </pre>
 * Every agent is constructed here, complete, with its final dependencies. Which thread runs which agent is decided
 * later by {@link AgentThreads}; nothing here knows the threading mode except which kind of output ring to make and
 * whether (2) hands the forces of {@code FlushPolicy.BATCH} to a {@link FlusherAgent} (not in INVOKER mode, which has
 * no threads of its own).
 */
final class Topology
{
    final InputRing ring;
    /** Null when journaling is off: the first stage then reads the ring directly. */
    final JournallerAgent journaller;
    /** Null unless the journal's flush policy is BATCH and the engine has threads: then it forces and releases. */
    final FlusherAgent flusher;
    final ProcessorAgent[] processors;
    final Sequence[] lastStage;
    final SnapshotRound snapshotRound;
    /** Null when journaling is off. */
    final SnapshotWriterAgent snapshotWriter;
    final OutputPublisher outputs;
    final SinkAgent[] sinks;

    Topology(
        final EngineConfiguration config,
        final EngineState state,
        final ErrorHandler errors,
        final Journal journal,
        final long journalTail,
        final LiveCounters counters,
        final Map<String, DigestLog> digestLogs,
        final SingleWriterRecorder latency)
    {
        final List<List<ProcessorSpec>> stages = config.pipeline.stages();
        final int processorCount = config.pipeline.processors().size();
        final boolean oneEmittingThread = config.threadingMode != ThreadingMode.DEDICATED || processorCount == 1;

        // (1) The input ring: producers (and processors' due timers) claim slots here; sequences continue the journal.
        ring = new InputRing(config.ringSize, config.maxEventLength, config.producerType == ProducerType.MULTI,
            journalTail);

        // (2) The journaller appends each event before any processor may see it, and marks snapshot points.
        // With FlushPolicy.BATCH the forces go to a flusher on a thread of its own, which then releases the events
        // to the first stage; INVOKER mode has no threads, so its journaller forces each batch itself.
        final Sequence journaled = new Sequence();
        final boolean flusherThread = null != journal && FlushPolicy.BATCH == journal.writerFlushPolicy() &&
            config.threadingMode != ThreadingMode.INVOKER;
        flusher = flusherThread ? new FlusherAgent(ring, journal.appender().deferForcing(), journaled, state, errors,
            counters.journaled, journal.directory()) : null;
        journaller = null == journal ? null : new JournallerAgent(ring, journal.appender(), journaled,
            JournallerAgent.batchLimit(journal.writerFlushPolicy(), config.ringSize, flusherThread),
            config.snapshotEvery, state, errors, counters.journaled, counters.published, flusher);

        // (6) The output ring and its sinks, made first because processors emit into it.
        outputs = config.sinks.isEmpty() ? OutputPublisher.NONE :
            new OutputPublisher(config.outputRingSize, config.maxEventLength, oneEmittingThread);
        sinks = new SinkAgent[config.sinks.size()];
        int s = 0;
        for (final Map.Entry<String, Sink> sink : config.sinks.entrySet())
        {
            sinks[s] = new SinkAgent(sink.getKey(), sink.getValue(), errors, outputs, counters.sinkConsumed[s]);
            s++;
        }

        // (4) The snapshot barrier between the processors and the writer.
        snapshotRound = new SnapshotRound(processorCount);

        // (3) Stages: each waits for the whole stage before it; the first waits for the journaller.
        processors = new ProcessorAgent[processorCount];
        Upstream upstream = null == journaller ? Upstream.ofRing(ring) : Upstream.of(journaled);
        Sequence[] previous = null;
        int index = 0;
        for (int st = 0; st < stages.size(); st++)
        {
            final List<ProcessorSpec> stage = stages.get(st);
            final Sequence[] progress = new Sequence[stage.size()];
            for (int p = 0; p < stage.size(); p++)
            {
                final ProcessorSpec spec = stage.get(p);
                // End-to-end latency is taken where an event leaves the pipeline: the last stage's first processor.
                final boolean timesLatency = st == stages.size() - 1 && p == 0 && config.latencySampleEvery > 0;
                processors[index] = new ProcessorAgent(index, spec, config, state, errors, outputs,
                    digestLogs.get(spec.name()), ring, upstream, snapshotRound, timesLatency ? latency : null,
                    counters.processed[index], counters.emitted[index]);
                progress[p] = processors[index].progress();
                index++;
            }
            previous = progress;
            upstream = Upstream.of(progress);
        }
        lastStage = previous;

        // (4) The writer takes complete rounds off the processors' hands and does the disk work.
        final String[] names = new String[processorCount];
        for (int i = 0; i < processorCount; i++)
        {
            names[i] = processors[i].roleName();
        }
        snapshotWriter = null == journal ? null : new SnapshotWriterAgent(snapshotRound, names,
            SnapshotStore.open(config.dataDirectory), config.snapshotsToKeep,
            config.deleteJournalBelowSnapshots ? journal : null, state, errors, counters.snapshots,
            counters.lastSnapshotSequence, counters.lastSnapshotWriteMicros);

        // (5) Gating: a producer may reuse a slot only once the last stage is past it; an output slot once every
        // sink is.
        ring.addGatingSequences(lastStage);
        if (outputs.hasRing())
        {
            final Sequence[] sinkProgress = new Sequence[sinks.length];
            for (int i = 0; i < sinks.length; i++)
            {
                sinkProgress[i] = sinks[i].progress();
            }
            outputs.addGatingSequences(sinkProgress);
        }
    }

    /** @return the ring position every processor of the last stage has finished with. */
    long processedUpTo()
    {
        long min = Long.MAX_VALUE;
        for (final Sequence sequence : lastStage)
        {
            min = Math.min(min, sequence.get());
        }
        return min;
    }

    /** @return true when every sink has taken every output published so far. */
    boolean sinksCaughtUp()
    {
        if (!outputs.hasRing())
        {
            return true;
        }
        final long cursor = outputs.cursor();
        for (final SinkAgent sink : sinks)
        {
            if (sink.progress().get() < cursor)
            {
                return false;
            }
        }
        return true;
    }
}
