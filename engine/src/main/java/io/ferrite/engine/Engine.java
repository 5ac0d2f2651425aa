package io.ferrite.engine;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalReader;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An embedded Ferrite engine: producers publish into an input ring, the journaller appends every event to the
 * journal, single-threaded processors handle the journaled events stage by stage, and sinks consume their outputs
 * from an output ring.
 * <pre>
 *   producers ─► input ring ─► journaller ─► stage 1 ─► stage 2 ─► ...     (a stage may fan out: P2a ∥ P2b)
 *                    ▲                           │ ctx.emit(...)     │ at snapshot markers: state → snapshot writer
 *                    └── due timers              ▼
 *                                           output ring ─► sinks
 * </pre>
 * This class is the running engine's API. The start-up sequence and what it builds are {@link EngineParts}; the wiring
 * is {@link Topology}, the roles are agents ({@link JournallerAgent}, {@link ProcessorAgent},
 * {@link SnapshotWriterAgent}, {@link SinkAgent}), the producer API is {@link Ingress}, recovery is {@link Recovery},
 * and {@link AgentThreads} maps agents to threads per {@link ThreadingMode}.
 * <p>
 * <b>Lifecycle:</b> {@link #builder()} → {@link EngineBuilder#build()} → {@link #start()} (recovers from the data
 * directory: snapshot + journal replay) → publish (and, in {@link ThreadingMode#INVOKER}, {@link #invoke()}) →
 * {@link #stop(Duration)} (drains) → {@link #close()}.
 * <p>
 * <b>Threading:</b> publishing methods are safe from one thread with {@link ProducerType#SINGLE}, from any number
 * with {@link ProducerType#MULTI}; lifecycle methods are synchronized. <b>Allocation:</b> none per event on the
 * publish, journal and process paths. <b>Back-pressure:</b> {@code tryClaim}/{@code tryPublish} return false when the
 * ring is full; {@code claim}/{@code publish} wait with the engine's idle strategy (an INVOKER engine's own thread
 * runs the engine instead) and throw {@link IllegalStateException} if the engine stops while they wait, so a blocked
 * producer never hangs a shutdown.
 */
public final class Engine implements AutoCloseable
{
    /** {@link #compilerFreeze()} once the optimising compiler is frozen. */
    public static final String COMPILER_FROZEN = "frozen";

    static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final EngineConfiguration config;
    private final EngineState state = new EngineState();
    /** The pipeline and files behind this API, and the sequence that starts and releases them. */
    private final EngineParts parts;

    Engine(final EngineConfiguration config)
    {
        this.config = config;
        this.parts = new EngineParts(config, state);
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
     * Recover and start: open the journal (repairing a torn tail), start the sinks, restore the newest valid snapshot
     * at or below the journal tail, replay the journal after it through the processors ({@link EventContext#isReplay()}
     * true, outputs the sinks already had suppressed, recorded digests checked), then run the pipeline live at
     * tail + 1. In {@link ThreadingMode#INVOKER} the calling thread becomes the one that must call {@link #invoke()}.
     *
     * @return what recovery did.
     * @throws DivergenceException   if replay reaches a state whose digest differs from the one recorded live.
     * @throws FerriteException      if the data directory cannot give a trustworthy state (names files and sequences).
     * @throws IllegalStateException if already started.
     */
    public synchronized RecoveryReport start()
    {
        if (state.phase() != EngineState.Phase.NEW)
        {
            throw new IllegalStateException("engine already started (" + state.phase() + ")");
        }
        return parts.start(this);
    }

    /**
     * Stop gracefully: refuse new publishes, wait until everything published is journaled, processed, snapshotted
     * where marked and delivered to the sinks, then end the threads and close the journal. Producers blocked in
     * {@link #claim} or {@link #publish} get an {@link IllegalStateException}. Idempotent. An INVOKER engine drains
     * by invoking itself, so call this from the invoking thread.
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
        parts.stopSources();
        state.beginStop();
        final boolean drained = awaitDrained(System.nanoTime() + timeout.toNanos());
        if (!drained)
        {
            LOG.warn("engine stop timed out after {} ms with work left: {}", timeout.toMillis(), describeProgress());
        }
        parts.release(parts.halt());
        if (state.phase() == EngineState.Phase.STOPPING)
        {
            state.phase(EngineState.Phase.STOPPED);
        }
        return drained;
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

    /**
     * Run one duty cycle of every agent (journaller, each processor in pipeline order, the snapshot writer, each
     * sink) on the calling thread: the whole engine, for {@link ThreadingMode#INVOKER}. Call it from the thread that
     * called {@link #start()}, in the host's loop; it never blocks.
     *
     * @return the work done (events and outputs handled); 0 means idle.
     * @throws IllegalStateException if the engine is not an INVOKER engine, not running, or called from another thread.
     */
    public int invoke()
    {
        if (null == parts.threads)
        {
            throw new IllegalStateException("engine is " + state.phase() + ": invoke() works between start() and stop()");
        }
        return parts.threads.invoke();
    }

    /**
     * {@link ThreadingMode#INVOKER} only: run {@link #invoke()} until every event published so far is processed by
     * every stage, its outputs are consumed by the sinks and the snapshot writer is idle. Bounded by what was
     * published: nothing new arrives meanwhile, as the caller is the producer.
     *
     * @return false if the engine stopped running (halted or failed) before it drained.
     * @throws IllegalStateException if the engine is not an INVOKER engine, not running, or called from another thread.
     */
    public boolean drainInvoker()
    {
        if (null == parts.threads)
        {
            throw new IllegalStateException("engine is " + state.phase() + ": drainInvoker() works between start() " +
                "and stop()");
        }
        while (!isDrained())
        {
            if (!state.running)
            {
                return false;
            }
            parts.threads.invoke();
        }
        return state.running;
    }

    /**
     * With {@link EngineBuilder#hostFiresTimers(boolean)}: publish the earliest due timer of all processors as a
     * timer event, the earliest by (deadline, processor index in pipeline order, timer id), stamped with event time
     * {@code now}. Call it only when the engine is drained ({@link #drainInvoker()}), so the choice depends only on
     * the processors' state, which replay reproduces: the host that fires one timer at a time, draining in between,
     * gives the same sequences on every replica and after any restart.
     *
     * @param now the event time timers are due against (the timestamp of the last event).
     * @return the sequence of the timer event, or -1 if no timer is due.
     * @throws IllegalStateException if timers are not host-fired, the engine is not running or not drained.
     */
    public long fireNextDueTimer(final long now)
    {
        if (!config.hostFiresTimers || null == parts.threads || !state.running)
        {
            throw new IllegalStateException("fireNextDueTimer needs a running INVOKER engine built with " +
                "hostFiresTimers(true)");
        }
        if (!isDrained())
        {
            throw new IllegalStateException("fireNextDueTimer needs a drained engine: call drainInvoker() first");
        }
        ProcessorAgent owner = null;
        int ownerIndex = -1;
        long bestDeadline = Long.MAX_VALUE;
        // In pipeline order, and only a strictly earlier deadline displaces: ties go to the earlier processor (and
        // within one processor its timers are ordered by (deadline, id)).
        for (final ProcessorAgent processor : parts.topology.processors)
        {
            final int i = processor.nextDueTimer(now);
            if (i >= 0 && (null == owner || processor.timerDeadlineAt(i) < bestDeadline))
            {
                owner = processor;
                ownerIndex = i;
                bestDeadline = processor.timerDeadlineAt(i);
            }
        }
        if (null == owner)
        {
            return -1;
        }
        final long r = parts.topology.ring.tryNext();
        if (r == InputRing.FULL)
        {
            throw new IllegalStateException("input ring full although the engine is drained");
        }
        return owner.publishTimer(r, ownerIndex, now);
    }

    /**
     * A reader over this engine's own journal, for a host that must look at what is already journaled (a cluster
     * member matching its log to its journal after a restart). The caller closes it; it must not outlive the engine.
     *
     * @return a new reader positioned before the first record.
     * @throws IllegalStateException if the engine is not started or has no journal.
     */
    public JournalReader journalReader()
    {
        final Journal j = parts.journal;
        if (null == j || null == parts.threads)
        {
            throw new IllegalStateException("engine is " + state.phase() + ": no journal to read");
        }
        return j.reader();
    }

    /**
     * @return how this engine's agents run: the configured mode, or the one chosen for this machine.
     */
    public ThreadingMode threadingMode()
    {
        return config.threadingMode;
    }

    /** @return the agent forcing a FlushPolicy.BATCH journal off the pipeline's thread, or null; for tests. */
    FlusherAgent flusher()
    {
        final Topology t = parts.topology;
        return null == t ? null : t.flusher;
    }

    private boolean awaitDrained(final long deadline)
    {
        final boolean invoking = null != parts.threads && parts.threads.isInvokingThread();
        final IdleStrategy idle = config.waitStrategy.newIdleStrategy();
        while (System.nanoTime() < deadline)
        {
            if (isDrained())
            {
                return true;
            }
            if (!invoking || parts.threads.invoke() == 0)
            {
                idle.idle();
            }
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
        final Topology t = parts.topology;
        final long cursor = t.ring.cursor();
        return t.processedUpTo() >= cursor && t.sinksCaughtUp() &&
            (null == t.snapshotWriter || t.snapshotWriter.isIdle()) && t.ring.cursor() == cursor;
    }

    private String describeProgress()
    {
        final EngineCounters c = counters();
        return "published up to " + c.lastPublishedSequence() + ", journaled up to " + c.lastJournaledSequence() +
            ", processed " + c.processedSequence() + ", outputs " + c.outputsPublished() + ", sinks consumed " +
            c.sinkOutputsConsumed();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Sources
    // ------------------------------------------------------------------------------------------------------------

    /**
     * @return the status of the builder's sources, in the order added (empty without sources, or before start); safe
     * to read from any thread.
     */
    public List<SourceStatus> sources()
    {
        final SourceRunners sources = parts.sources;
        return null == sources ? List.of() : List.copyOf(sources.agents());
    }

    /**
     * @return true when every source has ended (input exhausted or limit reached) or failed; true without sources.
     */
    public boolean sourcesDone()
    {
        final SourceRunners sources = parts.sources;
        return null == sources || sources.allDone();
    }

    void sourceFailed(final SourceAgent source, final String message, final Throwable cause)
    {
        parts.errorHandler.onError(null == cause ? new FerriteException(message) : new FerriteException(message, cause),
            lastPublishedSequence(), source.roleName());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Publishing: see Ingress
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
        return ingress().tryClaim(claim);
    }

    /**
     * Claim the next input slot, waiting while the ring is full.
     *
     * @param claim the producer's reusable claim; must not hold a slot.
     * @throws IllegalStateException if the engine is not running or stops while waiting.
     */
    public void claim(final EventClaim claim)
    {
        ingress().claim(claim);
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
        return ingress().tryPublish(type, buffer, offset, length);
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
        ingress().publish(type, buffer, offset, length);
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
        ingress().claimBatch(count, batch);
    }

    private Ingress ingress()
    {
        final Ingress in = parts.ingress;
        if (null == in)
        {
            throw state.notRunning();
        }
        return in;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Snapshots, state and observation
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Ask for a snapshot: the journaller marks the next event it journals, and every processor serialises its state
     * after handling that event, so the snapshot belongs to exactly that sequence. Returns at once; the snapshot
     * writer writes the file (see {@link EngineCounters#lastSnapshotSequence()}).
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
        parts.topology.journaller.requestSnapshot();
    }

    /**
     * @return the journal sequence of the last event published into the ring (every event up to it is published;
     * 0 if none). Safe from any thread; with {@link ProducerType#MULTI} it checks each slot published since the
     * journaller's position, so it costs more the further producers are ahead.
     */
    public long lastPublishedSequence()
    {
        final Topology t = parts.topology;
        if (null == t)
        {
            return 0;
        }
        final long journaledUpTo = null == t.journaller ? t.processedUpTo() : t.journaller.progress().get();
        return t.ring.sequenceOf(t.ring.lastPublishedFrom(journaledUpTo + 1));
    }

    /**
     * @return true when the last stage has processed every event claimed so far, every sink has taken every output and
     * the snapshot writer is idle (or the engine stopped); for the warm-up, which offers events one at a time.
     */
    boolean pipelineCaughtUp()
    {
        // A halted or failed engine will not catch up: the warm-up must not wait for it.
        return null == parts.topology || !state.running || isDrained();
    }

    /**
     * @return the journal sequence of the last event journaled (0 if none, or if journaling is off). Safe from any
     * thread.
     */
    public long lastJournaledSequence()
    {
        final Topology t = parts.topology;
        return null == t || null == t.journaller ? 0 : t.ring.sequenceOf(t.journaller.progress().get());
    }

    /**
     * @return what {@link #start()} reported, or null before start.
     */
    public RecoveryReport recoveryReport()
    {
        return parts.recoveryReport;
    }

    /**
     * @return how {@link EngineBuilder#freezeCompilerAfterWarmup(boolean)} turned out once {@link #start()} has run:
     * null if it was not asked for, {@link #COMPILER_FROZEN}, or "not frozen: " and why.
     */
    public String compilerFreeze()
    {
        return parts.compilerFreeze;
    }

    /**
     * @return how each thread's pinning request turned out (empty when nothing was pinned).
     */
    public List<String> pinningOutcomes()
    {
        return parts.pinning.outcomes();
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
        final Topology t = parts.topology;
        final Map<String, Long> processed = new LinkedHashMap<>();
        final Map<String, Long> emitted = new LinkedHashMap<>();
        final Map<String, Long> sinks = new LinkedHashMap<>();
        if (null == t)
        {
            return new EngineCounters(0, 0, processed, emitted, 0, sinks, 0, 0, 0);
        }
        long slowest = Long.MAX_VALUE;
        for (final ProcessorAgent agent : t.processors)
        {
            final long seq = t.ring.sequenceOf(agent.progress().get());
            processed.put(agent.roleName(), seq);
            emitted.put(agent.roleName(), agent.emittedCount());
            slowest = Math.min(slowest, seq);
        }
        for (final SinkAgent sink : t.sinks)
        {
            sinks.put(sink.name(), sink.progress().get() + 1);
        }
        final long published = lastPublishedSequence();
        return new EngineCounters(
            published,
            null == t.journaller ? 0 : lastJournaledSequence(),
            processed,
            emitted,
            t.outputs.hasRing() ? t.outputs.cursor() + 1 : 0,
            sinks,
            t.processors.length == 0 ? 0 : published - slowest,
            null == t.snapshotWriter ? 0 : t.snapshotWriter.snapshotsWritten(),
            null == t.snapshotWriter ? 0 : t.snapshotWriter.lastSnapshotSequence());
    }

    /**
     * End-to-end latency (publish → processed by the first processor of the last stage) since start, in ns, for live
     * sampled events. Thread safe; allocates a copy.
     *
     * @return a copy of the histogram.
     */
    public Histogram latencyHistogram()
    {
        return parts.latencyLog.total();
    }

    /**
     * Write an interval of the latency log now, whatever the time (swapping the recorder as every interval does): the
     * warm-up does this every few thousand events so that the log's encoding is compiled before the real run's first
     * second needs it.
     */
    void writeLatencyInterval()
    {
        parts.latencyLog.writeNow(System.currentTimeMillis());
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
        if (null == parts.topology)
        {
            throw new IllegalStateException("stateDigest() needs a started engine: its processors hold no state yet");
        }
        return Recovery.combinedDigest(parts.topology.processors);
    }

    /**
     * @return each processor's digest by name, in pipeline order (same quiescence rule as {@link #stateDigest()}).
     */
    public synchronized Map<String, Long> processorDigests()
    {
        stateDigest();
        final Map<String, Long> digests = new LinkedHashMap<>();
        for (final ProcessorAgent agent : parts.topology.processors)
        {
            digests.put(agent.roleName(), agent.digest());
        }
        return digests;
    }
}
