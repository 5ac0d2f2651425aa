package io.ferrite.bench;

import java.util.function.LongSupplier;

/**
 * How a benchmark thread waits for a pipeline's last stage to catch up with what it published.
 * <p>
 * It yields rather than spins: on a 2-core machine the stages it waits for need the core more than it does.
 */
public final class Drain
{
    private Drain()
    {
    }

    /**
     * Wait until {@code progress} reaches {@code target}.
     *
     * @param progress     reads how far the last stage has got (a sequence or a count); must not allocate.
     * @param target       the value to wait for.
     * @param timeoutNanos how long to wait before giving up.
     * @param what         names the pipeline in the error.
     * @throws IllegalStateException naming the pipeline, the target and where it stuck, if the timeout passes: a
     *                               stuck pipeline fails the benchmark instead of hanging the run.
     */
    public static void await(final LongSupplier progress, final long target, final long timeoutNanos, final String what)
    {
        if (progress.getAsLong() >= target)
        {
            return;
        }
        final long deadline = System.nanoTime() + timeoutNanos;
        long seen;
        while ((seen = progress.getAsLong()) < target)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(what + " did not drain within " + timeoutNanos / 1_000_000 +
                    " ms: waiting for " + target + ", last stage at " + seen);
            }
            Thread.yield();
        }
    }
}
