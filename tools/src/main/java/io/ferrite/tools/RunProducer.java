package io.ferrite.tools;

import io.ferrite.engine.Engine;
import io.ferrite.engine.GeneratorPublisher;
import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.engine.processor.EventGenerator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The command's thread during {@code ferrite run}: the engine's single producer when the workload's generator feeds
 * it (flat out or paced at a fixed rate), or a watcher of the engine's sources. In {@link ThreadingMode#INVOKER} it
 * also runs the engine's duty cycles.
 * <p>
 * The publishing loop allocates nothing per event and logs nothing; it looks at Ctrl-C between slices of events
 * (see {@link #sliceEvents(long)}).
 */
final class RunProducer
{
    private RunProducer()
    {
    }

    /**
     * With a source, the command's thread only watches (and, for INVOKER, runs the engine): the source's agent
     * publishes. Returns when the sources are done, Ctrl-C was pressed or the engine faulted.
     */
    static void awaitSource(final Engine engine, final InterruptHook interrupt, final Progress progress)
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

    /** Events per slice of a flat-out run: {@link GeneratorPublisher#publishRun} publishes one slice per call. */
    static final int FLAT_OUT_SLICE = 1024;
    /**
     * A paced run's slices last about 1 / this of a second, so Ctrl-C is seen within about that long (or within one
     * event's gap, below this many events a second).
     */
    private static final long PACED_SLICES_PER_SECOND = 100;

    /**
     * The hot loop: claim, generate in place, commit, until the journal holds {@code target} events. Driven by the
     * engine's published sequence rather than a local counter, so the generator always writes event
     * {@code claim.sequence()}: the one the journal lacks.
     * <p>
     * The events go in slices through {@link GeneratorPublisher#publishRun}, the method the engine's JIT warm-up
     * publishes through, so the per-event loop the run spends its time in is compiled before the run (see there).
     * Under {@link ThreadingMode#INVOKER} each slice is one event, followed by a duty cycle of the engine on this
     * thread, as before slices: the warm-up runs on engine threads and compiles no invoker loop.
     *
     * @param engine        the started engine.
     * @param generator     the workload's generator for the run's seed.
     * @param interrupt     stops the loop when Ctrl-C was pressed (looked at between slices).
     * @param progress      updated between slices, or null.
     * @param startNanos    {@link System#nanoTime()} at the start of the run: event {@code i} of a paced run is due at
     *                      {@code startNanos + i / ratePerSecond}.
     * @param target        the journal's sequence to stop at.
     * @param ratePerSecond events offered per second at fixed intervals, or 0 for as fast as possible.
     * @param wait          how a paced producer waits for each event's send time (see {@link GeneratorPublisher}).
     */
    static void publish(
        final Engine engine,
        final EventGenerator generator,
        final InterruptHook interrupt,
        final Progress progress,
        final long startNanos,
        final long target,
        final long ratePerSecond,
        final WaitStrategyType wait)
    {
        final GeneratorPublisher publisher = new GeneratorPublisher(engine, generator, wait);
        // INVOKER: this thread is the engine's, and runs a duty cycle of every agent after each event.
        final boolean invoker = engine.threadingMode() == ThreadingMode.INVOKER;
        final int slice = invoker ? 1 : sliceEvents(ratePerSecond);
        long published = 0;
        long sequence = engine.lastPublishedSequence();
        while (sequence < target && !interrupt.requested())
        {
            final int count = (int)Math.min(slice, target - sequence);
            published = publisher.publishRun(startNanos, ratePerSecond, published, count);
            if (invoker)
            {
                engine.invoke();
            }
            sequence = engine.lastPublishedSequence();
            if (null != progress && (!invoker || 0 == (published & (FLAT_OUT_SLICE - 1))))
            {
                progress.update(sequence);
            }
        }
    }

    /**
     * @return events per slice: {@value #FLAT_OUT_SLICE} flat out; paced, about 1/{@value #PACED_SLICES_PER_SECOND} s
     * of events, at least 1 and at most {@value #FLAT_OUT_SLICE}.
     */
    static int sliceEvents(final long ratePerSecond)
    {
        if (0 == ratePerSecond)
        {
            return FLAT_OUT_SLICE;
        }
        return (int)Math.max(1, Math.min(FLAT_OUT_SLICE, ratePerSecond / PACED_SLICES_PER_SECOND));
    }
}
