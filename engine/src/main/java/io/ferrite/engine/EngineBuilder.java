package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Sink;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalRollCycle;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every setting of an engine in one place. {@link #build()} validates all of them before any thread starts or file
 * is opened, and names the first bad one. Not thread safe.
 * <p>
 * Defaults are safe on a small shared machine: no pinning, {@link WaitStrategyType#SLEEPING}, single producer,
 * flush {@link FlushPolicy#NONE}, {@link ExceptionPolicy#HALT}. For production latency see the README ("Production
 * setup"): isolated cores, one per engine thread, {@link WaitStrategyType#BUSY_SPIN}, pinning.
 */
public final class EngineBuilder
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineBuilder.class);

    /** Default ring size (slots), for both the input and output rings. */
    public static final int RING_SIZE_DEFAULT = 16 * 1024;
    /** Default largest event and output payload. */
    public static final int MAX_EVENT_LENGTH_DEFAULT = 256;
    /**
     * Default interval, in events, between recorded state digests. A digest usually walks the whole state (the
     * reference fraud scorer's takes milliseconds with 100k cards), so it is taken rarely enough to cost little per
     * event; lower it to localise a divergence more finely.
     */
    public static final long DIGEST_EVERY_DEFAULT = 100_000;
    /**
     * Default latency sampling: one event in 64 is timed. Each timed event costs two clock reads (~20 ns each on a
     * typical VM), as much as a whole ring hop, so timing every event would halve the engine's throughput.
     */
    public static final int LATENCY_SAMPLE_EVERY_DEFAULT = 64;
    /** Default number of snapshots kept. */
    public static final int SNAPSHOTS_TO_KEEP_DEFAULT = 3;
    /**
     * The warm-up's scratch directory inside the data directory (see {@link #warmup(Workload, long)}): deleted when
     * the warm-up ends, and when the next warm-up begins if a process died during one.
     */
    public static final String WARMUP_SCRATCH_DIRECTORY = Warmup.SCRATCH_DIRECTORY;

    Path dataDirectory;
    FlushPolicy flushPolicy = FlushPolicy.NONE;
    JournalRollCycle rollCycle = JournalRollCycle.DAILY;
    long minFreeSpaceBytes = JournalConfig.MIN_FREE_SPACE_DEFAULT;
    long journalReserveStepBytes = JournalConfig.WRITER_RESERVE_STEP_DEFAULT;
    ThreadingMode threadingMode;
    int ringSize = RING_SIZE_DEFAULT;
    int outputRingSize = -1;
    int maxEventLength = MAX_EVENT_LENGTH_DEFAULT;
    ProducerType producerType = ProducerType.SINGLE;
    boolean hostFiresTimers;
    WaitStrategyType waitStrategy = WaitStrategyType.SLEEPING;
    Pipeline pipeline;
    final Map<String, Sink> sinks = new LinkedHashMap<>();
    final List<SourceSpec> sources = new ArrayList<>();
    final Map<String, Integer> cpus = new LinkedHashMap<>();
    EpochNanoClock clock;
    ExceptionPolicy exceptionPolicy = ExceptionPolicy.HALT;
    ErrorHandler errorHandler = EngineBuilder::logError;
    long snapshotEvery;
    int snapshotsToKeep = SNAPSHOTS_TO_KEEP_DEFAULT;
    boolean deleteJournalBelowSnapshots;
    long digestEvery = DIGEST_EVERY_DEFAULT;
    Duration stopTimeout = Duration.ofSeconds(10);
    boolean journaling = true;
    LongSupplier journalClock = System::currentTimeMillis;
    int latencySampleEvery = LATENCY_SAMPLE_EVERY_DEFAULT;
    Workload warmupWorkload;
    long warmupEvents;
    Supplier<? extends Sink> warmupSink = EngineBuilder::discardingSink;
    boolean freezeCompilerAfterWarmup;
    Path latencyLogCopy;
    Runnable onJournalLocked;
    BooleanSupplier warmupCancelled = () -> false;

    EngineBuilder()
    {
    }

    private static void logError(final Throwable cause, final long sequence, final String component)
    {
        LOG.error("'{}' failed at sequence {}", component, sequence, cause);
    }

    /**
     * @param dataDirectory where the engine keeps {@code journal/}, {@code snapshots/} and {@code digests/}.
     *                      Required. Created if missing.
     * @return this for a fluent API.
     */
    public EngineBuilder dataDirectory(final Path dataDirectory)
    {
        this.dataDirectory = dataDirectory;
        return this;
    }

    /**
     * @param flushPolicy when journaled events are forced to disk; see {@link FlushPolicy}.
     * @return this for a fluent API.
     */
    public EngineBuilder flushPolicy(final FlushPolicy flushPolicy)
    {
        this.flushPolicy = flushPolicy;
        return this;
    }

    /**
     * @param rollCycle how often the journal starts a new segment file.
     * @return this for a fluent API.
     */
    public EngineBuilder rollCycle(final JournalRollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    /**
     * @param minFreeSpaceBytes the journal refuses appends when its file system has less free than this.
     * @return this for a fluent API.
     */
    public EngineBuilder minFreeSpaceBytes(final long minFreeSpaceBytes)
    {
        this.minFreeSpaceBytes = minFreeSpaceBytes;
        return this;
    }

    /**
     * For the JIT warm-up's scratch engines: see {@link JournalConfig#writerReserveStepBytes(long)}.
     */
    EngineBuilder journalReserveStepBytes(final long journalReserveStepBytes)
    {
        this.journalReserveStepBytes = journalReserveStepBytes;
        return this;
    }

    /**
     * @param latencySampleEvery time one event in this many for {@link Engine#latencyHistogram()}: a power of two;
     *                           1 times every event (latency measurement runs), 0 turns timing off. Which events are
     *                           timed is decided by sequence, so producer and processor agree without talking.
     * @return this for a fluent API.
     */
    public EngineBuilder latencySampleEvery(final int latencySampleEvery)
    {
        this.latencySampleEvery = latencySampleEvery;
        return this;
    }

    /**
     * Warm the JIT before the real engine starts: {@link Engine#start()} first drives {@code events} events of
     * {@code workload} (its own generator, seed 0), mostly flat out, with intended send times, snapshots and digests
     * as the real run takes them, through the journaller, a fresh pipeline from
     * {@link Workload#newPipeline()} and a discarding sink (see {@link #warmupSink}) of a scratch engine with this
     * engine's ring, wait, threading and flush settings, then a few thousand more one at a time through a second
     * scratch engine that starts empty, as the real one does; in {@value Warmup#SCRATCH_DIRECTORY} inside the data
     * directory, deleted afterwards. The real
     * engine's processors, sinks and journal see none of it. Costs start-up time (about a second per few hundred
     * thousand events on a cold JVM, plus up to four pauses of at most 1.5 s while the JIT compilers finish) to
     * spare the first seconds of the real run from running interpreted. It ends with a {@link System#gc()}, so that
     * the scratch engine's garbage is not collected in a pause of the real run (a JVM started with
     * {@code -XX:+DisableExplicitGC} skips it).
     *
     * @param workload the workload whose pipeline and events to warm up with, or null for none.
     * @param events   how many events; 0 for no warm-up (the default).
     * @return this for a fluent API.
     */
    public EngineBuilder warmup(final Workload workload, final long events)
    {
        this.warmupWorkload = workload;
        this.warmupEvents = events;
        return this;
    }

    /**
     * After the warm-up, keep the JVM's optimising compiler (C2) from starting new compilations: methods that become
     * hot later are compiled by C1, the quick compiler (with tiered compilation, HotSpot's default; the freeze is
     * refused without it), and code C2 has compiled stays. For engines whose threads busy-spin on every core the
     * machine has (two spinners on two cores, say): there the optimising compiler can only run by taking a spinner
     * off its core, for scheduler slices of milliseconds; on 2 cores about half of the events a paced busy-spin run
     * delayed in stalls of 0.5 ms or more were delayed by it (see {@code CompilerFreeze}). The cost: code the warm-up
     * did not make hot never gets C2's optimisations. Skipped if the warm-up ends early.
     * <p>
     * <b>JVM-wide:</b> it applies to every thread of the JVM for the rest of its life (a HotSpot compiler directive
     * added as {@code jcmd PID Compiler.directives_add} would), so an application that runs other code beside the
     * engine should leave it off (the default). Needs a warm-up ({@link #warmup(Workload, long)}). Best effort:
     * {@link Engine#compilerFreeze()} says whether it took.
     *
     * @param freeze true to freeze the optimising compiler once the warm-up has run.
     * @return this for a fluent API.
     */
    public EngineBuilder freezeCompilerAfterWarmup(final boolean freeze)
    {
        this.freezeCompilerAfterWarmup = freeze;
        return this;
    }

    /**
     * The sink the warm-up's scratch engines deliver to (see {@link #warmup(Workload, long)}); by default one that
     * discards. The JIT compiles the engine's call into the sink for the classes it saw: a warm-up sink of another
     * class than the real one makes the real run's first output throw that code back to the interpreter (a
     * {@code class_check} deoptimisation) and compile it again while the run is timed. A sink of the real sink's
     * class (of one of them, where there are several) that has no effect outside itself (a counter, say) spares
     * that. Never pass a sink that writes anywhere: the scratch engines' outputs are not the real run's.
     *
     * @param factory makes a new warm-up sink for each scratch engine.
     * @return this for a fluent API.
     */
    public EngineBuilder warmupSink(final Supplier<? extends Sink> factory)
    {
        this.warmupSink = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * Also write the latency interval log, which the engine always writes to {@code DIR/latency.hlog}, to
     * {@code file} (replaced, owner-only): the same intervals from the same thread, one per second, so asking for a
     * second log costs no thread of its own.
     *
     * @param file where to write the copy, or null for none (the default).
     * @return this for a fluent API.
     */
    public EngineBuilder latencyLogCopy(final Path file)
    {
        this.latencyLogCopy = file;
        return this;
    }

    /**
     * Let the warm-up be cancelled (a process asked to stop, say): {@code cancelled} is asked before each step of the
     * warm-up's events, on the thread calling {@link Engine#start()}; once it returns true the warm-up ends, its
     * scratch directory is deleted, and {@code start()} throws a {@link FerriteException} without opening the journal
     * or writing anything else in the data directory.
     *
     * @param cancelled whether to stop now; by default never.
     * @return this for a fluent API.
     */
    public EngineBuilder warmupCancelled(final BooleanSupplier cancelled)
    {
        this.warmupCancelled = Objects.requireNonNull(cancelled, "cancelled");
        return this;
    }

    /**
     * Run {@code action} in {@link Engine#start()}, on its thread, once the journal is open for writing (this process
     * holds its writer lock) and before recovery restores a snapshot, replays an event or writes anything else; after
     * the warm-up, if there is one. For a change to the data directory that only its one writer may make: an engine
     * refused as locked never runs it. An exception it throws fails {@code start()} (the journal is closed again) and
     * propagates unchanged. Without a journal ({@link #journaling(boolean)} false) it runs once the data directory
     * exists, with no lock held.
     *
     * @param action what to run, or null for nothing (the default).
     * @return this for a fluent API.
     */
    public EngineBuilder onJournalLocked(final Runnable action)
    {
        this.onJournalLocked = action;
        return this;
    }

    private static Sink discardingSink()
    {
        return (output, endOfBatch) ->
        {
        };
    }

    /**
     * @param journalClock epoch milliseconds that decide when the journal starts a new segment (roll cycle). Only
     *                     segment boundaries depend on it, never event contents or timestamps; inject one in tests.
     * @return this for a fluent API.
     */
    public EngineBuilder journalClock(final LongSupplier journalClock)
    {
        this.journalClock = journalClock;
        return this;
    }

    /**
     * @param ringSize slots in the input ring: a power of two, at least 2.
     * @return this for a fluent API.
     */
    public EngineBuilder ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /**
     * @param outputRingSize slots in the output ring (power of two); defaults to the input ring size.
     * @return this for a fluent API.
     */
    public EngineBuilder outputRingSize(final int outputRingSize)
    {
        this.outputRingSize = outputRingSize;
        return this;
    }

    /**
     * @param maxEventLength the largest event and output payload in bytes; every ring slot reserves this much.
     * @return this for a fluent API.
     */
    public EngineBuilder maxEventLength(final int maxEventLength)
    {
        this.maxEventLength = maxEventLength;
        return this;
    }

    /**
     * @param producerType one publishing thread, or many; {@link ProducerType#MULTI} is also needed for timers.
     * @return this for a fluent API.
     */
    public EngineBuilder producerType(final ProducerType producerType)
    {
        this.producerType = producerType;
        return this;
    }

    /**
     * Let the host fire processor timers instead of the processors: they then never publish due timers into the
     * ring themselves; the host (the only producer) calls {@link Engine#drainInvoker()} and
     * {@link Engine#fireNextDueTimer(long)} at points it chooses, so a timer takes the same sequence wherever the
     * same input is fed the same way (a replicated state machine). Needs {@link ThreadingMode#INVOKER}; allows
     * timers with {@link ProducerType#SINGLE}.
     *
     * @param hostFiresTimers true to have the host fire timers.
     * @return this for a fluent API.
     */
    public EngineBuilder hostFiresTimers(final boolean hostFiresTimers)
    {
        this.hostFiresTimers = hostFiresTimers;
        return this;
    }

    /**
     * @param waitStrategy how engine threads wait for work and producers for space.
     * @return this for a fluent API.
     */
    public EngineBuilder waitStrategy(final WaitStrategyType waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * @param pipeline the processor stages. Required.
     * @return this for a fluent API.
     */
    public EngineBuilder pipeline(final Pipeline pipeline)
    {
        this.pipeline = pipeline;
        return this;
    }

    /**
     * Add a sink, run on its own thread. Sinks see every output in output-ring order.
     *
     * @param name unique sink name (its thread is named {@code ferrite-sink-NAME}).
     * @param sink the sink.
     * @return this for a fluent API.
     */
    public EngineBuilder sink(final String name, final Sink sink)
    {
        Objects.requireNonNull(name, "sink name");
        Objects.requireNonNull(sink, "sink");
        if (null != sinks.putIfAbsent(name, sink))
        {
            throw new IllegalArgumentException("duplicate sink name: " + name);
        }
        return this;
    }

    /**
     * Pin a thread to a CPU: {@code "journaller"}, {@code "sink:NAME"}, or a processor name (processors can also be
     * pinned through {@link ProcessorSpec#cpu()}). A CPU that doesn't exist gives a warning, not a failure.
     *
     * @param role the thread's role.
     * @param cpu  the CPU number.
     * @return this for a fluent API.
     */
    public EngineBuilder pin(final String role, final int cpu)
    {
        cpus.put(Objects.requireNonNull(role, "role"), cpu);
        return this;
    }

    /**
     * @param clock stamps each event's timestamp at ingress (unless the producer sets one). Default: an Agrona
     *              {@code OffsetEpochNanoClock} (epoch time from {@code System.nanoTime()} plus an offset, no
     *              allocation per read), created when the engine is built.
     * @return this for a fluent API.
     */
    public EngineBuilder clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * @param exceptionPolicy what happens when a processor throws.
     * @return this for a fluent API.
     */
    public EngineBuilder exceptionPolicy(final ExceptionPolicy exceptionPolicy)
    {
        this.exceptionPolicy = exceptionPolicy;
        return this;
    }

    /**
     * @param errorHandler told of every processor, sink and journal failure (default: logs it).
     * @return this for a fluent API.
     */
    public EngineBuilder errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * @param snapshotEvery take a snapshot after every event whose sequence is a multiple of this; 0 = only on
     *                      {@link Engine#requestSnapshot()}.
     * @return this for a fluent API.
     */
    public EngineBuilder snapshotEvery(final long snapshotEvery)
    {
        this.snapshotEvery = snapshotEvery;
        return this;
    }

    /**
     * @param snapshotsToKeep how many of the newest snapshots to keep (older ones are deleted), at least 1.
     * @return this for a fluent API.
     */
    public EngineBuilder snapshotsToKeep(final int snapshotsToKeep)
    {
        this.snapshotsToKeep = snapshotsToKeep;
        return this;
    }

    /**
     * @param delete after each snapshot, delete journal segments wholly below the oldest kept snapshot. Off by
     *               default: with it, a full replay from the first event is no longer possible.
     * @return this for a fluent API.
     */
    public EngineBuilder deleteJournalBelowSnapshots(final boolean delete)
    {
        this.deleteJournalBelowSnapshots = delete;
        return this;
    }

    /**
     * @param digestEvery record every stateful processor's state digest after each event whose sequence is a
     *                    multiple of this (0 = never); replay checks them.
     * @return this for a fluent API.
     */
    public EngineBuilder digestEvery(final long digestEvery)
    {
        this.digestEvery = digestEvery;
        return this;
    }

    /**
     * Turn the journal off. <b>Note:</b> without a journal nothing survives a crash, {@link Engine#start()} recovers
     * nothing and snapshots and digests are unavailable. Meant for measuring the ring alone (benchmarks) and for
     * pipelines whose input is made durable elsewhere. On by default.
     *
     * @param journaling false to run without a journal.
     * @return this for a fluent API.
     */
    public EngineBuilder journaling(final boolean journaling)
    {
        this.journaling = journaling;
        return this;
    }

    /**
     * Add a source: after recovery it is opened at the position of its last journaled record and run on its own
     * thread, publishing with back-pressure; {@link Engine#stop} stops it before draining. Needs journaling, and
     * (with {@link ProducerType#SINGLE}) must be the engine's only producer.
     *
     * @param spec the source and how to run it.
     * @return this for a fluent API.
     */
    public EngineBuilder source(final SourceSpec spec)
    {
        Objects.requireNonNull(spec, "source spec");
        sources.add(spec);
        return this;
    }

    /**
     * @param stopTimeout how long {@link Engine#close()} waits for the pipeline to drain.
     * @return this for a fluent API.
     */
    public EngineBuilder stopTimeout(final Duration stopTimeout)
    {
        this.stopTimeout = stopTimeout;
        return this;
    }

    /**
     * @param threadingMode how the engine's agents map to threads; null (the default) chooses for this machine:
     *                      {@link ThreadingMode#SHARED} when it has fewer free cores than the engine would run busy
     *                      threads, else {@link ThreadingMode#DEDICATED}. See {@link ThreadingMode}.
     * @return this for a fluent API.
     */
    public EngineBuilder threadingMode(final ThreadingMode threadingMode)
    {
        this.threadingMode = threadingMode;
        return this;
    }

    /**
     * Validate every setting, copy them into an immutable configuration and create the engine. The builder can be
     * changed or dropped afterwards without affecting the engine. A pipeline's processors belong to one engine: a
     * second {@code build()} with the same pipeline is refused.
     *
     * @return a new engine, not yet started.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public Engine build()
    {
        return new Engine(new EngineConfiguration(this));
    }
}
