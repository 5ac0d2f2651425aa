package io.ferrite.engine;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Sink;
import io.ferrite.engine.processor.Workload;

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

/**
 * The JIT warm-up an engine runs before it starts (see {@link EngineBuilder#warmup(Workload, long)}): a scratch engine
 * with the same ring, wait, threading and flush settings, a fresh pipeline of the workload and a sink that discards,
 * driven with the workload's own events, in a scratch directory inside the data directory that is deleted afterwards.
 * <p>
 * Compiled code is shared by every engine of the JVM, so the real engine's journaller, processors and sinks then run
 * compiled from their first event; no state, file or output of the scratch engine survives it. To get there the
 * warm-up takes the paths the real run takes, not only the flat-out one:
 * <ul>
 *     <li>every third event carries an intended send time (as {@code ferrite run --rate} stamps them), so the latency
 *     recording is compiled for both kinds of event (see {@link #stampsIntended(long)});</li>
 *     <li>if the real engine snapshots or records digests, the scratch engine does too, several times, so the
 *     processors' {@code writeSnapshot}/{@code stateDigest} and the snapshot writer are compiled before the real
 *     run's first snapshot (run interpreted, one snapshot of the trading book costs the processor thread ~0.1 s);</li>
 *     <li>the last events are offered one at a time with pauses, as a paced producer offers them, so the engine's
 *     wait-for-work path and single-event duty cycles are compiled too;</li>
 *     <li>the events go in {@value #ROUNDS} rounds, and after each the warm-up lets the JIT compilers finish (it waits,
 *     up to {@value #SETTLE_MAX_MILLIS} ms, until the JVM's total compilation time stops growing). On a small machine
 *     the optimising compiler otherwise competes with the engine for the cores and reaches the hot loops seconds
 *     into the real run.</li>
 * </ul>
 * <p>
 * Best effort: if the workload's generator or a processor throws, or the scratch engine halts, the warm-up ends there
 * quietly and the real engine starts as it would have; it meets the same fault itself and reports it there.
 */
final class Warmup
{
    /** Name of the scratch engine's data directory, inside the real one. */
    static final String SCRATCH_DIRECTORY = ".warmup-scratch";
    /** Rounds of events, each followed by a pause for the JIT compilers to finish. */
    static final int ROUNDS = 2;
    /** Snapshots the scratch engine takes, if the real one takes any. */
    static final int SNAPSHOTS = 8;
    /** Digests the scratch engine records, if the real one records any. */
    static final int DIGESTS = 24;
    /** At most this many of the last events are offered one at a time, with a pause before each. */
    static final int PACED_EVENTS = 1_000;
    /** The pause before each paced event (the park overshoots it on most machines). */
    private static final long PACED_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** The longest a settling pause lasts. */
    static final long SETTLE_MAX_MILLIS = 750;
    /** A settling pause ends after this long with no compilation finished. */
    private static final long SETTLE_QUIET_MILLIS = 50;

    private Warmup()
    {
    }

    static void runIfConfigured(final EngineConfiguration config)
    {
        if (config.warmupEvents <= 0 || null == config.warmupWorkload)
        {
            return;
        }
        final Path scratch = config.dataDirectory.resolve(SCRATCH_DIRECTORY);
        // A warm-up killed half way leaves its directory behind: start from nothing.
        delete(scratch);
        try
        {
            run(config, scratch);
        }
        finally
        {
            delete(scratch);
        }
    }

    private static void run(final EngineConfiguration config, final Path scratch)
    {
        final Workload workload = config.warmupWorkload;
        final Sink discard = (output, endOfBatch) ->
        {
        };
        try (Engine engine = Engine.builder()
            .dataDirectory(scratch)
            .flushPolicy(config.flushPolicy)
            .ringSize(config.ringSize)
            .maxEventLength(workload.maxEventLength())
            .producerType(ProducerType.SINGLE)
            .waitStrategy(config.waitStrategy)
            // An invoker engine is driven by its host, which is not running yet: warm up on engine threads.
            .threadingMode(ThreadingMode.INVOKER == config.threadingMode ? null : config.threadingMode)
            .pipeline(workload.newPipeline())
            .sink("warmup", discard)
            .snapshotEvery(config.snapshotEvery > 0 ? every(config.warmupEvents, SNAPSHOTS) : 0)
            .digestEvery(config.digestEvery > 0 ? every(config.warmupEvents, DIGESTS) : 0)
            .minFreeSpaceBytes(config.minFreeSpaceBytes)
            .latencySampleEvery(config.latencySampleEvery)
            .stopTimeout(config.stopTimeout)
            .errorHandler((cause, sequence, component) ->
            {
            })
            .build())
        {
            engine.start();
            final EventGenerator generator = workload.newGenerator(0);
            final EventClaim claim = new EventClaim();
            final boolean stampIntended = config.latencySampleEvery > 0;
            final long events = config.warmupEvents;
            final long paced = Math.min(events / 10, PACED_EVENTS);
            final long flatOut = events - paced;
            final CompilationMXBean jit = compilationBean();
            long published = 0;
            for (int round = 1; round <= ROUNDS; round++)
            {
                final long compiledBefore = compiledMillis(jit);
                final long roundEnd = flatOut * round / ROUNDS;
                for (; published < roundEnd; published++)
                {
                    if (!publish(engine, generator, claim, stampIntended && stampsIntended(published)))
                    {
                        return;
                    }
                }
                settle(jit, compiledBefore);
            }
            final long compiledBefore = compiledMillis(jit);
            for (; published < events; published++)
            {
                LockSupport.parkNanos(PACED_PAUSE_NANOS);
                if (!publish(engine, generator, claim, stampIntended && stampsIntended(published)))
                {
                    return;
                }
            }
            settle(jit, compiledBefore);
            engine.stop(config.stopTimeout);
        }
        catch (final IllegalStateException ex)
        {
            // claim() refuses once the scratch engine halted: the warm-up is over.
        }
    }

    /**
     * Publish the generator's next event, stamped with an intended send time of now if asked.
     *
     * @return false if the generator threw: the warm-up ends.
     */
    private static boolean publish(
        final Engine engine, final EventGenerator generator, final EventClaim claim, final boolean stampIntended)
    {
        engine.claim(claim);
        try
        {
            generator.generate(claim);
        }
        catch (final RuntimeException ex)
        {
            claim.abort();
            return false;
        }
        if (stampIntended)
        {
            claim.intendedSendNanos(System.nanoTime());
        }
        claim.commit();
        return true;
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
     * Give the JIT compilers the cores for a moment, if they compiled anything since {@code compiledBefore} (a warm
     * JVM does not wait): wait while the JVM's total compilation time still grows, until
     * {@value #SETTLE_QUIET_MILLIS} ms pass with none finished or {@value #SETTLE_MAX_MILLIS} ms in all.
     */
    private static void settle(final CompilationMXBean jit, final long compiledBefore)
    {
        if (null == jit)
        {
            return;
        }
        long compiledMillis = jit.getTotalCompilationTime();
        if (compiledMillis == compiledBefore)
        {
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS);
        while (System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SETTLE_QUIET_MILLIS));
            final long now = jit.getTotalCompilationTime();
            if (now == compiledMillis)
            {
                return;
            }
            compiledMillis = now;
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
