package io.ferrite.tools;

import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EngineBuilder;
import io.ferrite.engine.ProducerType;
import io.ferrite.engine.RecoveryReport;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalConfig;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * {@code ferrite run --workload W --data DIR --events N}: recover whatever DIR holds, then publish the workload's
 * events until the journal holds N, stop gracefully and report.
 * <p>
 * Event {@code i} is a pure function of (seed, i) and the loop generates exactly the sequences the journal lacks, so
 * a run that was killed and started again with the same arguments ends in the same state, and with the same digest,
 * as one that never stopped.
 * <p>
 * The publishing loop runs on the command's thread, the engine's single producer: no allocation, no logging, one
 * volatile read per event for Ctrl-C, progress drawn at most once a second and only on a terminal.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Recover from DIR if it holds a journal, then drive the engine with a workload until the journal holds N " +
            "events; print events/s, latency percentiles and the final state digest.",
        "Killed and started again with the same arguments, it ends with the digest of a run never killed."
    })
final class RunCommand extends AbstractCommand
{
    private long minFreeSpaceBytes;
    private long floorBytes;
    private RunFaults faults;
    /** Set in {@link Engine#start()} once the journal's writer lock is held: recovery, not the warm-up, runs. */
    private volatile boolean journalLocked;

    /** What {@link Engine#fault()} says when nothing failed. */
    private static final String NO_FAULT = "none";

    @Option(names = "--workload", required = true, paramLabel = "W",
        description = "The workload to run (see `ferrite workloads`).")
    String workloadName;

