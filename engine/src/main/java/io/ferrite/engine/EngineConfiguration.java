package io.ferrite.engine;

import io.ferrite.engine.processor.Workload;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Sink;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalRollCycle;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The settings of one engine, copied from its {@link EngineBuilder} and validated once, before any file is opened or
 * thread started. Immutable: changing the builder after {@link EngineBuilder#build()} changes nothing here.
 */
final class EngineConfiguration
{
    /** Events one agent handles in one duty cycle at most, so agents sharing a thread take turns batch by batch. */
    static final int DUTY_CYCLE_LIMIT = 1024;
    /** The role name of the one engine thread in {@link ThreadingMode#SHARED}, for {@link EngineBuilder#pin}. */
    static final String SHARED_ROLE = "engine";

    /** Pipelines whose processors belong to an engine already (weakly held: a dropped pipeline is forgotten). */
    private static final Set<Pipeline> CLAIMED_PIPELINES = Collections.synchronizedSet(
        Collections.newSetFromMap(new WeakHashMap<>()));

    final Path dataDirectory;
    final FlushPolicy flushPolicy;
    final JournalRollCycle rollCycle;
    final long minFreeSpaceBytes;
    final long journalReserveStepBytes;
    final int ringSize;
    final int outputRingSize;
    final int maxEventLength;
    final ProducerType producerType;
    /** Processors never publish due timers; the INVOKER host fires them ({@link Engine#fireNextDueTimer}). */
    final boolean hostFiresTimers;
    final WaitStrategyType waitStrategy;
    final ThreadingMode threadingMode;
    final Pipeline pipeline;
    final Map<String, Sink> sinks;
    final List<SourceSpec> sources;
    final Map<String, Integer> cpus;
    final EpochNanoClock clock;
    final ExceptionPolicy exceptionPolicy;
    final ErrorHandler errorHandler;
    final long snapshotEvery;
    final int snapshotsToKeep;
    final boolean deleteJournalBelowSnapshots;
    final long digestEvery;
    final Duration stopTimeout;
    final boolean journaling;
    final LongSupplier journalClock;
    final int latencySampleEvery;
    final Workload warmupWorkload;
    final long warmupEvents;
    final boolean freezeCompilerAfterWarmup;
    final Supplier<? extends Sink> warmupSink;
    final Path latencyLogCopy;
    final Runnable onJournalLocked;
    final BooleanSupplier warmupCancelled;

    EngineConfiguration(final EngineBuilder b)
    {
        require(null != b.dataDirectory, "dataDirectory is required");
        require(null != b.flushPolicy, "flushPolicy must not be null");
        require(null != b.rollCycle, "rollCycle must not be null");
        require(null != b.journalClock, "journalClock must not be null");
        require(b.warmupEvents >= 0, "warmup events must be >= 0, was " + b.warmupEvents);
        require(0 == b.warmupEvents || null != b.warmupWorkload, "warmup needs a workload when events > 0");
        require(!b.freezeCompilerAfterWarmup || b.warmupEvents > 0,
            "freezing the compiler after the warm-up needs a warm-up (warmup events > 0)");
        require(b.latencySampleEvery == 0 || (b.latencySampleEvery > 0 && Integer.bitCount(b.latencySampleEvery) == 1),
            "latencySampleEvery must be 0 (off) or a power of two, was " + b.latencySampleEvery);
        require(b.minFreeSpaceBytes >= 0 || JournalConfig.MIN_FREE_SPACE_AUTO == b.minFreeSpaceBytes,
            "minFreeSpaceBytes must be >= 0 (or JournalConfig.MIN_FREE_SPACE_AUTO), was " + b.minFreeSpaceBytes);
        require(b.ringSize >= 2 && Integer.bitCount(b.ringSize) == 1,
            "ringSize must be a power of two >= 2, was " + b.ringSize);
        final int outputRingSize = b.outputRingSize < 0 ? b.ringSize : b.outputRingSize;
        require(outputRingSize >= 2 && Integer.bitCount(outputRingSize) == 1,
            "outputRingSize must be a power of two >= 2, was " + outputRingSize);
        require(b.maxEventLength >= EventTypes.TIMER_LENGTH && b.maxEventLength <= JournalConfig.MAX_PAYLOAD_LENGTH_LIMIT,
            "maxEventLength must be in [" + EventTypes.TIMER_LENGTH + ", " + JournalConfig.MAX_PAYLOAD_LENGTH_LIMIT +
            "], was " + b.maxEventLength);
        require((long)b.ringSize * b.maxEventLength <= Integer.MAX_VALUE,
            "ringSize * maxEventLength must fit in 2 GiB, was " + ((long)b.ringSize * b.maxEventLength));
        require(null != b.producerType, "producerType must not be null");
        require(null != b.waitStrategy, "waitStrategy must not be null");
        require(null != b.pipeline, "pipeline is required");
        require(null != b.exceptionPolicy, "exceptionPolicy must not be null");
        require(null != b.errorHandler, "errorHandler must not be null");
        require(b.snapshotEvery >= 0, "snapshotEvery must be >= 0, was " + b.snapshotEvery);
        require(b.snapshotsToKeep >= 1, "snapshotsToKeep must be >= 1, was " + b.snapshotsToKeep);
        require(b.digestEvery >= 0, "digestEvery must be >= 0, was " + b.digestEvery);
        require(null != b.stopTimeout && !b.stopTimeout.isNegative(), "stopTimeout must be >= 0");
        require(b.journaling || b.snapshotEvery == 0, "snapshotEvery needs journaling: snapshots are only useful " +
            "with a journal to replay after them");
        for (final ProcessorSpec spec : b.pipeline.processors())
        {
            require(!isReservedRole(spec.name()), "processor name '" + spec.name() + "' is reserved");
        }
        final ThreadingMode mode = null == b.threadingMode ?
            ThreadingMode.defaultFor(Runtime.getRuntime().availableProcessors(),
                2 + b.pipeline.processors().size() + b.sinks.size()) :
            b.threadingMode;
        require(!b.hostFiresTimers || mode == ThreadingMode.INVOKER,
            "hostFiresTimers needs threadingMode INVOKER (the host drives the engine and fires the timers)");
        for (final Map.Entry<String, Integer> pin : b.cpus.entrySet())
        {
            final String role = pin.getKey();
            final boolean known = mode == ThreadingMode.SHARED ? role.equals(SHARED_ROLE) :
                role.equals(JournallerAgent.NAME) ||
                (role.startsWith(SinkAgent.PREFIX) && b.sinks.containsKey(role.substring(SinkAgent.PREFIX.length()))) ||
                b.pipeline.processors().stream().anyMatch(p -> p.name().equals(role));
            require(mode != ThreadingMode.INVOKER, "pin: an INVOKER engine has no threads of its own to pin ('" +
                role + "'); pin the thread that calls invoke()");
            require(known, mode == ThreadingMode.SHARED ?
                "pin: a SHARED engine runs one thread, \"" + SHARED_ROLE + "\"; no thread named '" + role + "'" :
                "pin: no thread named '" + role + "' (use \"journaller\", \"sink:NAME\" or a processor name)");
            require(pin.getValue() >= 0, "pin: cpu for '" + role + "' must be >= 0, was " + pin.getValue());
        }
        require(b.journaling || b.sources.isEmpty(), "sources need journaling: their positions are recovered from it");
        require(b.sources.stream().map(SourceSpec::name).distinct().count() == b.sources.size(),
            "source names must be unique");
        require(CLAIMED_PIPELINES.add(b.pipeline), "this pipeline's processors already belong to another engine: build a new " +
            "Pipeline (new processor instances) for each engine");

        this.dataDirectory = b.dataDirectory;
        this.flushPolicy = b.flushPolicy;
        this.rollCycle = b.rollCycle;
        this.minFreeSpaceBytes = b.minFreeSpaceBytes;
        this.journalReserveStepBytes = b.journalReserveStepBytes;
        this.ringSize = b.ringSize;
        this.outputRingSize = outputRingSize;
        this.maxEventLength = b.maxEventLength;
        this.producerType = b.producerType;
        this.hostFiresTimers = b.hostFiresTimers;
        this.waitStrategy = b.waitStrategy;
        this.threadingMode = mode;
        this.pipeline = b.pipeline;
        this.sinks = orderedCopy(b.sinks);
        this.sources = List.copyOf(b.sources);
        this.cpus = orderedCopy(b.cpus);
        this.clock = null == b.clock ? new OffsetEpochNanoClock() : b.clock;
        this.exceptionPolicy = b.exceptionPolicy;
        this.errorHandler = b.errorHandler;
        this.snapshotEvery = b.snapshotEvery;
        this.snapshotsToKeep = b.snapshotsToKeep;
        this.deleteJournalBelowSnapshots = b.deleteJournalBelowSnapshots;
        this.digestEvery = b.digestEvery;
        this.stopTimeout = b.stopTimeout;
        this.journaling = b.journaling;
        this.journalClock = b.journalClock;
        this.latencySampleEvery = b.latencySampleEvery;
        this.warmupWorkload = b.warmupWorkload;
        this.freezeCompilerAfterWarmup = b.freezeCompilerAfterWarmup;
        this.warmupEvents = b.warmupEvents;
        this.warmupSink = b.warmupSink;
        this.latencyLogCopy = b.latencyLogCopy;
        this.onJournalLocked = b.onJournalLocked;
        this.warmupCancelled = b.warmupCancelled;
    }

    /** The CPU asked for a role, or -1. */
    int cpuOf(final String role, final int specCpu)
    {
        return cpus.getOrDefault(role, specCpu);
    }

    static boolean isReservedRole(final String name)
    {
        return name.equals(JournallerAgent.NAME) || name.equals(FlusherAgent.NAME) ||
            name.equals(SnapshotWriterAgent.NAME) || name.equals(SHARED_ROLE) || name.startsWith(SinkAgent.PREFIX);
    }

    private static <V> Map<String, V> orderedCopy(final Map<String, V> map)
    {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
