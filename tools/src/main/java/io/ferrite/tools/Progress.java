package io.ferrite.tools;

import java.io.PrintWriter;

/**
 * A progress line on stderr, redrawn in place at most once a second: events done, rate, ETA.
 * <p>
 * Called from a publishing loop: {@link #update(long)} is cheap when no redraw is due (one {@code nanoTime} and a
 * compare) and allocates only when it draws, once a second.
 */
final class Progress
{
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final String what;
    private final long first;
    private final long target;
    private final long startNanos;
    private long nextDrawNanos;
    private boolean drawn;

    /**
     * @param err    where to draw.
     * @param what   what is counted, e.g. "events".
     * @param first  the count when starting.
     * @param target the count when done.
     */
    Progress(final PrintWriter err, final String what, final long first, final long target)
    {
        this.err = err;
        this.what = what;
        this.first = first;
        this.target = target;
        this.startNanos = System.nanoTime();
        this.nextDrawNanos = startNanos + INTERVAL_NANOS;
    }

    /**
     * @param done the count so far.
     */
    void update(final long done)
    {
        final long now = System.nanoTime();
        if (now < nextDrawNanos)
        {
            return;
        }
        nextDrawNanos = now + INTERVAL_NANOS;
        final long elapsed = now - startNanos;
        final long rate = Formats.perSecond(done - first, elapsed);
        final String eta = 0 == rate ? "?" : ((target - done) / rate) + " s";
        err.printf("\r%s %d/%d (%.1f%%)  %d/s  ETA %s   ", what, done, target,
            target == 0 ? 100.0 : 100.0 * done / target, rate, eta);
        err.flush();
        drawn = true;
    }

    /**
     * End the progress line, if one was drawn, so what follows starts on a fresh line.
     */
    void finish()
    {
        if (drawn)
        {
            err.println();
            err.flush();
        }
    }
}
