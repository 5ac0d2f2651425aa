package io.ferrite.engine;

import io.ferrite.journal.Journal;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * What a started {@link Engine} runs on, and the start-up sequence that builds it: warm-up, journal open (repairing a
 * torn tail), counters, digest logs, the pipeline's wiring and threads, recovery (snapshot + replay), the recovery
 * report and latency log, then the live pipeline and the sources. {@link #halt()} and {@link #release(List)} undo it
 * in reverse, on stop or on a start that fails part-way.
 * <p>
 * Each part is set the moment it exists, so that a failure releases exactly what was opened and {@link Engine}'s
 * observers (counters, sequences) see the pipeline while it replays. <b>Threading:</b> {@link #start(Engine)},
 * {@link #halt()} and {@link #release(List)} run under the engine's lock; the volatile parts may be read from any
 * thread.
 */
final class EngineParts
{
    /** Engine's logger: an application that configures Ferrite's logging by class name finds these lines there. */
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final EngineConfiguration config;
    private final EngineState state;
    final Pinning pinning = new Pinning();
    private final SingleWriterRecorder latencyRecorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
    /** Writes {@link #latencyRecorder}'s intervals to {@code DIR/latency.hlog} and keeps the total. */
    final LatencyIntervalLog latencyLog = new LatencyIntervalLog(latencyRecorder, Engine.MAX_LATENCY_NANOS);
    /** The builder's error handler, counting each error in the counters file while it is mapped. */
    final ErrorHandler errorHandler;
    /** Null before start and once the counters file is unmapped: errors after that are reported, not counted. */
    private volatile AtomicCounter errorsCounter;

    Journal journal;
    LiveCounters counters;
    private Map<String, DigestLog> digestLogs = Map.of();
    volatile Topology topology;
    AgentThreads threads;
    volatile Ingress ingress;
    RecoveryReport recoveryReport;
    SourceRunners sources;
    /** See {@link Engine#compilerFreeze()}. */
    volatile String compilerFreeze;

    EngineParts(final EngineConfiguration config, final EngineState state)
    {
        this.config = config;
        this.state = state;
        final ErrorHandler user = config.errorHandler;
        this.errorHandler = (cause, sequence, component) ->
        {
            final AtomicCounter errors = errorsCounter;
            if (null != errors)
            {
                errors.increment();
            }
            user.onError(cause, sequence, component);
        };
    }

    /**
     * Run the start-up sequence from phase NEW to RUNNING; on failure the engine is FAILED and everything opened so
     * far is released before the exception propagates.
     *
     * @param engine that the sources publish into.
     * @return what recovery did.
     */
    RecoveryReport start(final Engine engine)
    {
        final boolean warmedUp = Warmup.runIfConfigured(config);
        if (config.freezeCompilerAfterWarmup)
        {
            // A warm-up that ended early (its generator threw, its scratch engine halted) compiled too little to keep.
            final String refused = warmedUp ? CompilerFreeze.apply(config.dataDirectory) :
                "the warm-up ended early, before the hot path was compiled";
            compilerFreeze = null == refused ? Engine.COMPILER_FROZEN : "not frozen: " + refused;
        }
        state.phase(EngineState.Phase.RECOVERING);
        final long startNanos = System.nanoTime();
        final long startMillis = System.currentTimeMillis();
        try
        {
            if (config.warmupCancelled.getAsBoolean())
            {
                throw new FerriteException("start cancelled during the warm-up, before the journal in " +
                    config.dataDirectory + " was opened");
            }
            final Recovery.Opened opened = Recovery.open(config);
            journal = opened.journal();
            if (null != config.onJournalLocked)
            {
                config.onJournalLocked.run();
            }
            counters = new LiveCounters(config, opened.tail());
            errorsCounter = counters.errors;
            digestLogs = Recovery.openDigestLogs(config, opened.tail());
            topology = new Topology(config, state, errorHandler, journal, opened.tail(), counters, digestLogs,
                latencyRecorder);
            threads = new AgentThreads(config, topology, pinning, this::onAgentError);
            ingress = new Ingress(config, state, topology, threads);

            recoveryReport = Recovery.recover(config, opened, topology, threads, startNanos);
            RecoveryReportFile.write(config.dataDirectory, recoveryReport, startMillis);
            latencyLog.open(config.dataDirectory, config.latencyLogCopy, System.currentTimeMillis());
            latencyLog.startThread("ferrite-latency-log");
            threads.startPipeline(Thread.currentThread());
            state.phase(EngineState.Phase.RUNNING);
            if (!config.sources.isEmpty())
            {
                sources = SourceRunners.start(engine, config, opened.tail(),
                    ex -> errorHandler.onError(ex, engine.lastPublishedSequence(), "source"));
            }
            if (null == journal)
            {
                LOG.warn("Ferrite engine started in {} WITHOUT a journal: nothing survives a crash",
                    config.dataDirectory);
            }
            else
            {
                LOG.info("Ferrite engine started in {} ({}): {}", config.dataDirectory, config.threadingMode,
                    recoveryReport.describe());
            }
            return recoveryReport;
        }
        catch (final RuntimeException ex)
        {
            state.phase(EngineState.Phase.FAILED);
            stopSources();
            release(halt());
            throw ex;
        }
    }

    void stopSources()
    {
        if (null != sources)
        {
            sources.stop();
        }
    }

    /** @return the threads that did not end (stuck in a processor or sink callback). */
    List<String> halt()
    {
        if (null == threads)
        {
            return List.of();
        }
        // Unblock an emit waiting on a full output ring, then end every agent's thread.
        topology.outputs.close();
        final List<String> stuck = threads.stop();
        if (null != ingress)
        {
            ingress.pipelineStopped();
        }
        return stuck;
    }

    void release(final List<String> stuckThreads)
    {
        latencyLog.close();
        if (!stuckThreads.isEmpty())
        {
            // A thread stuck in user code (a sink or processor callback) may still touch the mapped journal and
            // counters when it returns: unmapping them under it could crash the JVM. Leave them to the GC.
            LOG.error("threads {} did not end within 5 s of halt (stuck in a processor or sink callback?): the " +
                "journal and counters file are left open", stuckThreads);
            return;
        }
        for (final DigestLog log : digestLogs.values())
        {
            log.close();
        }
        digestLogs = Map.of();
        if (null != journal)
        {
            journal.close();
            journal = null;
        }
        if (null != counters)
        {
            errorsCounter = null;
            counters.close();
            counters = null;
        }
    }

    /** A throwable escaped an agent's duty cycle (agents catch their own, so this is a bug): report, fail the engine. */
    private void onAgentError(final Throwable ex)
    {
        final long sequence = null == ingress ? 0 : ingress.lastClaimedSequence();
        errorHandler.onError(ex, sequence, "engine");
        state.fault(EngineState.Phase.FAILED, sequence, "engine", ex);
    }
}
