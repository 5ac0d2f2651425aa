package io.ferrite.engine;


import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.JournalRollCycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The JIT warm-up an engine runs before it starts (see {@link EngineBuilder#warmup(Workload, long)}): a scratch engine
 * with the same ring, wait, threading and flush settings, a fresh pipeline of the workload and a sink with no outside
 * effect ({@link EngineBuilder#warmupSink}), driven with the workload's own events, then a second one that starts
 * empty (see {@link #FRESH_ENGINE}), in a scratch directory inside the data directory that is deleted afterwards.
 * <p>
 * Compiled code is shared by every engine of the JVM, so the real engine's journaller, processors and sinks then run
 * compiled from their first event; no state, file or output of the scratch engine survives it. To get there the
 * warm-up takes the paths the real run takes, not only the flat-out one:
 * <ul>
 *     <li>every third event carries an intended send time (as {@code ferrite run --rate} stamps them), so the latency
 *     recording is compiled for both kinds of event (see {@link #stampsIntended(long)}), and the latency log writes
 *     an interval every {@value #RECORDER_SWAP_EVENTS} events, as it does every second, so recording is compiled for
 *     both phases of the recorder's swap and the log's encoding is compiled before the real run's intervals need
 *     it;</li>
 *     <li>if the real engine snapshots or records digests, the scratch engine does too, several times, so the
 *     processors' {@code writeSnapshot}/{@code stateDigest} and the snapshot writer are compiled before the real
 *     run's first snapshot (run interpreted, one snapshot of the trading book costs the processor thread ~0.1 s);</li>
 *     <li>the last events (up to {@value #PACED_EVENTS}; past {@value #PACED_MAX_MILLIS} ms the rest go flat out) are
 *     offered one at a time, each after a pause and once the pipeline has caught up with the one before, as a paced producer
 *     offers them, so the engine's wait-for-work path and its per-batch paths (a journal excerpt per event) are
 *     compiled too;</li>
 *     <li>events are published through {@link GeneratorPublisher#publishRun}, the method {@code ferrite run}'s
 *     producer publishes through, in steps of one and two events, so the producer's per-event loop is compiled before
 *     the real run calls it; one flat-out event in {@value #FLAT_OUT_WAIT_EVERY} waits for its send time, so the
 *     producer's wait is in that code too;</li>
 *     <li>the scratch journals' writer reserves disk blocks in steps of {@value #SCRATCH_RESERVE_STEP_BYTES} bytes, so
 *     its reservation path runs often;</li>
 *     <li>the events go in {@value #ROUNDS} rounds, and after each the warm-up lets the JIT compilers finish (it waits,
 *     up to {@value #SETTLE_MAX_MILLIS} ms, until for {@value #SETTLE_QUIET_MILLIS} ms no compilation finishes and
 *     the compiler threads use under 2 ms of CPU per 25 ms), and so do the one-at-a-time events. On a small machine
 *     the optimising compiler otherwise competes with the engine for the cores and reaches the hot loops seconds
 *     into the real run;</li>
 *     <li>with at least {@value #ROLL_MIN_EVENTS} flat-out events, the scratch journal starts a new segment
 *     {@value #JOURNAL_ROLLS} times during them and once before the one-at-a-time events (see
 *     {@link #rollJournal});</li>
 *     <li>the heap is collected once the scratch engine is gone, so that its garbage does not cost the real run a
 *     young-generation pause.</li>
 * </ul>
 * <p>
 * Best effort: if the workload's generator or a processor throws, or the scratch engine halts, the warm-up ends there
 * quietly and the real engine starts as it would have; it meets the same fault itself and reports it there.
 */
final class Warmup
{
    /** Name of the scratch engine's data directory, inside the real one. */
    static final String SCRATCH_DIRECTORY = ".warmup-scratch";
    /** The first scratch engine's directory, inside {@link #SCRATCH_DIRECTORY}. */
    static final String FIRST_ENGINE = "first";
    /**
     * The second scratch engine's directory, inside {@link #SCRATCH_DIRECTORY}. The first engine's optimised code was
     * compiled with branch profiles from a pipeline hours of simulated trading old and a journal long started; the
     * paths of an empty pipeline and a new journal ran before anything was profiled, so the compiler left them out,
     * and the real run, which starts empty, took them in its first milliseconds and went back to the interpreter
     * (JFR {@code jdk.Deoptimization}, a paced busy-spin run: {@code unstable_if} in the trading matcher's loop and
     * in Chronicle's appender for a new queue, then tens of recompilations). A second engine, started empty with the
     * code compiled, takes those traps in the warm-up instead, and the compilers settle before the real run.
     */
    static final String FRESH_ENGINE = "fresh";
    /**
     * The scratch journals' writer reserves disk blocks this far ahead when it reserves for itself (a busy-spinning
     * or forcing engine's does), instead of 2 MiB. The real run's journaller took its first 2 MiB step 0.36 s into a
     * paced busy-spin run, and its compiled code had that branch as never taken: an {@code unstable_if}
     * deoptimisation in {@code SegmentReservation.ensureReserved}, then 72 ms of recompiling Chronicle's appender
     * (JFR, 2 cores). A small step takes that branch every few hundred events in the warm-up.
     */
    static final long SCRATCH_RESERVE_STEP_BYTES = 64 * 1024;
    /** Rounds of events, each followed by a pause for the JIT compilers to finish. */
    static final int ROUNDS = 2;
    /** How many times the scratch journal starts a new segment during the flat-out rounds (then once more). */
    static final int JOURNAL_ROLLS = 4;
    /** Warm-ups with fewer flat-out events than this do not roll the scratch journal. */
    static final long ROLL_MIN_EVENTS = 50_000;
    /** Snapshots the scratch engine takes, if the real one takes any. */
    static final int SNAPSHOTS = 8;
    /** Digests the scratch engine records, if the real one records any. */
    static final int DIGESTS = 24;
    /**
     * At most this many of the last events are offered one at a time, each after a pause and once the pipeline has
     * caught up with the one before: enough for the optimising compiler to take the per-batch paths, which a flat-out
     * warm-up calls once per ring batch only (measured: {@code JournalAppender.openExcerpt} compiled in the real
     * run's first second otherwise, 104 ms of a core on 2 cores).
     */
    static final int PACED_EVENTS = 8_000;
    /**
     * One flat-out event in this many (a multiple of 3, so one that carries an intended send time) waits
     * {@value #FLAT_OUT_WAIT_NANOS} ns for it. Otherwise the producer's wait loop first ran in the one-at-a-time
     * events, after the optimising compiler had compiled {@link GeneratorPublisher#publishRun} without it: the
     * compiled code went back to the interpreter there, and was compiled again only as the real run started (58 ms of
     * a core, JFR {@code jdk.Compilation}, 2 cores).
     */
    static final int FLAT_OUT_WAIT_EVERY = 384;
    private static final long FLAT_OUT_WAIT_NANOS = 1_000;
    /** The one-at-a-time events stop after this long; the rest of them are offered flat out. */
    static final long PACED_MAX_MILLIS = 1_000;
    /** The pause before each paced event (the park overshoots it on most machines). */
    private static final long PACED_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** The longest a settling pause lasts. */
    static final long SETTLE_MAX_MILLIS = 1_500;
    /** A settling pause ends after this long with no compilation finished and the compiler threads idle. */
    static final long SETTLE_QUIET_MILLIS = 50;
    /** How often a settling pause looks at the compilers. */
    private static final long SETTLE_SAMPLE_MILLIS = 25;
    /** Compiler threads that gained less CPU time than this over a sample are idle. */
    private static final long COMPILER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * Every this many warm-up events the scratch engine's latency log writes an interval (swapping the recorder), as
     * the real engine's does every second; see {@link #publish}.
     */
    static final int RECORDER_SWAP_EVENTS = 4_096;
    /**
     * The rate a stamped warm-up event is published at: as event 0 of its "run", any rate but 0 stamps it with the
     * run's start (see {@link #publish}).
     */
    private static final long STAMP_RATE = TimeUnit.SECONDS.toNanos(1);

    private Warmup()
    {
    }

    /**
     * Run the warm-up if the configuration asks for one.
     *
     * @return true if a warm-up ran to its end; false if none was asked for or it ended early.
     */
    static boolean runIfConfigured(final EngineConfiguration config)
    {
        if (config.warmupEvents <= 0 || null == config.warmupWorkload)
        {
            return false;
        }
        final Path scratch = config.dataDirectory.resolve(SCRATCH_DIRECTORY);
        // A warm-up killed half way leaves its directory behind: start from nothing.
        delete(scratch);
        final boolean completed;
        try
        {
            completed = run(config, scratch);
        }
        finally
        {
            delete(scratch);
        }
        // The scratch engine's pipeline (the trading workload's order pools: tens of MB) and the start-up's garbage
        // would otherwise sit in the young generation until the real run's first few MB of allocation fill it, and
        // the collection then lands in the measured run (an 8.8 ms pause in a paced run's fourth second, 2 cores,
        // -Xlog:gc). Collected here, before the real engine starts, nothing is left to fill it. A JVM run with
        // -XX:+DisableExplicitGC skips this.
        System.gc();
        return completed;
    }

    private static boolean run(final EngineConfiguration config, final Path scratch)
    {
        if (!runEngine(config, scratch.resolve(FIRST_ENGINE), false))
        {
            return false;
        }
        // A warm-up too short to have one-at-a-time events (under 10) has nothing for a second engine.
        return pacedEvents(config) <= 0 || runEngine(config, scratch.resolve(FRESH_ENGINE), true);
    }

    /**
     * Drive one scratch engine.
     *
     * @param fresh false for the first scratch engine: flat-out rounds, then the one-at-a-time events; true for the
     *              second: the one-at-a-time events only, into a new journal and an empty pipeline, as the real run
     *              starts (see {@link #FRESH_ENGINE}).
     * @return false if the warm-up ended early: the generator threw or the scratch engine halted.
     */
    private static boolean runEngine(final EngineConfiguration config, final Path directory, final boolean fresh)
    {
        final Workload workload = config.warmupWorkload;
        // The scratch journal's own clock: it moves a whole roll cycle on at a few points of the warm-up, so that the
        // journal starts new segments while the JIT profiles it (see #rollJournal).
        final JournalClock journalClock = JournalClock.scratch(config.journalClock);
        try (Engine engine = Engine.builder()
            .dataDirectory(directory)
            .rollCycle(config.rollCycle)
            .journalClock(journalClock)
            .flushPolicy(config.flushPolicy)
            .ringSize(config.ringSize)
            .maxEventLength(workload.maxEventLength())
            .producerType(ProducerType.SINGLE)
            .waitStrategy(config.waitStrategy)
            // An invoker engine is driven by its host, which is not running yet: warm up on engine threads.
            .threadingMode(ThreadingMode.INVOKER == config.threadingMode ? null : config.threadingMode)
            .pipeline(workload.newPipeline())
            .sink("warmup", config.warmupSink.get())
            .snapshotEvery(config.snapshotEvery > 0 ? every(config.warmupEvents, SNAPSHOTS) : 0)
            .digestEvery(config.digestEvery > 0 ? every(config.warmupEvents, DIGESTS) : 0)
            .minFreeSpaceBytes(config.minFreeSpaceBytes)
            .journalReserveStepBytes(SCRATCH_RESERVE_STEP_BYTES)
            .latencySampleEvery(config.latencySampleEvery)
            .stopTimeout(config.stopTimeout)
            .errorHandler((cause, sequence, component) ->
            {
            })
            .build())
        {
            engine.start();
            final GeneratorPublisher publisher =
                new GeneratorPublisher(engine, workload.newGenerator(0), config.waitStrategy);
            final boolean recordsLatency = config.latencySampleEvery > 0;
            final long paced = pacedEvents(config);
            final long events = fresh ? paced : config.warmupEvents;
            final long flatOut = events - paced;
            // Rolls at evenly spaced events of the flat-out rounds, for warm-ups large enough to profile them.
            final long rollEvery = flatOut >= ROLL_MIN_EVENTS ? flatOut / (JOURNAL_ROLLS + 1) : Long.MAX_VALUE;
            final CompilationMXBean jit = compilationBean();
            long published = 0;
            for (int round = 1; round <= ROUNDS && flatOut > 0; round++)
            {
                final long compiledBefore = compiledMillis(jit);
                final long compilerCpuBefore = CompilerActivity.cpuNanos();
                final long roundEnd = flatOut * round / ROUNDS;
                while (published < roundEnd)
                {
                    final int count = flatOutStep(published, roundEnd, recordsLatency);
                    final long roll = nextMultiple(published, rollEvery);
                    if (roll > 0 && roll < published + count && roll / rollEvery <= JOURNAL_ROLLS)
                    {
                        rollJournal(journalClock, config.rollCycle);
                    }
                    final long pause = recordsLatency && 0 == published % FLAT_OUT_WAIT_EVERY ? FLAT_OUT_WAIT_NANOS : 0;
                    if (!publish(config.warmupCancelled, engine, publisher, published, count, recordsLatency, pause))
                    {
                        return false;
                    }
                    published += count;
                }
                settle(jit, compiledBefore, compilerCpuBefore);
            }
            final long compiledBefore = compiledMillis(jit);
            final long compilerCpuBefore = CompilerActivity.cpuNanos();
            final long pacedDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PACED_MAX_MILLIS);
            if (flatOut >= ROLL_MIN_EVENTS)
            {
                // A new journal's (or a new cycle's) first event starts a segment in the real run, offered alone.
                rollJournal(journalClock, config.rollCycle);
            }
            for (; published < events; published++)
            {
                // Past the deadline (a loaded machine) the rest go flat out: every warm-up event is still offered.
                final boolean oneAtATime = System.nanoTime() < pacedDeadline;
                final long pause = oneAtATime ? PACED_PAUSE_NANOS : 0;
                if (!publish(config.warmupCancelled, engine, publisher, published, 1, recordsLatency, pause))
                {
                    return false;
                }
                // One event at a time through the whole pipeline, as a paced run offers them: every batch of the
                // journaller, the processors and the sinks holds one event, so their per-batch paths (a journal
                // excerpt per event) are called often enough to be compiled by the optimising compiler here.
                while (oneAtATime && !engine.pipelineCaughtUp() && System.nanoTime() < pacedDeadline)
                {
                    Thread.yield();
                }
            }
            settle(jit, compiledBefore, compilerCpuBefore);
            engine.stop(config.stopTimeout);
            return true;
        }
        catch (final IllegalStateException ex)
        {
            // claim() refuses once the scratch engine halted: the warm-up is over.
            return false;
        }
    }

    /**
     * @return how many of the warm-up's events are offered one at a time: a tenth, at most {@value #PACED_EVENTS}.
     */
    static long pacedEvents(final EngineConfiguration config)
    {
        return Math.min(config.warmupEvents / 10, PACED_EVENTS);
    }

    /**
     * Publish the generator's next {@code count} events through {@link GeneratorPublisher#publishRun}, the method
     * {@code ferrite run}'s producer publishes through. With {@code pauseNanos} above 0, or if the first of them is one
     * of every three that carry an intended send time ({@link #stampsIntended(long)}; {@code count} is then 1), they
     * carry one, {@code pauseNanos} from now, and wait for it as a paced producer does. With latency recording on,
     * every {@value #RECORDER_SWAP_EVENTS} events the latency log also writes an interval, swapping the recorder's
     * interval histogram, as the real engine's does every second. Its encoding then runs compiled from the real run's
     * first interval (interpreted, one interval cost its thread 3-4 ms, 2 cores), and the recording path takes one
     * branch or the other depending on the swap's phase, and a warm-up shorter than a second saw only one of them. The
     * JIT then compiled the other as never taken, and the real run's first swap threw the processor thread's hot loop
     * back to the interpreter (an {@code unstable_if} deoptimisation in
     * {@code WriterReaderPhaser.writerCriticalSectionExit}, a second into the run).
     *
     * @return false if the generator threw, or the warm-up was cancelled: the warm-up ends.
     */
    private static boolean publish(
        final BooleanSupplier cancelled,
        final Engine engine,
        final GeneratorPublisher publisher,
        final long published,
        final int count,
        final boolean recordsLatency,
        final long pauseNanos)
    {
        if (cancelled.getAsBoolean())
        {
            return false;
        }
        if (recordsLatency && nextMultiple(published, RECORDER_SWAP_EVENTS) < published + count)
        {
            engine.writeLatencyInterval();
        }
        try
        {
            if (pauseNanos > 0 || (recordsLatency && stampsIntended(published)))
            {
                // Event 0 of a "run" that starts at the intended send time: any rate but 0 stamps it with the start.
                publisher.publishRun(System.nanoTime() + pauseNanos, STAMP_RATE, 0, count);
            }
            else
            {
                publisher.publishRun(0, 0, 0, count);
            }
            return true;
        }
        catch (final RuntimeException ex)
        {
            // The generator threw, or claim() refused because the scratch engine halted.
            return false;
        }
    }

    /**
     * How many events a flat-out step publishes: one if it carries an intended send time, else the unstamped events
     * up to the next stamped one (two, or one where a round ended between them; fewer at the round's end), or two
     * without latency recording. Steps of two run {@link GeneratorPublisher#publishRun}'s loop more than once, as the
     * real run's slices do; with steps of one only, the JIT would compile the loop's second iteration as never
     * reached.
     */
    static int flatOutStep(final long published, final long roundEnd, final boolean recordsLatency)
    {
        if (recordsLatency && stampsIntended(published))
        {
            return 1;
        }
        final long toNextStamped = recordsLatency ? 3 - published % 3 : 2;
        return (int)Math.min(toNextStamped, roundEnd - published);
    }

    /**
     * @return the first multiple of {@code every} at or after {@code from}; {@link Long#MAX_VALUE} if that overflows.
     */
    static long nextMultiple(final long from, final long every)
    {
        final long multiple = (from + every - 1) / every * every;
        return multiple < from ? Long.MAX_VALUE : multiple;
    }

    /**
     * Move the scratch journal's clock on by one roll cycle, so that its next event starts a new segment. A real run's
     * first event does too when its journal is new or a new cycle began since the last run, and so does each roll:
     * code that the JIT saw only in the scratch journal's very first event, before it profiled anything, was compiled
     * as never run, and the real run's first event then threw the journaller's compiled code back to the interpreter
     * ({@code unstable_if} deoptimisations in Chronicle's appender and in {@code JournalAppender.publishExcerpt}, JFR
     * {@code jdk.Deoptimization}).
     */
    private static void rollJournal(final JournalClock journalClock, final JournalRollCycle cycle)
    {
        journalClock.advance(cycle.lengthMillis());
    }

    /**
     * Which warm-up events carry an intended send time: every third. The engine also samples the latency of
     * unstamped events, those whose ring index is a multiple of the sample interval (a power of two). Stamping every
     * other event left every unstamped event on one parity, so none was ever sampled in the warm-up: the JIT compiled
     * that branch as never taken, and the real run's first sampled event threw the engine's and the producer's hot
     * methods back to the interpreter (an {@code unstable_if} deoptimisation) just as the clock started. Every third
     * event leaves unstamped events at every index.
     *
     * @param published how many warm-up events were published before this one.
     * @return whether it carries an intended send time.
     */
    static boolean stampsIntended(final long published)
    {
        return 0 == published % 3;
    }

    /**
     * The interval of a scratch engine's snapshots or digests: {@code count} of them in {@code events}, whatever the
     * real engine's interval (enough for the JIT; a real interval of 100 events would cost thousands of digests).
     */
    static long every(final long events, final int count)
    {
        return Math.max(1, events / count);
    }

    private static CompilationMXBean compilationBean()
    {
        try
        {
            final CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
            return null != bean && bean.isCompilationTimeMonitoringSupported() ? bean : null;
        }
        catch (final LinkageError | SecurityException ex)
        {
            // A runtime without java.management: no settling, the rounds still run.
            return null;
        }
    }

    private static long compiledMillis(final CompilationMXBean jit)
    {
        return null == jit ? 0 : jit.getTotalCompilationTime();
    }

    /**
     * Give the JIT compilers the cores for a moment, if they did anything since the round began (a warm JVM does not
     * wait): wait until {@value #SETTLE_QUIET_MILLIS} ms pass in which no compilation finished and, where Linux tells
     * (see {@link CompilerActivity}), the compiler threads stayed idle, or {@value #SETTLE_MAX_MILLIS} ms in all.
     * Finished compilations alone are not enough: one of the optimising compiler's can run for over 100 ms, and
     * would then still be running, on one of the cores, when the real engine starts.
     */
    private static void settle(final CompilationMXBean jit, final long compiledBefore, final long compilerCpuBefore)
    {
        long compiledMillis = compiledMillis(jit);
        long compilerCpu = CompilerActivity.cpuNanos();
        final boolean cpuKnown =
            CompilerActivity.UNAVAILABLE != compilerCpu && CompilerActivity.UNAVAILABLE != compilerCpuBefore;
        if (null == jit && !cpuKnown)
        {
            return;
        }
        if (compiledMillis == compiledBefore && (!cpuKnown || compilerCpu - compilerCpuBefore < COMPILER_IDLE_NANOS))
        {
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS);
        long quietMillis = 0;
        while (quietMillis < SETTLE_QUIET_MILLIS && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SETTLE_SAMPLE_MILLIS));
            final long nowCompiled = compiledMillis(jit);
            final long nowCpu = CompilerActivity.cpuNanos();
            // A compiler thread that ended between two readings takes its time with it: a drop reads as idle.
            final boolean compiling = cpuKnown && CompilerActivity.UNAVAILABLE != nowCpu &&
                nowCpu - compilerCpu >= COMPILER_IDLE_NANOS;
            quietMillis = nowCompiled == compiledMillis && !compiling ? quietMillis + SETTLE_SAMPLE_MILLIS : 0;
            compiledMillis = nowCompiled;
            if (CompilerActivity.UNAVAILABLE != nowCpu)
            {
                compilerCpu = nowCpu;
            }
        }
    }

    private static void delete(final Path directory)
    {
        try
        {
            Files.walkFileTree(directory, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                    throws IOException
                {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException ex) throws IOException
                {
                    if (null != ex)
                    {
                        throw ex;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final NoSuchFileException ignore)
        {
            // Nothing to delete.
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the warm-up directory " + directory, ex);
        }
    }
}
