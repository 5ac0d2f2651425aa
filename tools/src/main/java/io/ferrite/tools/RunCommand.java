package io.ferrite.tools;

import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EngineBuilder;
import io.ferrite.engine.EngineCounters;
import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.ProducerType;
import io.ferrite.engine.RecoveryReport;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalException;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
    /** The journal's refusal for want of space, kept from the engine's error handler for the one error line. */
    private volatile JournalException storageFault;
    private long minFreeSpaceBytes;
    private final AtomicInteger snapshotFailures = new AtomicInteger();
    private volatile String firstSnapshotFailure;
    private long floorBytes;
    /** How long {@link Engine#start()} took (warm-up, recovery and thread start included), for the JSON summary. */
    private long startNanos;

    /** What {@link Engine#fault()} says when nothing failed. */
    private static final String NO_FAULT = "none";

    @Option(names = "--workload", required = true, paramLabel = "W",
        description = "The workload to run (see `ferrite workloads`).")
    String workloadName;

    @Mixin
    WorkloadPath workloadPath;

    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "Data directory: journal/, snapshots/ and digests/ live here. Created if missing.")
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
        description = "Before the real engine starts, drive N of the workload's events flat out through a scratch " +
            "engine (same settings, discarded afterwards) so the JIT has compiled the hot path; 0 = none. " +
            "Default: ${DEFAULT-VALUE}.")
    long warmup;

    @Option(names = "--hlog", paramLabel = "FILE",
        description = "Write the latency as an HdrHistogram interval log (one histogram per second), so a stall " +
            "shows in time; read it with HdrHistogram's HistogramLogProcessor.")
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
        description = "How engine threads wait: ${COMPLETION-CANDIDATES}. busy_spin needs a free core per engine " +
            "thread. Default: ${DEFAULT-VALUE}.")
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
        validate();
        final Workload workload =
            Workloads.byName(spec.commandLine(), workloadName, workloadPath.classLoader());
        checkIdentity(workload);
        final CountingSink sink = new CountingSink();
        final Duration stopTimeout = Duration.ofSeconds(stopTimeoutSeconds);
        final RunConnectors connectors = new RunConnectors(sourceUri, sinkUris, badRecordPolicy, deadLetterUri);
        final Engine engine = buildEngine(workload, sink, connectors, stopTimeout);

        try (engine; InterruptHook interrupt = new InterruptHook(stopTimeout.toMillis() + 5_000))
        {
            final long recoveringTo = lastRunJournaled();
            interrupt.duringUninterruptible(spec.qualifiedName(" ") + ": interrupted during recovery of " + data +
                (recoveringTo > 0 ? ", while replaying its journal (which held events up to sequence " + recoveringTo +
                    " after the last run)" : "") + ", before any event was published: nothing was lost, and the " +
                "next run with the same arguments recovers again", err());
            final long startCalled = System.nanoTime();
            final RecoveryReport recovery = engine.start();
            startNanos = System.nanoTime() - startCalled;
            interrupt.duringUninterruptible(null, null);
            final long firstSequence = engine.lastPublishedSequence() + 1;
            final Progress progress = Terminal.isInteractive() ?
                new Progress(err(), "events", firstSequence - 1, null == events ? 0 : events) : null;

            // Made before the clock starts: the first events are timed from start + i/rate, so building the generator
            // (tables, run interpreted in a fresh JVM) after it would count as their latency.
            final EventGenerator generator = connectors.hasSource() ? null : workload.newGenerator(seed);
            final LatencyLog latencyLog = null == hlog ? null : LatencyLog.start(engine, hlog);
            final long startNanos = System.nanoTime();
            final boolean drained;
            try
            {
                try
                {
                    if (!connectors.hasSource())
                    {
                        publish(engine, generator, interrupt, progress, startNanos);
                    }
                    else
                    {
                        awaitSource(engine, interrupt, progress);
                    }
                }
                catch (final IllegalStateException ex)
                {
                    // claim() refuses once the engine halted (a processor threw under HALT, or the journal failed).
                    final String diskFull = diskFull(engine.counters().lastJournaledSequence());
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
                if (null != latencyLog)
                {
                    latencyLog.close();
                }
            }
            final long elapsedNanos = System.nanoTime() - startNanos;
            connectors.closeSinks();
            final String fault = engine.fault();
            final String diskFull = diskFull(engine.counters().lastJournaledSequence());
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
            final Summary summary = new Summary(
                workload, recovery, lastSequence - firstSequence + 1, lastSequence, elapsedNanos,
                Latencies.of(latencyHistogram, 0 != rate), engine.stateDigest(),
                engine.processorDigests(), engine.counters(), sink, interrupt.requested(), engine.threadingMode(),
                engine.sources(), connectors);
            print(summary);

            for (final SourceStatus source : engine.sources())
            {
                if (source.state() == SourceStatus.State.FAILED)
                {
                    printFault(source.failure() + "; the journal in " + data + " holds every record before it");
                    return FerriteMain.EXIT_FAILURE;
                }
            }

            if (summary.interrupted && !(null != sourceUri && null == events))
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
     * Refuse a data directory created for another workload, pipeline or seed; record what a new one holds.
     */
    private void checkIdentity(final Workload workload)
    {
        final DataIdentity wanted = DataIdentity.of(workload, seed);
        final DataIdentity recorded = DataIdentity.read(data);
        if (null == recorded)
        {
            // A new directory, or one written before identities were recorded: from now on it holds this.
            wanted.write(data);
            return;
        }
        final String mismatch = wanted.workloadMismatch(recorded, data);
        if (null != mismatch)
        {
            throw usageError(mismatch);
        }
        if (recorded.seed != seed)
        {
            if (!allowSeedChange)
            {
                throw usageError("data directory " + data + " holds the event stream of --seed " + recorded.seed +
                    ", not --seed " + seed + ": appending another seed's events would mix two streams; give --seed " +
                    recorded.seed + ", or add --allow-seed-change to switch streams deliberately");
            }
            wanted.write(data);
        }
    }

    /**
     * @return the one line for a journal that ran out of space (what is full, where, and what was usable), or null if
     * the journal did not.
     */
    private String diskFull(final long lastJournaled)
    {
        final JournalException fault = storageFault;
        if (null == fault)
        {
            return null;
        }
        final Path journalDirectory = data.resolve(DataLayout.JOURNAL).toAbsolutePath();
        String usable = "?";
        String where = journalDirectory.toString();
        try
        {
            final FileStore store = Files.getFileStore(journalDirectory);
            usable = String.valueOf(store.getUsableSpace());
            where = journalDirectory + " (file system " + store.name() + ")";
        }
        catch (final IOException ex)
        {
            // Name the directory without its file system.
        }
        return "the disk is full: the journal's file system at " + where + " has " + usable + " bytes usable, " +
            "below the free-space floor of " + floorBytes + " bytes (--min-free-space); the journal keeps " +
            "every event up to sequence " + lastJournaled + ". Free space and run again to continue (" +
            fault.getMessage() + ")";
    }

    /**
     * @return the last sequence the previous run journaled, from its counters file (cheap: no journal is opened), or 0.
     */
    private long lastRunJournaled()
    {
        try
        {
            final Long journaled = EngineStat.read(data).counters().get("journaled");
            return null == journaled ? 0 : journaled;
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    private void validate()
    {
        if (null == events && null == sourceUri)
        {
            throw usageError("--events N is required without --source");
        }
        if (null != events && events < 0)
        {
            throw usageError("--events must be >= 0, was " + events);
        }
        if (null != sourceUri && 0 != rate)
        {
            throw usageError("--rate paces the workload generator: it cannot be used with --source");
        }
        if (rate < 0)
        {
            throw usageError("--rate must be >= 0, was " + rate);
        }
        if (warmup < 0)
        {
            throw usageError("--warmup must be >= 0, was " + warmup);
        }
        if (snapshotEvery < 0)
        {
            throw usageError("--snapshot-every must be >= 0, was " + snapshotEvery);
        }
        if (digestEvery < 0)
        {
            throw usageError("--digest-every must be >= 0, was " + digestEvery);
        }
        if (stopTimeoutSeconds <= 0)
        {
            throw usageError("--stop-timeout must be > 0, was " + stopTimeoutSeconds);
        }
        minFreeSpaceBytes = parseSize(minFreeSpace);
        if (Files.exists(data) && !Files.isDirectory(data))
        {
            throw usageError("--data must name a directory (an existing one, or one to create), but " + data +
                " is a file");
        }
    }

    private long parseSize(final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if ("auto".equals(value))
        {
            return JournalConfig.MIN_FREE_SPACE_AUTO;
        }
        final char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        final int shift = 'k' == unit ? 10 : 'm' == unit ? 20 : 'g' == unit ? 30 : 0;
        try
        {
            final long number = Long.parseLong(0 == shift ? value : value.substring(0, value.length() - 1));
            if (number < 0 || number > (Long.MAX_VALUE >> shift))
            {
                throw usageError("--min-free-space must be >= 0, was " + text);
            }
            return number << shift;
        }
        catch (final NumberFormatException ex)
        {
            throw usageError("--min-free-space must be 'auto', a byte count or one with a k/m/g suffix, was " + text);
        }
    }

    private Engine buildEngine(
        final Workload workload,
        final CountingSink sink,
        final RunConnectors connectors,
        final Duration stopTimeout)
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
                .errorHandler(this::onEngineError)
                .build();
        }
        catch (final IllegalArgumentException ex)
        {
            // build() names the bad setting; every setting comes from an option, so it is a usage error.
            throw usageError(ex.getMessage());
        }
    }

    /**
     * Called on an engine thread when a processor, the journaller or the sink throws. Under the engine's default
     * exception policy (HALT, which {@code run} keeps) every such failure halts the engine, and the command's one error
     * line names the component, sequence and cause; so the stack trace is printed only with {@code --verbose}, instead
     * of the engine's default of logging it.
     */
    private void onEngineError(final Throwable cause, final long sequence, final String component)
    {
        if (component.contains("snapshot"))
        {
            // Snapshot failures do not halt the engine (the journal still holds everything): count them for the
            // summary, which must not hide them in the log.
            if (0 == snapshotFailures.getAndIncrement())
            {
                firstSnapshotFailure = cause.getMessage();
            }
        }
        if (cause instanceof JournalException &&
            JournalException.Category.STORAGE_SPACE == ((JournalException)cause).category() && null == storageFault)
        {
            storageFault = (JournalException)cause;
        }
        if (common.verbose)
        {
            final PrintWriter err = err();
            synchronized (err)
            {
                err.println(spec.qualifiedName(" ") + ": '" + component + "' failed at sequence " + sequence + ":");
                cause.printStackTrace(err);
                err.flush();
            }
        }
    }

    /** With a source, the command's thread only watches (and, for INVOKER, runs the engine): the source's agent publishes. */
    private void awaitSource(final Engine engine, final InterruptHook interrupt, final Progress progress)
    {
        long lastProgress = 0;
        final boolean invoker = engine.threadingMode() == ThreadingMode.INVOKER;
        while (!engine.sourcesDone() && !interrupt.requested() && !engine.isFaulted())
        {
            // An INVOKER engine runs on this thread: keep it going while the source's agent publishes.
            if (!invoker || engine.invoke() == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(invoker ? 0 : 5) + 1_000);
            }
            final long now = System.nanoTime();
            if (null != progress && now - lastProgress > TimeUnit.MILLISECONDS.toNanos(200))
            {
                progress.update(engine.lastPublishedSequence());
                lastProgress = now;
            }
        }
    }

    /**
     * The hot loop: claim, generate in place, commit, until the journal holds {@code events}. Driven by the
     * engine's published sequence rather than a local counter, so the generator always writes event
     * {@code claim.sequence()}: the one the journal lacks.
     */
    private void publish(
        final Engine engine,
        final EventGenerator generator,
        final InterruptHook interrupt,
        final Progress progress,
        final long startNanos)
    {
        final long target = events;
        final long ratePerSecond = rate;
        final long first = engine.lastPublishedSequence();
        final EventClaim claim = new EventClaim();
        final boolean invoker = engine.threadingMode() == ThreadingMode.INVOKER;
        long published = 0;
        long sequence = first;
        while (sequence < target && !interrupt.requested())
        {
            long intendedNanos = 0;
            if (0 != ratePerSecond)
            {
                // Intended send time of this event: pacing against it (not against the last send) keeps the offered
                // rate fixed even after a stall, and the engine times the event from it, so the stall is measured.
                intendedNanos = startNanos + published * 1_000_000_000L / ratePerSecond;
                awaitNanoTime(intendedNanos);
            }
            engine.claim(claim);
            try
            {
                generator.generate(claim);
            }
            catch (final RuntimeException ex)
            {
                claim.abort();
                throw ex;
            }
            if (0 != ratePerSecond)
            {
                claim.intendedSendNanos(intendedNanos);
            }
            claim.commit();
            if (invoker)
            {
                // This thread is the engine's: run a duty cycle of every agent after each event.
                engine.invoke();
            }
            published++;
            sequence = engine.lastPublishedSequence();
            if (null != progress && 0 == (published & 1023))
            {
                progress.update(sequence);
            }
        }
    }

    private static void awaitNanoTime(final long deadline)
    {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0)
        {
            // Park for long gaps (low rates must not burn a core). Parking overshoots by tens of microseconds, so the
            // last stretch yields instead: unlike a spin, a yield hands the core to a runnable engine thread, which
            // matters when the engine's threads outnumber the cores (on a 2-core machine spinning here doubled p50).
            if (remaining > 100_000)
            {
                LockSupport.parkNanos(remaining - 50_000);
            }
            else
            {
                Thread.yield();
            }
        }
    }

    private void print(final Summary summary)
    {
        final RecoveryReport recovery = summary.recovery;
        final Latencies latency = summary.latencies;
        final long eventsPerSecond = Formats.perSecond(summary.published, summary.elapsedNanos);
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject()
                .field("ok", !summary.interrupted && summary.sources.stream().noneMatch(
                    source -> source.state() == SourceStatus.State.FAILED))
                .field("workload", summary.workload.name())
                .field("seed", seed)
                .field("dataDirectory", data.toString())
                .field("threading", summary.threading.name().toLowerCase(java.util.Locale.ROOT))
                .field("events", summary.published)
                .field("lastSequence", summary.lastSequence)
                .field("targetEvents", null == events ? 0 : events)
                .field("elapsedNanos", summary.elapsedNanos)
                .field("startNanos", startNanos)
                .field("eventsPerSecond", eventsPerSecond)
                .field("stateDigest", Formats.digest(summary.stateDigest))
                .field("interrupted", summary.interrupted)
                .beginObject("latencyNanos");
            latency.writeJson(json);
            json.beginObject("recovery")
                .field("journalTail", recovery.journalTail())
                .field("snapshotSequence", recovery.snapshotSequence())
                .field("snapshotFile", null == recovery.snapshotFile() ? null : recovery.snapshotFile().toString())
                .field("eventsReplayed", recovery.eventsReplayed())
                .field("digestsChecked", recovery.digestsChecked())
                .field("recoveryNanos", recovery.recoveryNanos())
                .beginArray("notes");
            for (final String note : recovery.notes())
            {
                json.value(note);
            }
            json.endArray().endObject()
                .beginObject("snapshots")
                .field("written", summary.counters.snapshotsWritten())
                .field("failed", snapshotFailures.get())
                .field("firstFailure", firstSnapshotFailure)
                .field("lastSequence", summary.counters.lastSnapshotSequence())
                .endObject()
                .field("outputs", summary.sink.live());
            summary.connectors.writeJson(json, summary.sources);
            json.beginObject("processorDigests");
            for (final Map.Entry<String, Long> digest : summary.processorDigests.entrySet())
            {
                json.field(digest.getKey(), Formats.digest(digest.getValue()));
            }
            json.endObject().endObject().finish();
            return;
        }

        out().printf("workload       %s (seed %d)%n", summary.workload.name(), seed);
        out().printf("data           %s%n", data);
        out().printf("threading      %s%n", summary.threading.name().toLowerCase(java.util.Locale.ROOT));
        out().printf("recovery       %s%n", recovery.describe());
        out().printf("events         %d published, journal holds %d of %s%n",
            summary.published, summary.lastSequence, null == events ? "the source's" : Long.toString(events));
        out().printf("throughput     %d events/s over %s%n", eventsPerSecond, Formats.millis(summary.elapsedNanos));
        out().printf("latency        p50 %s  p99 %s  p99.9 %s  p99.99 %s  max %s  (%d %s, %s to " +
                "processed%s)%n",
            Formats.micros(latency.p50), Formats.micros(latency.p99), Formats.micros(latency.p999),
            Formats.micros(latency.p9999), Formats.micros(latency.max), latency.count,
            latency.fromIntendedTime ? "intended send" : "ingress",
            0 != rate ? "events" : "sampled events (1 in " + EngineBuilder.LATENCY_SAMPLE_EVERY_DEFAULT + ")",
            latency.fromIntendedTime ? ", from each event's intended send time at " + rate + "/s" :
                "; flat out, the ring stays full, so this is mostly queueing: use --rate to measure latency");
        out().printf("snapshots      %d written this run%s%s%n", summary.counters.snapshotsWritten(),
            0 == summary.counters.lastSnapshotSequence() ? "" :
                ", newest at sequence " + summary.counters.lastSnapshotSequence(),
            0 == snapshotFailures.get() ? "" : "; " + snapshotFailures.get() + " FAILED (first: " +
                firstSnapshotFailure + ")");
        out().printf("outputs        %d emitted live%n", summary.sink.live());
        summary.connectors.print(out(), summary.sources);
        out().printf("state digest   %s%n", Formats.digest(summary.stateDigest));
        out().flush();
    }

    /** Latency percentiles in nanoseconds. */
    private record Latencies(
        long count, long p50, long p99, long p999, long p9999, long max, boolean fromIntendedTime)
    {
        static Latencies of(final Histogram histogram, final boolean fromIntendedTime)
        {
            return new Latencies(
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50.0),
                histogram.getValueAtPercentile(99.0),
                histogram.getValueAtPercentile(99.9),
                histogram.getValueAtPercentile(99.99),
                histogram.getMaxValue(),
                fromIntendedTime);
        }

        /** Write the fields and close the object the caller opened. */
        void writeJson(final JsonWriter json)
        {
            json.field("count", count)
                .field("p50", p50)
                .field("p99", p99)
                .field("p999", p999)
                .field("p9999", p9999)
                .field("max", max)
                .field("fromIntendedSendTime", fromIntendedTime)
                .endObject();
        }
    }

    /** What one run did, gathered after the engine stopped. */
    private record Summary(
        Workload workload,
        RecoveryReport recovery,
        long published,
        long lastSequence,
        long elapsedNanos,
        Latencies latencies,
        long stateDigest,
        Map<String, Long> processorDigests,
        EngineCounters counters,
        CountingSink sink,
        boolean interrupted,
        ThreadingMode threading,
        List<SourceStatus> sources,
        RunConnectors connectors)
    {
    }
}
