package io.ferrite.engine;

import io.ferrite.engine.processor.EventGenerator;

import java.util.concurrent.locks.LockSupport;

/**
 * Publishes a workload's {@link EventGenerator} events into an engine, one claim per event: at once
 * ({@link #publish()}), or at an intended send time that the event then carries for latency
 * ({@link #publishAt(long)}), waiting for it the way the engine's {@link WaitStrategyType} says; or a slice of a run
 * of either kind ({@link #publishRun}), which is how {@code ferrite run} and the warm-up publish.
 * <p>
 * {@code ferrite run} and the JIT warm-up ({@link EngineBuilder#warmup}) both publish through this class, so the
 * methods the real run calls per event are the ones the warm-up had compiled. With a producer loop of its own, the
 * warm-up compiled its own loop with {@link Engine#claim} inlined into it, and the real run's producer then compiled
 * {@code Engine.claim} and {@code Ingress.claim} again, with the optimising compiler, in its first second (17 and
 * 22 ms of a core each on 2 cores, JFR {@code jdk.Compilation}).
 * <p>
 * Allocation-free, lock-free and single-threaded: one instance per producer thread. A generator that throws has its
 * claim aborted (journaled as a no-op, never processed) before the exception goes on to the caller.
 */
public final class GeneratorPublisher
{
    /** Parking overshoots by tens of microseconds: a yielding wait parks only while more than this is left. */
    private static final long YIELD_BELOW_NANOS = 100_000;
    /** ... and parks for that much less than what is left. */
    private static final long PARK_MARGIN_NANOS = 50_000;

    private final Engine engine;
    private final EventGenerator generator;
    private final WaitStrategyType wait;
    private final EventClaim claim = new EventClaim();

    /**
     * @param engine    the started engine to publish into.
     * @param generator the events.
     * @param wait      how {@link #publishAt(long)} waits for an intended send time: it spins with
     *                  {@link WaitStrategyType#BUSY_SPIN}, parks with {@link WaitStrategyType#SLEEPING} and
     *                  {@link WaitStrategyType#BLOCKING}, and with {@link WaitStrategyType#YIELDING} parks through gaps
     *                  longer than 100 µs and yields through the rest.
     */
    public GeneratorPublisher(final Engine engine, final EventGenerator generator, final WaitStrategyType wait)
    {
        this.engine = engine;
        this.generator = generator;
        this.wait = wait;
    }

    /**
     * Publish the generator's next event now, without an intended send time.
     *
     * @throws IllegalStateException if the engine cannot take events (see {@link Engine#claim(EventClaim)}).
     */
    public void publish()
    {
        engine.claim(claim);
        generate();
        claim.commit();
    }

    /**
     * Wait until {@link System#nanoTime()} reaches {@code intendedNanos}, then publish the generator's next event,
     * stamped with that intended send time: the engine times the event from it, so a producer that fell behind its
     * schedule shows its lag in the latency instead of hiding it.
     *
     * @param intendedNanos when the event is due, as {@link System#nanoTime()}.
     * @throws IllegalStateException if the engine cannot take events.
     */
    public void publishAt(final long intendedNanos)
    {
        awaitNanoTime(intendedNanos);
        engine.claim(claim);
        generate();
        claim.intendedSendNanos(intendedNanos);
        claim.commit();
    }

    /**
     * Publish events {@code index} to {@code index + count - 1} of a run: with {@code ratePerSecond} above 0, event
     * {@code i} waits for and carries the intended send time {@code startNanos + i / ratePerSecond} (as
     * {@link #publishAt(long)}); with 0, each goes at once (as {@link #publish()}).
     * <p>
     * The loop of a producer that runs for the whole of a run is entered once, so the JVM compiles it on-stack, with
     * everything it calls inlined: {@code ferrite run}'s loop was compiled that way a second into a paced run, for
     * 49 ms of a core (JFR {@code jdk.Compilation}, 2 cores). A producer that calls this method for a slice of its run
     * at a time (a few milliseconds' worth) runs the code the warm-up compiled, which calls it for each of its events.
     *
     * @param startNanos    {@link System#nanoTime()} at the start of the run; unused when {@code ratePerSecond} is 0.
     * @param ratePerSecond events per second at fixed intervals, or 0 for as fast as possible.
     * @param index         the first event's index in the run, counting from 0.
     * @param count         how many events to publish.
     * @return {@code index + count}: the index of the run's next event.
     * @throws IllegalStateException if the engine cannot take events.
     */
    public long publishRun(final long startNanos, final long ratePerSecond, final long index, final int count)
    {
        final long end = index + count;
        for (long i = index; i < end; i++)
        {
            if (0 != ratePerSecond)
            {
                // Pacing against the schedule (not against the last send) keeps the offered rate fixed even after a
                // stall, and the engine times the event from it, so the stall is measured.
                publishAt(startNanos + i * 1_000_000_000L / ratePerSecond);
            }
            else
            {
                publish();
            }
        }
        return end;
    }

    private void generate()
    {
        try
        {
            generator.generate(claim);
        }
        catch (final RuntimeException ex)
        {
            claim.abort();
            throw ex;
        }
    }

    private void awaitNanoTime(final long deadline)
    {
        final WaitStrategyType wait = this.wait;
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0)
        {
            if (WaitStrategyType.BUSY_SPIN == wait)
            {
                Thread.onSpinWait();
            }
            else if (WaitStrategyType.SLEEPING == wait || WaitStrategyType.BLOCKING == wait)
            {
                // A parked producer leaves its core idle for the engine, the JIT and the OS's threads.
                LockSupport.parkNanos(remaining);
            }
            else if (remaining > YIELD_BELOW_NANOS)
            {
                LockSupport.parkNanos(remaining - PARK_MARGIN_NANOS);
            }
            else
            {
                // Unlike a spin, a yield hands the core to a runnable engine thread when threads outnumber cores.
                Thread.yield();
            }
        }
    }
}
