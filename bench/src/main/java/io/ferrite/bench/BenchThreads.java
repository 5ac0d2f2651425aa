package io.ferrite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A thread factory that names the threads of one pipeline and remembers them, so that a benchmark's tear-down can
 * prove they ended before the next trial starts (a lingering consumer would steal one of the two cores from the next
 * measurement).
 * <p>
 * Threading: {@link #newThread(Runnable)} and {@link #joinAll(long)} may be called from different threads.
 */
public final class BenchThreads implements ThreadFactory
{
    private final String prefix;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param prefix the start of every thread's name; a counter follows.
     */
    public BenchThreads(final String prefix)
    {
        this.prefix = prefix;
    }

    @Override
    public synchronized Thread newThread(final Runnable task)
    {
        final Thread thread = new Thread(task, prefix + '-' + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /**
     * Wait for every thread made so far to end.
     *
     * @param timeoutMillis how long to wait in total.
     * @throws IllegalStateException naming the threads still alive after the timeout.
     */
    public void joinAll(final long timeoutMillis)
    {
        final List<Thread> snapshot;
        synchronized (this)
        {
            snapshot = new ArrayList<>(threads);
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        final List<String> alive = new ArrayList<>();
        for (final Thread thread : snapshot)
        {
            final long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try
            {
                thread.join(leftMillis);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while joining " + thread.getName(), ex);
            }
            if (thread.isAlive())
            {
                alive.add(thread.getName());
            }
        }
        if (!alive.isEmpty())
        {
            throw new IllegalStateException("threads still running " + timeoutMillis + " ms after stop: " + alive);
        }
    }
}
