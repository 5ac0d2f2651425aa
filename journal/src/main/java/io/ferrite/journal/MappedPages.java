package io.ferrite.journal;

import net.openhft.posix.PosixAPI;
import net.openhft.posix.PosixRuntimeException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the journal's background helpers ({@link SegmentReservation} ahead of the writer, {@link ReadAhead} ahead of a
 * reader) share: the sizes and Linux {@code madvise(2)} advice they work with, the call itself through OpenHFT's
 * chronicle-posix (already on the class path under Chronicle Queue), and how their daemon threads are stopped.
 */
final class MappedPages
{
    /** The page size the helpers align to. */
    static final long PAGE = 4096;
    /** The cache line size loads are spaced by. */
    static final int CACHE_LINE = 64;
    /** Linux's {@code MADV_NORMAL}: the default read-ahead on faults in the range. */
    static final int MADV_NORMAL = 0;
    /** Linux's {@code MADV_RANDOM}: no read-ahead on faults in the range. */
    static final int MADV_RANDOM = 1;
    /** Linux's {@code MADV_POPULATE_READ} (5.14+): fault the range in as if read. */
    static final int MADV_POPULATE_READ = 22;
    /** Linux's {@code MADV_POPULATE_WRITE} (5.14+): fault the range in as if written, without writing. */
    static final int MADV_POPULATE_WRITE = 23;
    /** What {@link #madvise} returns when there is no native access at all. */
    static final int UNAVAILABLE = Integer.MIN_VALUE;

    private MappedPages()
    {
    }

    /**
     * @return {@code madvise(address, length, advice)}: 0 on success, non-zero when the kernel refused, or
     * {@link #UNAVAILABLE} without native access.
     */
    static int madvise(final long address, final long length, final int advice)
    {
        try
        {
            return PosixAPI.posix().madvise(address, length, advice);
        }
        catch (final PosixRuntimeException | LinkageError ex)
        {
            return UNAVAILABLE;
        }
    }

    /**
     * Stop a helper's daemon thread, whose loop has just been told to end: wake it and wait for it, up to 5 s.
     *
     * @param thread the thread, or null if none was started.
     */
    static void stopDaemon(final Thread thread)
    {
        if (null == thread)
        {
            return;
        }
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
