package io.ferrite.tools;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT) or SIGTERM during {@code ferrite run} into a graceful stop: the publishing loop sees
 * {@link #requested()}, stops publishing, drains the engine and prints its summary, while the JVM's shutdown waits
 * for it (up to a bound). SIGKILL cannot be caught; recovery on the next start handles that.
 */
final class InterruptHook implements AutoCloseable
{
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;
    private volatile String uninterruptible;
    private volatile PrintWriter report;

    /**
     * @param graceMillis how long the JVM's shutdown waits for the command to drain and report.
     */
    InterruptHook(final long graceMillis)
    {
        hook = new Thread(() ->
        {
            requested = true;
            final String what = uninterruptible;
            final PrintWriter out = report;
            if (null != what && null != out)
            {
                // Work that cannot stop half-way (recovery): say what the signal cut short, and let the JVM go.
                synchronized (out)
                {
                    out.println(what);
                    out.flush();
                }
                return;
            }
            try
            {
                finished.await(graceMillis, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "ferrite-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * While set, a signal does not wait for the command: it prints {@code message} and lets the JVM exit, because the
     * work under way (recovery) has no point at which to stop and report.
     *
     * @param message what to print if interrupted now, or null once the command can stop gracefully again.
     * @param out     where to print it.
     */
    void duringUninterruptible(final String message, final PrintWriter out)
    {
        report = out;
        uninterruptible = message;
    }

    /**
     * @return true once the process was asked to stop. A volatile read: cheap enough for every loop iteration.
     */
    boolean requested()
    {
        return requested;
    }

    /**
     * The command is done: let a pending shutdown proceed, and otherwise remove the hook.
     */
    @Override
    public void close()
    {
        finished.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // The JVM is already shutting down (the hook is running): it is released by the countDown above.
        }
    }
}
