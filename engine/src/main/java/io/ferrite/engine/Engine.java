package io.ferrite.engine;

import io.ferrite.journal.DataFiles;
import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.OpenReport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An embedded Ferrite engine: producers publish into an input ring, the journaller appends every event to the
 * journal, single-threaded processors (one thread each, optionally pinned) handle the journaled events stage by stage,
 * and sinks consume their outputs from an output ring.
 * <pre>
 *   producers ─► input ring ─► journaller ─► stage 1 ─► stage 2 ─► ...     (a stage may fan out: P2a ∥ P2b)
 *                                                │ ctx.emit(...)
 *                                                ▼
 *                                           output ring ─► sinks (own threads)
 * </pre>
 * <b>Lifecycle:</b> {@link #builder()} → {@link EngineBuilder#build()} → {@link #start()} (recovers from the data
 * directory: snapshot + journal replay) → publish → {@link #stop(Duration)} (drains) → {@link #close()}.
 * <p>
 * <b>Threading:</b> publishing methods are safe from one thread with {@link ProducerType#SINGLE}, from any number
 * with {@link ProducerType#MULTI}; lifecycle methods are synchronized. <b>Allocation:</b> none per event on the
 * publish, journal and process paths. <b>Back-pressure:</b> {@code tryClaim}/{@code tryPublish} return false when the
 * ring is full; {@code claim}/{@code publish} wait (spin, yield, then park, per the wait strategy) and throw
 * {@link IllegalStateException} if the engine stops while they wait, so a blocked producer never hangs a shutdown.
 */
public final class Engine implements AutoCloseable
{
    static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final String JOURNAL_SUBDIRECTORY = "journal";

    private final EngineBuilder config;
    private final EngineState state = new EngineState();
    private final Pinning pinning = new Pinning();
    private final RingBuffer<InputSlot> inputRing;
    private final RingBuffer<OutputSlot> outputRing;
    private final OutputPublisher outputs;
    private final ProcessorAgent[] agents;
    private final ProcessorAgent[][] stages;
    private final SinkAgent[] sinkAgents;
    private final List<BatchEventProcessor<?>> eventProcessors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> stuckThreads = new ArrayList<>();
    private volatile boolean journallerStopped;
    private final List<DigestLog> digestLogs = new ArrayList<>();
    private final Sequence journaled = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
    /** What a publish racing stop() waits on: the journaller's progress, or the first stage's without a journal. */
    private Sequence acceptedGate = journaled;
    private final SingleWriterRecorder latencyRecorder = new SingleWriterRecorder(MAX_LATENCY_NANOS, 3);
    private final Histogram latencyTotal = new Histogram(MAX_LATENCY_NANOS, 3);
    private final int backoffParkNanos;
    /** Ring sequences with {@code (r & latencyMask) == 0} are timed; -1 (no bit pattern matches all) when off. */
    private final long latencyMask;
    private final ErrorHandler errorHandler;

    private Journal journal;
    private CountersFile countersFile;
    private AtomicCounter publishedCounter;
    private AtomicCounter journaledCounter;
    private AtomicCounter snapshotsCounter;
    private volatile AtomicCounter errorsCounter;
    private JournallerAgent journaller;
    private SnapshotCoordinator snapshots;
    private BatchEventProcessor<?>[] lastStageProcessors = new BatchEventProcessor<?>[0];
    private BatchEventProcessor<?>[] sinkProcessors = new BatchEventProcessor<?>[0];
    private BatchEventProcessor<?>[] agentProcessors;
    private long sequenceBase;
    private RecoveryReport recoveryReport;

    Engine(final EngineBuilder config)
    {
        this.config = config;
        final ErrorHandler userErrorHandler = config.errorHandler;
        final ErrorHandler countingErrorHandler = (cause, sequence, component) ->
        {
            final AtomicCounter errors = errorsCounter;
            if (null != errors)
            {
                errors.increment();
            }
            userErrorHandler.onError(cause, sequence, component);
        };
        this.errorHandler = countingErrorHandler;
        final WaitStrategy waitStrategy = config.waitStrategy.newWaitStrategy();
        final int maxLength = config.maxEventLength;
        final UnsafeBuffer inputMemory = new UnsafeBuffer(ByteBuffer.allocateDirect(config.ringSize * maxLength));
        final int[] nextSlot = {0};
        this.inputRing = RingBuffer.create(
            config.producerType == ProducerType.MULTI ?
                com.lmax.disruptor.dsl.ProducerType.MULTI : com.lmax.disruptor.dsl.ProducerType.SINGLE,
            () -> new InputSlot(new UnsafeBuffer(inputMemory, maxLength * nextSlot[0]++, maxLength)),
            config.ringSize,
            waitStrategy);

        if (config.sinks.isEmpty())
        {
            this.outputRing = null;
        }
        else
        {
            final UnsafeBuffer outputMemory = new UnsafeBuffer(
                ByteBuffer.allocateDirect(config.outputRingSize * maxLength));
            final int[] nextOut = {0};
            this.outputRing = RingBuffer.createMultiProducer(
                () -> new OutputSlot(new UnsafeBuffer(outputMemory, maxLength * nextOut[0]++, maxLength)),
                config.outputRingSize,
                config.waitStrategy.newWaitStrategy());
        }
        this.outputs = new OutputPublisher(outputRing, maxLength);

        final List<List<ProcessorSpec>> stageSpecs = config.pipeline.stages();
        this.stages = new ProcessorAgent[stageSpecs.size()][];
        final List<ProcessorAgent> all = new ArrayList<>();
        for (int s = 0; s < stageSpecs.size(); s++)
        {
            final List<ProcessorSpec> specs = stageSpecs.get(s);
            stages[s] = new ProcessorAgent[specs.size()];
            for (int p = 0; p < specs.size(); p++)
            {
                final ProcessorAgent agent = new ProcessorAgent(all.size(), specs.get(p), state,
                    config.exceptionPolicy, countingErrorHandler, outputs, config.digestEvery,
                    config.producerType == ProducerType.MULTI);
                stages[s][p] = agent;
                all.add(agent);
            }
        }
        this.agents = all.toArray(new ProcessorAgent[0]);
        this.agentProcessors = new BatchEventProcessor<?>[agents.length];

        this.sinkAgents = new SinkAgent[config.sinks.size()];
        int i = 0;
        for (final Map.Entry<String, Sink> e : config.sinks.entrySet())
        {
            sinkAgents[i++] = new SinkAgent(e.getKey(), e.getValue(), countingErrorHandler);
        }
        this.backoffParkNanos = config.waitStrategy == WaitStrategyType.BLOCKING ? 50_000 : 1_000;
        this.latencyMask = config.latencySampleEvery == 0 ? -1 : config.latencySampleEvery - 1;
    }

    /**
     * @return a builder holding every setting with its default.
     */
    public static EngineBuilder builder()
    {
        return new EngineBuilder();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Lifecycle
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Recover and start: open the journal (repairing a torn tail), restore the newest valid snapshot at or below the
     * journal tail, replay the journal after it through the processors ({@link EventContext#isReplay()} true,
     * outputs the sinks already had suppressed, recorded digests checked), then start the pipeline threads live at
     * tail + 1.
     *
     * @return what recovery did.
     * @throws DivergenceException if replay reaches a state whose digest differs from the one recorded live.
     * @throws FerriteException    if the data directory cannot give a trustworthy state (names files and sequences).
     * @throws IllegalStateException if already started.
     */
    public synchronized RecoveryReport start()
    {
        if (state.phase() != EngineState.Phase.NEW)
        {
            throw new IllegalStateException("engine already started (" + state.phase() + ")");
        }
        state.phase(EngineState.Phase.RECOVERING);
        final long startNanos = System.nanoTime();
        final List<String> notes = new ArrayList<>();
        try
        {
            createDirectory(config.dataDirectory);
            if (!config.journaling)
            {
                return startWithoutJournal(startNanos);
            }
            journal = Journal.open(new JournalConfig()
                .directory(config.dataDirectory.resolve(JOURNAL_SUBDIRECTORY))
                .flushPolicy(config.flushPolicy)
                .rollCycle(config.rollCycle)
                .epochMillisClock(config.journalClock)
                .maxPayloadLength(config.maxEventLength)
                .minFreeSpaceBytes(config.minFreeSpaceBytes));
            final OpenReport open = journal.openReport();
            if (open.tornTailDiscarded())
            {
                notes.add("journal: discarded a torn record after sequence " + open.lastSequence());
            }
            if (open.staleLockReleased())
            {
                notes.add("journal: released the lock of a dead writer");
            }
            final long tail = journal.lastSequence();
            createCounters(tail);

            final long sinksDeliveredUpTo = readSinkResumePoints(tail);
            final SnapshotStore store = SnapshotStore.open(config.dataDirectory);
            final SnapshotStore.Loaded snapshot =
                Recovery.chooseSnapshot(store, journal, Math.min(tail, sinksDeliveredUpTo), notes);
            final long snapshotSequence = null == snapshot ? 0 : snapshot.info().sequence();
            if (null != snapshot)
            {
                Recovery.restore(snapshot, agents);
            }
            Recovery.checkJournalContinues(journal, snapshotSequence, null == snapshot ? null : snapshot.info().path());

            for (final ProcessorAgent agent : agents)
            {
                if (agent.isStateful() && config.digestEvery > 0)
                {
                    final DigestLog log = DigestLog.openForAppend(config.dataDirectory, agent.name(), tail);
                    digestLogs.add(log);
                    agent.digestLog(log, true);
                }
            }

            startSinks();
            final long replayed = Recovery.replay(journal, snapshotSequence + 1, tail, agents,
                sequence -> LOG.info("recovery replayed up to sequence {} of {}", sequence, tail));
            final Divergence divergence = Recovery.firstDivergence(agents);
            if (null != divergence)
            {
                throw new DivergenceException(divergence);
            }

            startPipeline(tail);
            recoveryReport = new RecoveryReport(tail, snapshotSequence, null == snapshot ? null : snapshot.info().path(),
                replayed, Recovery.digestsChecked(agents), System.nanoTime() - startNanos, List.copyOf(notes));
            state.phase(EngineState.Phase.RUNNING);
            LOG.info("Ferrite engine started in {}: {}", config.dataDirectory, recoveryReport.describe());
            return recoveryReport;
        }
        catch (final RuntimeException ex)
        {
            state.phase(EngineState.Phase.FAILED);
            haltThreads();
            releaseFiles();
            throw ex;
        }
    }

    /**
     * @return the lowest sequence a tracking sink has made durable (recovery must replay from there to re-create
     * what it lacks), or Long.MAX_VALUE if no sink tracks.
     */
    private long readSinkResumePoints(final long tail)
    {
        long lowest = Long.MAX_VALUE;
        for (final SinkAgent sink : sinkAgents)
        {
            final long delivered = sink.readResumePoint();
            if (delivered == Sink.NOT_TRACKED)
            {
                continue;
            }
            if (delivered > tail)
            {
                throw new FerriteException(sink.name() + " reports outputs delivered up to sequence " + delivered +
                    " but the journal in " + journal.directory() + " ends at " + tail + ": the journal lost records " +
                    "the sink saw (flush policy NONE across a machine crash, or a restored older journal); new " +
                    "events would reuse those sequences. Restore the matching journal or reset the sink.");
            }
            lowest = Math.min(lowest, delivered);
        }
        return lowest;
    }

    private RecoveryReport startWithoutJournal(final long startNanos)
    {
        createCounters(0);
        readSinkResumePoints(Long.MAX_VALUE);
        startSinks();
        startPipeline(0);
        recoveryReport = new RecoveryReport(0, 0, null, 0, 0, System.nanoTime() - startNanos,
            List.of("journaling is off: nothing was recovered and nothing will survive a crash"));
        state.phase(EngineState.Phase.RUNNING);
        LOG.warn("Ferrite engine started in {} WITHOUT a journal: nothing survives a crash", config.dataDirectory);
        return recoveryReport;
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

    private void createCounters(final long tail)
    {
        countersFile = CountersFile.create(config.dataDirectory, 8 + 2 * agents.length + sinkAgents.length);
        publishedCounter = countersFile.newCounter(CountersFile.TYPE_PUBLISHED, "published");
        journaledCounter = countersFile.newCounter(CountersFile.TYPE_JOURNALED, "journaled");
        for (final ProcessorAgent agent : agents)
        {
            agent.processedCounter(
                countersFile.newCounter(CountersFile.TYPE_PROCESSED, "processed: " + agent.name()),
                countersFile.newCounter(CountersFile.TYPE_EMITTED, "emitted: " + agent.name()));
        }
        for (final SinkAgent sink : sinkAgents)
        {
            sink.consumedCounter(countersFile.newCounter(CountersFile.TYPE_SINK_CONSUMED, "consumed: " + sink.name()));
        }
        snapshotsCounter = countersFile.newCounter(CountersFile.TYPE_SNAPSHOTS, "snapshots written");
        errorsCounter = countersFile.newCounter(CountersFile.TYPE_ERRORS, "errors");
        publishedCounter.setRelease(tail);
        journaledCounter.setRelease(tail);
    }

    private void startSinks()
    {
        if (null == outputRing)
        {
            return;
        }
        long suppressUpTo = Long.MAX_VALUE;
        sinkProcessors = new BatchEventProcessor<?>[sinkAgents.length];
        final Sequence[] sinkSequences = new Sequence[sinkAgents.length];
        for (int i = 0; i < sinkAgents.length; i++)
        {
            final SinkAgent sink = sinkAgents[i];
            suppressUpTo = Math.min(suppressUpTo, sink.resumeAfter());
            final BatchEventProcessor<OutputSlot> processor =
                new BatchEventProcessorBuilder().build(outputRing, outputRing.newBarrier(), sink);
            processor.setExceptionHandler(new Unexpected<>(sink.name()));
            sinkProcessors[i] = processor;
            sinkSequences[i] = processor.getSequence();
        }
        outputRing.addGatingSequences(sinkSequences);
        outputs.replaySuppressUpTo(suppressUpTo);
        for (int i = 0; i < sinkAgents.length; i++)
        {
            final String role = sinkAgents[i].name();
            startThread(role, config.cpus.getOrDefault(role, -1), sinkProcessors[i]);
        }
    }

    private void startPipeline(final long tail)
    {
        sequenceBase = tail;
        BatchEventProcessor<InputSlot> journallerProcessor = null;
        Sequence[] upstream = {};
        if (null != journal)
        {
            journaller = new JournallerAgent(journal.appender(), journaled, config.flushPolicy, config.snapshotEvery,
                state, errorHandler);
            journaller.counters(journaledCounter, publishedCounter, inputRing, sequenceBase);
            journallerProcessor = new BatchEventProcessorBuilder().build(inputRing, inputRing.newBarrier(), journaller);
            journallerProcessor.setExceptionHandler(new Unexpected<>(JournallerAgent.NAME));
            upstream = new Sequence[]{journaled};
        }
        snapshots = new SnapshotCoordinator(agents, SnapshotStore.open(config.dataDirectory), config.snapshotsToKeep,
            config.deleteJournalBelowSnapshots ? journal : null, state, errorHandler);
        snapshots.snapshotsCounter(snapshotsCounter);

        final List<BatchEventProcessor<InputSlot>> pipeline = new ArrayList<>();
        final List<String> roles = new ArrayList<>();
        final List<Integer> cpus = new ArrayList<>();
        for (int s = 0; s < stages.length; s++)
        {
            final SequenceBarrier barrier = inputRing.newBarrier(upstream);
            final Sequence[] stageSequences = new Sequence[stages[s].length];
            final BatchEventProcessor<?>[] stageProcessors = new BatchEventProcessor<?>[stages[s].length];
            for (int p = 0; p < stages[s].length; p++)
            {
                final ProcessorAgent agent = stages[s][p];
                agent.liveWiring(inputRing, sequenceBase, snapshots,
                    s == stages.length - 1 && p == 0 && config.latencySampleEvery > 0 ? latencyRecorder : null,
                    latencyMask);
                final BatchEventProcessor<InputSlot> processor =
                    new BatchEventProcessorBuilder().build(inputRing, barrier, agent);
                processor.setExceptionHandler(new Unexpected<>(agent.name()));
                stageSequences[p] = processor.getSequence();
                stageProcessors[p] = processor;
                agentProcessors[agent.index()] = processor;
                if (null == journal && s == 0 && p == 0)
                {
                    // Without a journal an event counts as accepted once the first stage has taken it.
                    acceptedGate = processor.getSequence();
                }
                pipeline.add(processor);
                roles.add(agent.name());
                final int specCpu = config.pipeline.processors().get(agent.index()).cpu();
                cpus.add(config.cpus.getOrDefault(agent.name(), specCpu));
            }
            upstream = stageSequences;
            if (s == stages.length - 1)
            {
                lastStageProcessors = stageProcessors;
            }
        }
        inputRing.addGatingSequences(upstream);

        if (null != journallerProcessor)
        {
            startThread(JournallerAgent.NAME, config.cpus.getOrDefault(JournallerAgent.NAME, -1), journallerProcessor);
        }
        for (int i = 0; i < pipeline.size(); i++)
        {
            startThread(roles.get(i), cpus.get(i), pipeline.get(i));
        }
    }

    private void startThread(final String role, final int cpu, final BatchEventProcessor<?> processor)
    {
        eventProcessors.add(processor);
        final Thread thread = new Thread(() ->
        {
            pinning.pinCurrentThread(role, cpu);
            processor.run();
        }, "ferrite-" + role.replace(':', '-'));
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /**
     * Stop gracefully: refuse new publishes, wait until everything published is journaled, processed and delivered
     * to the sinks, then end the threads and close the journal. Producers blocked in {@link #claim} or
     * {@link #publish} get an {@link IllegalStateException}. Idempotent.
     *
     * @param timeout how long to wait for the pipeline to drain.
     * @return true if everything was drained; false if the timeout expired first (a warning names what was left).
     */
    public synchronized boolean stop(final Duration timeout)
    {
        final EngineState.Phase phase = state.phase();
        if (phase == EngineState.Phase.STOPPED || phase == EngineState.Phase.CLOSED)
        {
            return true;
        }
        if (phase == EngineState.Phase.NEW)
        {
            state.phase(EngineState.Phase.STOPPED);
            return true;
        }
        state.beginStop();
        final long deadline = System.nanoTime() + timeout.toNanos();
        final boolean drained = awaitDrained(deadline);
        if (!drained)
        {
            LOG.warn("engine stop timed out after {} ms with work left: {}", timeout.toMillis(), describeProgress());
        }
        haltThreads();
        releaseFiles();
        if (state.phase() == EngineState.Phase.STOPPING)
        {
            state.phase(EngineState.Phase.STOPPED);
        }
        return drained;
    }

    private boolean awaitDrained(final long deadline)
    {
        while (System.nanoTime() < deadline)
        {
            if (isDrained())
            {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return isDrained();
    }

    private boolean isDrained()
    {
        if (state.phase() == EngineState.Phase.FAILED)
        {
            // The journal failed: nothing past it may be processed, so there is nothing more to wait for.
            return true;
        }
        final long cursor = inputRing.getCursor();
        for (final BatchEventProcessor<?> p : lastStageProcessors)
        {
            if (p.getSequence().get() < cursor)
            {
                return false;
            }
        }
        if (null != outputRing)
        {
            final long outCursor = outputRing.getCursor();
            for (final BatchEventProcessor<?> p : sinkProcessors)
            {
                if (p.getSequence().get() < outCursor)
                {
                    return false;
                }
            }
        }
        return inputRing.getCursor() == cursor;
    }

    private String describeProgress()
    {
        final EngineCounters c = counters();
        return "published up to " + c.lastPublishedSequence() + ", journaled up to " + c.lastJournaledSequence() +
            ", processed " + c.processedSequence() + ", outputs " + c.outputsPublished() + ", sinks consumed " +
            c.sinkOutputsConsumed();
    }

    private void haltThreads()
    {
        // Unblock anything that could keep a thread from noticing the halt: emits waiting on a full output ring and
        // processors waiting for a snapshot round.
        outputs.close();
        if (null != snapshots)
        {
            snapshots.abandon();
        }
        for (final BatchEventProcessor<?> p : eventProcessors)
        {
            p.halt();
        }
        stuckThreads.clear();
        for (final Thread t : threads)
        {
            try
            {
                t.join(TimeUnit.SECONDS.toMillis(5));
                if (t.isAlive())
                {
                    stuckThreads.add(t.getName());
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                stuckThreads.add(t.getName());
            }
        }
        // From here on a producer that raced stop() can tell whether its event made it into the journal.
        journallerStopped = true;
    }

    private void releaseFiles()
    {
        if (!stuckThreads.isEmpty())
        {
            // A thread stuck in user code (a sink or processor callback) may still touch the mapped journal and
            // counters when it returns: unmapping them under it could crash the JVM. Leave them to the GC.
            LOG.error("threads {} did not end within 5 s of halt (stuck in a processor or sink callback?): the " +
                "journal and counters file are left open", stuckThreads);
            return;
        }
        for (final DigestLog log : digestLogs)
        {
            log.close();
        }
        digestLogs.clear();
        if (null != journal)
        {
            journal.close();
        }
        if (null != countersFile)
        {
            // Leave the final values in the file for readers; only the mapping goes.
            errorsCounter = null;
            countersFile.close();
            countersFile = null;
        }
    }

    /**
     * Stop (draining for the builder's stop timeout) if running, and release everything. Idempotent.
     */
    public synchronized void close()
    {
        if (state.phase() != EngineState.Phase.CLOSED)
        {
            stop(config.stopTimeout);
            state.phase(EngineState.Phase.CLOSED);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Publishing
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Claim the next input slot if one is free.
     *
     * @param claim the producer's reusable claim; must not hold a slot.
     * @return false if the ring is full (back-pressure); the claim is untouched.
     * @throws IllegalStateException if the engine is not running, or the claim already holds a slot.
     */
    public boolean tryClaim(final EventClaim claim)
    {
        if (!state.running)
        {
            throw state.notRunning();
        }
        if (claim.isClaimed())
        {
            throw new IllegalStateException("the claim still holds sequence " + claim.sequence() +
                ": commit() or abort() it first");
        }
        final long r;
        try
        {
            r = inputRing.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            // A preallocated singleton without a stack trace: the Disruptor's way of saying "full".
            return false;
        }
        final InputSlot slot = inputRing.get(r);
        slot.sequence = sequenceBase + r + 1;
        claim.wrap(this, slot, r);
        return true;
    }

    /**
     * Claim the next input slot, waiting while the ring is full.
     *
     * @param claim the producer's reusable claim; must not hold a slot.
     * @throws IllegalStateException if the engine is not running or stops while waiting.
     */
    public void claim(final EventClaim claim)
    {
        int attempt = 0;
        while (!tryClaim(claim))
        {
            backoff(attempt++);
        }
    }

    /**
     * Copy an event into the next free slot and publish it, if the ring has room.
     *
     * @param type   application event type, {@code >= 0}.
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @return false if the ring is full.
     * @throws IllegalArgumentException if the length exceeds maxEventLength or the type is reserved (checked before
     *                                  any slot is claimed).
     * @throws IllegalStateException    if the engine is not running.
     */
    public boolean tryPublish(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        checkEvent(type, length);
        if (!state.running)
        {
            throw state.notRunning();
        }
        final long r;
        try
        {
            r = inputRing.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return false;
        }
        final InputSlot slot = inputRing.get(r);
        try
        {
            slot.sequence = sequenceBase + r + 1;
            slot.type = type;
            slot.length = length;
            slot.snapshotAfter = false;
            slot.buffer.putBytes(0, buffer, offset, length);
            slot.timestamp = config.clock.nanoTime();
            stampIfSampled(slot, r);
        }
        finally
        {
            inputRing.publish(r);
        }
        if (!state.running)
        {
            awaitJournaledOrRefuse(r);
        }
        return true;
    }

    /**
     * A publish that raced {@link #stop}: the event was put in the ring after the engine stopped accepting input.
     * Report it as accepted only if the journaller took it (it will be replayed on restart), else refuse it.
     */
    private void awaitJournaledOrRefuse(final long ringSequence)
    {
        int attempt = 0;
        while (acceptedGate.get() < ringSequence)
        {
            if (journallerStopped || state.phase() == EngineState.Phase.FAILED)
            {
                throw new IllegalStateException("engine stopped before sequence " + (sequenceBase + ringSequence + 1) +
                    " was journaled: the event was not accepted");
            }
            backoff(attempt++);
        }
    }

    /**
     * Copy an event into the next slot and publish it, waiting while the ring is full.
     *
     * @param type   application event type, {@code >= 0}.
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @throws IllegalArgumentException if the length exceeds maxEventLength or the type is reserved.
     * @throws IllegalStateException    if the engine is not running or stops while waiting.
     */
    public void publish(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        int attempt = 0;
        while (!tryPublish(type, buffer, offset, length))
        {
            backoff(attempt++);
        }
    }

    /**
     * Claim {@code count} consecutive slots, waiting while the ring is full, to be written through
     * {@link EventBatchClaim#event(int)} and published together by {@link EventBatchClaim#commit()}.
     *
     * @param count how many, 1 to the ring size.
     * @param batch the producer's reusable batch claim.
     * @throws IllegalStateException if the engine is not running or stops while waiting.
     */
    public void claimBatch(final int count, final EventBatchClaim batch)
    {
        if (count < 1 || count > config.ringSize)
        {
            throw new IllegalArgumentException("batch size must be in [1, " + config.ringSize + "], was " + count);
        }
        if (batch.isClaimed())
        {
            throw new IllegalStateException("the batch claim still holds slots: commit() it first");
        }
        int attempt = 0;
        while (true)
        {
            if (!state.running)
            {
                throw state.notRunning();
            }
            try
            {
                final long hi = inputRing.tryNext(count);
                batch.wrap(this, inputRing, hi - count + 1, hi, sequenceBase);
                return;
            }
            catch (final InsufficientCapacityException ex)
            {
                backoff(attempt++);
            }
        }
    }

    private void checkEvent(final int type, final int length)
    {
        if (length < 0 || length > config.maxEventLength)
        {
            throw new IllegalArgumentException(
                "payload length " + length + " outside [0, " + config.maxEventLength + "] (maxEventLength)");
        }
        if (EventTypes.isReserved(type))
        {
            throw new IllegalArgumentException("event type " + type + " is reserved for the engine: use types >= 0");
        }
    }

    /** Escalating wait without allocation: spin, then yield, then park. */
    private void backoff(final int attempt)
    {
        if (config.waitStrategy == WaitStrategyType.BUSY_SPIN || attempt < 100)
        {
            Thread.onSpinWait();
        }
        else if (config.waitStrategy == WaitStrategyType.YIELDING || attempt < 200)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(backoffParkNanos);
        }
    }

    void commit(final InputSlot slot, final long ringSequence, final boolean timestampSet)
    {
        if (!timestampSet)
        {
            slot.timestamp = config.clock.nanoTime();
        }
        stampIfSampled(slot, ringSequence);
        inputRing.publish(ringSequence);
        if (!state.running)
        {
            awaitJournaledOrRefuse(ringSequence);
        }
    }

    /** Take the ingress time of the events whose latency is sampled; the rest pay no clock read. */
    private void stampIfSampled(final InputSlot slot, final long ringSequence)
    {
        if ((ringSequence & latencyMask) == 0)
        {
            slot.publishNanos = System.nanoTime();
        }
    }

    void commitBatch(final long lo, final long hi)
    {
        for (long r = lo; r <= hi; r++)
        {
            stampIfSampled(inputRing.get(r), r);
        }
        inputRing.publish(lo, hi);
        if (!state.running)
        {
            awaitJournaledOrRefuse(hi);
        }
    }

    long clockNanos()
    {
        return config.clock.nanoTime();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Snapshots, state and observation
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Ask for a snapshot: the journaller marks the next event it journals, and every processor writes its state
     * after handling that event, so the snapshot belongs to exactly that sequence. Returns at once; the snapshot is
     * written when the last processor has handled the marked event (see {@link EngineCounters#lastSnapshotSequence()}).
     * <b>Note:</b> no event, no snapshot: the marker rides on the next published event.
     */
    public void requestSnapshot()
    {
        if (!state.running)
        {
            throw state.notRunning();
        }
        if (!config.journaling)
        {
            throw new IllegalStateException("snapshots need journaling: this engine runs without a journal");
        }
        journaller.requestSnapshot();
    }

    /**
     * @return the journal sequence of the last claimed input event (0 if none).
     */
    public long lastPublishedSequence()
    {
        return sequenceBase + inputRing.getCursor() + 1;
    }

    /**
     * @return the engine's journal (open between {@link #start()} and {@link #stop}); its {@code lastSequence()} is
     * safe to read from any thread.
     */
    public Journal journal()
    {
        return journal;
    }

    /**
     * @return what {@link #start()} reported, or null before start.
     */
    public RecoveryReport recoveryReport()
    {
        return recoveryReport;
    }

    /**
     * @return how each thread's pinning request turned out (empty when nothing was pinned).
     */
    public List<String> pinningOutcomes()
    {
        return pinning.outcomes();
    }

    /**
     * @return true while accepting publishes.
     */
    public boolean isRunning()
    {
        return state.running;
    }

    /**
     * @return true if a processor halted the engine (policy HALT) or the journal failed.
     */
    public boolean isFaulted()
    {
        return state.faulted();
    }

    /**
     * @return a description of the processor or journal failure that halted the engine, or "none".
     */
    public String fault()
    {
        return state.describeFault();
    }

    /**
     * @return the current counters (allocates: not for the hot path).
     */
    public EngineCounters counters()
    {
        final Map<String, Long> processed = new LinkedHashMap<>();
        final Map<String, Long> emitted = new LinkedHashMap<>();
        long slowest = Long.MAX_VALUE;
        final long base = sequenceBase;
        for (final ProcessorAgent agent : agents)
        {
            final long seq = processorSequence(agent);
            processed.put(agent.name(), seq);
            emitted.put(agent.name(), agent.emittedCount());
            slowest = Math.min(slowest, seq);
        }
        final Map<String, Long> sinks = new LinkedHashMap<>();
        for (int s = 0; s < sinkAgents.length; s++)
        {
            sinks.put(sinkAgents[s].name(),
                s < sinkProcessors.length ? sinkProcessors[s].getSequence().get() + 1 : 0L);
        }
        final long published = lastPublishedSequence();
        return new EngineCounters(
            published,
            base + journaled.get() + 1,
            processed,
            emitted,
            null == outputRing ? 0 : outputRing.getCursor() + 1,
            sinks,
            agents.length == 0 ? 0 : published - slowest,
            null == snapshots ? 0 : snapshots.snapshotsWritten(),
            null == snapshots ? 0 : snapshots.lastSnapshotSequence());
    }

    private long processorSequence(final ProcessorAgent agent)
    {
        final BatchEventProcessor<?> processor = agentProcessors[agent.index()];
        return null == processor ? sequenceBase : sequenceBase + processor.getSequence().get() + 1;
    }

    /**
     * End-to-end latency (publish → processed by the first processor of the last stage) since start, in ns, for live
     * events. Thread safe; allocates a copy.
     *
     * @return a copy of the histogram.
     */
    public synchronized Histogram latencyHistogram()
    {
        latencyTotal.add(latencyRecorder.getIntervalHistogram());
        return latencyTotal.copy();
    }

    /**
     * The combined state digest of every processor (its state and pending timers), in pipeline order. Only
     * meaningful while the processors are quiescent: before {@link #start()} returns live, or after {@link #stop}.
     *
     * @return the digest.
     * @throws IllegalStateException while the pipeline is running.
     */
    public synchronized long stateDigest()
    {
        final EngineState.Phase phase = state.phase();
        if (phase == EngineState.Phase.RUNNING || phase == EngineState.Phase.STOPPING)
        {
            throw new IllegalStateException("stateDigest() needs a quiescent pipeline: call stop() first");
        }
        return Recovery.combinedDigest(agents);
    }

    /**
     * @return each processor's digest by name, in pipeline order (same quiescence rule as {@link #stateDigest()}).
     */
    public synchronized Map<String, Long> processorDigests()
    {
        stateDigest();
        final Map<String, Long> digests = new LinkedHashMap<>();
        for (final ProcessorAgent agent : agents)
        {
            digests.put(agent.name(), agent.digest());
        }
        return digests;
    }

    /** Reports a throwable that escaped an agent (they catch their own, so this is a bug) and fails the engine. */
    private final class Unexpected<T> implements ExceptionHandler<T>
    {
        private final String component;

        Unexpected(final String component)
        {
            this.component = component;
        }

        public void handleEventException(final Throwable ex, final long sequence, final T event)
        {
            errorHandler.onError(ex, sequenceBase + sequence + 1, component);
            state.fault(EngineState.Phase.FAILED, sequenceBase + sequence + 1, component, ex);
        }

        public void handleOnStartException(final Throwable ex)
        {
            errorHandler.onError(ex, 0, component);
        }

        public void handleOnShutdownException(final Throwable ex)
        {
            errorHandler.onError(ex, 0, component);
        }
    }
}