    @Mixin
    WorkloadPath workloadPath;

    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "Data directory: journal/, snapshots/ and digests/ live here. Created (owner-only) if missing, " +
            "once every option has been checked.")
    Path data;

    @Option(names = "--events", paramLabel = "N",
        description = "Run until the journal holds N events in total (a rerun continues where the last one stopped). " +
            "Required without --source; with one, optional (a file source ends the run at its end).")
    Long events;

    @Option(names = "--source", paramLabel = "URI",
        description = "Read events from csv:PATH, jsonl:PATH (PATH '-' = standard input) or kafka://HOST:PORT/TOPIC " +
            "instead of the workload's generator; resumes exactly where the journal ends.")
    String sourceUri;

    @Option(names = "--sink", paramLabel = "URI",
        description = "Deliver outputs, exactly once across crashes, to csv:PATH, jsonl:PATH, " +
            "kafka://HOST:PORT/TOPIC, jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB?user=U&password=P. " +
            "Repeatable.")
    List<String> sinkUris = new ArrayList<>();

    @Option(names = "--on-bad-record", paramLabel = "POLICY", defaultValue = "halt",
        description = "What the source does with a record it cannot decode: ${COMPLETION-CANDIDATES}. halt stops " +
            "naming the file and line (fix it and run again); skip writes it to --dead-letter. " +
            "Default: ${DEFAULT-VALUE}.")
    BadRecordPolicy badRecordPolicy;

    @Option(names = "--dead-letter", paramLabel = "PATH|URI",
        description = "Where --on-bad-record skip puts bad records: a file, or kafka://HOST:PORT/TOPIC.")
    String deadLetterUri;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "Workload seed: event i is a pure function of (seed, i). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--allow-seed-change",
        description = "Continue a data directory created with another --seed: the events appended from here on come " +
            "from the new seed's stream (recorded as the directory's seed).")
    boolean allowSeedChange;

    @Option(names = "--min-free-space", paramLabel = "SIZE", defaultValue = "auto",
        description = "Stop journaling (the run ends with a clear error, the journal intact) when the journal's file " +
            "system has less than SIZE free: bytes, or with a k/m/g suffix (binary); 'auto' sizes it from the " +
            "journal's segment block (16 MiB for the built-in workloads). Default: ${DEFAULT-VALUE}.")
    String minFreeSpace;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
        description = "Offer R events/s at fixed intervals, for latency measurement: each event is timed from its " +
            "intended send time (start + i/R) to processed, so a producer behind schedule shows in the " +
            "percentiles; 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "300000",
        description = "Before the real engine starts, drive N of the workload's events, mostly flat out, through a " +
            "scratch engine (same settings, discarded afterwards), then a few thousand one at a time through a " +
            "second one that starts empty, so the JIT has compiled the hot path; 0 = none, at most 10000000. " +
            "Default: ${DEFAULT-VALUE}.")
    long warmup;

    @Option(names = "--freeze-compiler", paramLabel = "WHEN", defaultValue = "auto",
        description = "After the warm-up, keep the JVM's optimising compiler (C2) from starting new compilations, so " +
            "it takes no core from busy-spinning threads (methods that become hot later get the quick compiler, " +
            "C1): on, off, or auto = on with --wait busy_spin, a warm-up, and no more cores than the run keeps " +
            "busy (its producer, and one engine thread with shared threading, at least two with dedicated; never " +
            "with invoker). Default: ${DEFAULT-VALUE}.")
    String freezeCompiler;

    @Option(names = "--hlog", paramLabel = "FILE",
        description = "Write the latency as an HdrHistogram interval log (one histogram per second), so a stall " +
            "shows in time: the engine's own DIR/latency.hlog, written to FILE too (truncated in place, or " +
            "created owner-only). Read it with HdrHistogram's HistogramLogProcessor.")
    Path hlog;

    @Option(names = "--snapshot-every", paramLabel = "K", defaultValue = "1000000",
        description = "Snapshot every processor after each K-th event; 0 = never. Default: ${DEFAULT-VALUE}.")
    long snapshotEvery;

    @Option(names = "--digest-every", paramLabel = "M", defaultValue = "100000",
        description = "Record state digests every M events, for replay to check; 0 = never. " +
            "Default: ${DEFAULT-VALUE}.")
    long digestEvery;

    @Option(names = "--flush", paramLabel = "POLICY", defaultValue = "none",
        description = "When the journal forces records to disk: ${COMPLETION-CANDIDATES}. none survives a process " +
            "crash, batch and every also a machine crash. Default: ${DEFAULT-VALUE}.")
    FlushPolicy flush;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "16384",
        description = "Input and output ring size, a power of two. Default: ${DEFAULT-VALUE}.")
    int ringSize;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = "sleeping",
        description = "How engine threads, and a --rate producer between events, wait: ${COMPLETION-CANDIDATES}. " +
            "busy_spin needs a free core per engine thread. Default: ${DEFAULT-VALUE}.")
    WaitStrategyType waitStrategy;

    @Option(names = "--threading", paramLabel = "MODE",
        description = "How the engine's agents map to threads: ${COMPLETION-CANDIDATES}. dedicated: a thread per " +
            "journaller, processor and sink; shared: one engine thread runs them all in pipeline order; invoker: " +
            "this command's own thread runs the engine between publishes. Default: shared when this machine has " +
            "fewer cores than dedicated would keep busy, else dedicated.")
    ThreadingMode threading;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "How long to wait for the engine to drain at the end. Default: ${DEFAULT-VALUE}.")
    long stopTimeoutSeconds;

    /**
     * @return {@link FerriteMain#EXIT_OK} when the journal holds N events and the engine drained, else
     * {@link FerriteMain#EXIT_FAILURE}.
     */
    @Override
    public Integer call()
    {
        // Every option is checked, and the engine built (which checks the rest), before anything is written: a refused
        // run leaves no directory, and no identity record, behind.
        minFreeSpaceBytes = RunOptionChecks.validate(this);
        final Workload workload =
            Workloads.byName(spec.commandLine(), workloadName, workloadPath.classLoader());
        final DataIdentity identity = DataIdentity.of(workload, seed);
        final String identityProblem = RunDataDirectory.checkIdentity(identity, data, allowSeedChange);
        if (null != identityProblem)
        {
            throw usageError(identityProblem);
        }
        faults = new RunFaults(common.verbose, err(), spec.qualifiedName(" "));
        final CountingSink sink = new CountingSink();
        final Duration stopTimeout = Duration.ofSeconds(stopTimeoutSeconds);
        final RunConnectors connectors = new RunConnectors(sourceUri, sinkUris, badRecordPolicy, deadLetterUri);
        final long recoveringTo = RunDataDirectory.lastRunJournaled(data);
        final String recoveryInterrupted = spec.qualifiedName(" ") + ": interrupted during recovery of " + data +
            (recoveringTo > 0 ? ", while replaying its journal (which held events up to sequence " + recoveringTo +
                " after the last run)" : "") + ", before any event was published: nothing was lost, and the " +
            "next run with the same arguments recovers again";

        try (InterruptHook interrupt = new InterruptHook(stopTimeout.toMillis() + 5_000);
            Engine engine = buildEngine(workload, sink, connectors, stopTimeout, interrupt::requested, () ->
            {
                // Recovery cannot stop half-way: from here a signal prints what it cut short and lets the JVM go. Set
                // before the check below (both sides volatile), so a signal is either seen here or by the hook.
                interrupt.duringUninterruptible(recoveryInterrupted, err());
                if (interrupt.requested())
                {
                    // Signalled as the warm-up ended: stop before recovery, which could not be stopped half-way.
                    interrupt.duringUninterruptible(null, null);
                    throw new IllegalStateException("interrupted before recovery");
                }
                journalLocked = true;
                // The journal's writer lock is held: this run is the directory's one writer, and may record what it
                // holds. A run refused as locked never gets here, so it cannot rewrite a live run's seed.
                final String problem = RunDataDirectory.recordIdentity(identity, data, allowSeedChange);
                if (null != problem)
                {
                    throw usageError(problem);
                }
            }))
        {
            final String cannotCreate = RunDataDirectory.create(data);
            if (null != cannotCreate)
            {
                throw usageError(cannotCreate);
            }
            // Made before the clock starts: the first events are timed from start + i/rate, so building the generator
            // (tables, run interpreted in a fresh JVM) after it would count as their latency. Made before start() too,
            // so before the warm-up's scratch generators: the trading generator's constructor loops over 16,384
            // lanes, and the third construction in a JVM had the optimising compiler compile it, for 37 ms of a core,
            // as the real run's clock started (JFR jdk.Compilation, 2 cores); now the third is the warm-up's.
            final EventGenerator generator = connectors.hasSource() ? null : workload.newGenerator(seed);
            if (0 == warmup)
            {
                interrupt.duringUninterruptible(recoveryInterrupted, err());
            }
            // Else a signal during the warm-up stops it like one during the run: the warm-up ends (deleting its scratch
            // directory), start() throws before it opens the journal, and the shutdown waits for the line below.
            final long startCalled = System.nanoTime();
            final RecoveryReport recovery;
            try
            {
                recovery = engine.start();
            }
            catch (final RuntimeException ex)
            {
                if (!interrupt.requested() || journalLocked)
                {
                    throw ex;
                }
                err().println(spec.qualifiedName(" ") + ": interrupted during the warm-up, before the real engine " +
                    "started: nothing was written to the journal of " + data + " (the warm-up's scratch files are " +
                    "deleted), and the next run with the same arguments carries on as if this one had not run");
                err().flush();
                return FerriteMain.EXIT_FAILURE;
            }
            final long engineStartNanos = System.nanoTime() - startCalled;
            interrupt.duringUninterruptible(null, null);
            final long firstSequence = engine.lastPublishedSequence() + 1;
            final Progress progress = Terminal.isInteractive() ?
                new Progress(err(), "events", firstSequence - 1, null == events ? 0 : events) : null;

            final long startNanos = System.nanoTime();
            final boolean drained;
            try
            {
                try
                {
                    if (!connectors.hasSource())
                    {
                        RunProducer.publish(engine, generator, interrupt, progress, startNanos, events, rate, waitStrategy);
                    }
                    else
                    {
                        RunProducer.awaitSource(engine, interrupt, progress);
                    }
                }
                catch (final IllegalStateException ex)
                {
                    // claim() refuses once the engine halted (a processor threw under HALT, or the journal failed).
                    final String diskFull =
                        faults.diskFull(data, floorBytes, engine.counters().lastJournaledSequence());
                    if (null != diskFull)
                    {
                        throw new ToolException(diskFull, ex);
                    }
                    throw new ToolException("the engine stopped at sequence " + engine.lastPublishedSequence() +
                        ": " + ex.getMessage() + "; the journal in " + data + " keeps every published event", ex);
                }
                drained = engine.stop(stopTimeout);
            }
            finally
            {
                if (null != progress)
                {
                    progress.finish();
                }
            }
            final long elapsedNanos = System.nanoTime() - startNanos;
            connectors.closeSinks();
            final String fault = engine.fault();
            final String diskFull = faults.diskFull(data, floorBytes, engine.counters().lastJournaledSequence());
            if (null != diskFull)
            {
                throw new ToolException(diskFull);
            }
            if (!NO_FAULT.equals(fault))
            {
                throw new ToolException("the engine halted: " + fault + "; the journal in " + data + " keeps every " +
                    "published event");
            }
            if (!drained)
            {
                throw new ToolException("the engine did not drain within " + stopTimeoutSeconds + " s; everything " +
                    "published is in the journal of " + data + ", and the next run recovers it");
            }

            final long lastSequence = engine.lastPublishedSequence();
            final Histogram latencyHistogram = engine.latencyHistogram();
            final RunSummary summary = new RunSummary(
                workload, seed, data, events, rate, engineStartNanos, recovery, lastSequence - firstSequence + 1,
                lastSequence, elapsedNanos, RunSummary.Latencies.of(latencyHistogram, 0 != rate), engine.stateDigest(),
                engine.processorDigests(), engine.counters(), sink, interrupt.requested(), engine.threadingMode(),
                engine.sources(), connectors, faults.snapshotFailures(), faults.firstSnapshotFailure(),
                engine.compilerFreeze());
            if (json())
            {
                summary.printJson(jsonWriter());
            }
            else
            {
                summary.print(out());
            }

            for (final SourceStatus source : engine.sources())
            {
                if (source.state() == SourceStatus.State.FAILED)
                {
                    printFault(source.failure() + "; the journal in " + data + " holds every record before it");
                    return FerriteMain.EXIT_FAILURE;
                }
            }

            if (summary.interrupted() && !(null != sourceUri && null == events))
            {
                printFault("interrupted at sequence " + lastSequence + (null == events ? "" : " of " + events) +
                    "; run again with the " +
                    "same arguments to continue");
                return FerriteMain.EXIT_FAILURE;
            }
            return FerriteMain.EXIT_OK;
        }
    }

    /**
     * @return whether --freeze-compiler asks for the freeze, auto resolved for this machine's cores.
     */
    boolean freezesCompiler()
    {
        return freezesCompiler(Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param cores the cores the JVM may use.
     * @return whether --freeze-compiler asks for the freeze; auto: when every core has a busy-spinning thread of the
     * run, so that the optimising compiler can only run on a spinner's core.
     */
    boolean freezesCompiler(final int cores)
    {
        switch (freezeCompiler.toLowerCase(Locale.ROOT))
        {
            case "on":
                if (0 == warmup)
                {
                    throw usageError(
                        "--freeze-compiler on needs a warm-up: --warmup 0 leaves nothing compiled to keep");
                }
                return true;
            case "off":
                return false;
            case "auto":
                // The producer spins too; the engine adds one thread when shared (or left to choose, which on a
                // machine this small is shared) and at least a journaller and a processor when dedicated. Under
                // INVOKER the producer's thread runs the engine: one busy thread, and its loop is not warmed up.
                final int busyThreads = 1 + (ThreadingMode.DEDICATED == threading ? 2 : 1);
                return WaitStrategyType.BUSY_SPIN == waitStrategy && warmup > 0 &&
                    ThreadingMode.INVOKER != threading && cores <= busyThreads;
            default:
                throw usageError("--freeze-compiler must be on, off or auto, was '" + freezeCompiler + "'");
        }
    }

    private Engine buildEngine(
        final Workload workload,
        final CountingSink sink,
        final RunConnectors connectors,
        final Duration stopTimeout,
        final BooleanSupplier interrupted,
        final Runnable onJournalLocked)
    {
        floorBytes = JournalConfig.MIN_FREE_SPACE_AUTO == minFreeSpaceBytes ?
            JournalConfig.autoMinFreeSpaceBytes(workload.maxEventLength()) : minFreeSpaceBytes;
        try
        {
            final EngineBuilder builder = Engine.builder();
            connectors.wire(builder, workload, events);
            return builder
                .dataDirectory(data)
                .flushPolicy(flush)
                .minFreeSpaceBytes(minFreeSpaceBytes)
                .ringSize(ringSize)
                .maxEventLength(workload.maxEventLength())
                .producerType(ProducerType.SINGLE)
                .waitStrategy(waitStrategy)
                .threadingMode(threading)
                .pipeline(workload.newPipeline())
                .sink("count", sink)
                .snapshotEvery(snapshotEvery)
                .digestEvery(digestEvery)
                // Paced runs measure latency, so every event is timed; flat-out runs measure throughput and time a
                // sample only (each timed event costs two clock reads).
                .latencySampleEvery(0 != rate ? 1 : EngineBuilder.LATENCY_SAMPLE_EVERY_DEFAULT)
                .stopTimeout(stopTimeout)
                .warmup(workload, warmup)
                .freezeCompilerAfterWarmup(freezesCompiler())
                // The real sink's class, so the engine's call into it is compiled for it before the run starts.
                .warmupSink(CountingSink::new)
                // The engine's own interval log, written to --hlog too: no thread of this command's for it.
                .latencyLogCopy(hlog)
                .errorHandler(faults::onEngineError)
                .warmupCancelled(interrupted)
                .onJournalLocked(onJournalLocked)
                .build();
        }
        catch (final IllegalArgumentException ex)
        {
            // build() names the bad setting; every setting comes from an option, so it is a usage error.
            throw usageError(ex.getMessage());
        }
    }
}
