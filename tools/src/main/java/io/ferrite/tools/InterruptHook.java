package io.ferrite.tools;

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

    /**
     * @param graceMillis how long the JVM's shutdown waits for the command to drain and report.
     */
    InterruptHook(final long graceMillis)
    {
        hook = new Thread(() ->
        {
            requested = true;
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
