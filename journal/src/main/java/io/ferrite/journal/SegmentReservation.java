package io.ferrite.journal;

import net.openhft.posix.PosixAPI;
import net.openhft.posix.PosixRuntimeException;
import org.agrona.IoUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the disk blocks under the journal writer reserved, and their pages in memory, ahead of it.
 * <p>
 * <b>Reservation.</b> Chronicle grows a segment file as a sparse file and writes into it through a memory mapping.
 * A write into a mapped page that the file system cannot back (the disk filled up since the free-space check) kills
 * the JVM with SIGBUS. So the blocks are reserved with {@code fallocate(2)} (through OpenHFT's chronicle-posix, already
 * on the class path under Chronicle Queue) before the writer may write into them: the appender calls
 * {@link #ensureReserved(int, File, long)} before each excerpt, which costs a field comparison unless the excerpt would
 * end past the reserved region. A full disk then surfaces as a {@link JournalException} with
 * {@link JournalException.Category#STORAGE_SPACE}, never as a signal. {@code fallocate} never changes data already
 * written, so reserving may race with the writer freely.
 * <p>
 * <b>Pre-touch.</b> A background thread ({@value #THREAD_NAME}, a daemon that sleeps between rounds) keeps
 * {@value #AHEAD_BYTES} bytes beyond the writer reserved, and reads one byte of every page of that region through a
 * mapping of its own, so that the page cache pages exist before the writer reaches them: the page allocation and zeroing
 * a first touch costs happen off the writer's thread. It never writes.
 * <p>
 * Where fallocate is unavailable (no native POSIX access, or a file system without it) reservation is switched off
 * with one warning; the free-space check of the appender is then the only guard, as it always is for the few bytes of a
 * new segment's header, which Chronicle writes before this class sees the file.
 */
final class SegmentReservation implements AutoCloseable
{
    /** Name of the background thread. */
    static final String THREAD_NAME = "ferrite-journal-prealloc";
    /** How far ahead of the writer the background thread reserves and touches. */
    static final long AHEAD_BYTES = 8L * 1024 * 1024;
    /** Reserved in one step by the writer itself when it overtakes the background thread. */
    private static final long WRITER_STEP_BYTES = 2L * 1024 * 1024;
    private static final long PAGE = 4096;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int O_RDWR = 2;
    private static final Logger LOGGER = LoggerFactory.getLogger(SegmentReservation.class);

    private final Path directory;
    private final boolean pretouch;
    private final Thread thread;
    private volatile boolean running = true;

    /** Written by the writer only. */
    private int writerCycle = Integer.MIN_VALUE;

    // Guarded by this: the segment being written and how much of it is reserved.
    private File file;
    private int cycle = Integer.MIN_VALUE;
    private volatile long reservedUpTo;
    private boolean unavailable;

    /** The writer's position, published for the background thread. */
    private volatile long writerPosition;
    private volatile String backgroundFault;

    /**
     * @param directory the journal directory, for messages.
     * @param pretouch  whether to run the background thread; without it the writer reserves for itself.
     */
    SegmentReservation(final Path directory, final boolean pretouch)
    {
        this.directory = directory;
        this.pretouch = pretouch;
        if (pretouch)
        {
            thread = new Thread(this::run, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        }
        else
        {
            thread = null;
        }
    }

    /**
     * Make sure {@code [0, end)} of the segment of {@code cycle} is reserved before the writer writes into it.
     * Called by the writer before each excerpt. No allocation unless a new segment starts or the writer overtakes
     * the background thread.
     *
     * @param cycle the cycle being written.
     * @param file  its segment file (looked at only when the cycle changes).
     * @param end   the offset the next excerpt may reach.
     * @throws JournalException {@link JournalException.Category#STORAGE_SPACE} when the file system cannot reserve it.
     */
    void ensureReserved(final int cycle, final File file, final long end)
    {
        writerPosition = end;
        if (cycle == writerCycle && end <= reservedUpTo)
        {
            return;
        }
        reserveFor(cycle, file, end);
    }

    private synchronized void reserveFor(final int cycle, final File file, final long end)
    {
        if (cycle != this.cycle)
        {
            this.cycle = cycle;
            this.file = file;
            reservedUpTo = 0;
        }
        writerCycle = cycle;
        if (unavailable || end <= reservedUpTo)
        {
            return;
        }
        final long upTo = end + WRITER_STEP_BYTES;
        reserve(this.file, reservedUpTo, upTo);
        reservedUpTo = upTo;
    }

    /**
     * Reserve {@code [from, to)} of {@code file}.
     *
     * @return false if reservation is unavailable here (and now switched off).
     */
    private boolean reserve(final File file, final long from, final long to)
    {
        if (unavailable)
        {
            return false;
        }
        final PosixAPI posix;
        final int fd;
        try
        {
            posix = PosixAPI.posix();
            fd = posix.open(file.getPath(), O_RDWR, 0);
        }
        catch (final PosixRuntimeException | LinkageError ex)
        {
            switchOff("no native POSIX access (" + ex + ")");
            return false;
        }
        if (fd < 0)
        {
            throw new JournalException(JournalException.Category.IO, "cannot open segment " + file + " of journal " +
                directory + " to reserve its blocks: " + posix.lastErrorStr());
        }
        try
        {
            if (0 != posix.fallocate(fd, 0, from, to - from))
            {
                // chronicle-posix retries failed calls in other ways, so errno no longer tells why: the free space
                // does. A full disk is the caller's error; anything else means this file system cannot reserve.
                final long usable = file.getUsableSpace();
                if (usable < to - from)
                {
                    throw new JournalException(JournalException.Category.STORAGE_SPACE, "disk full: the file " +
                        "system of journal " + directory + " cannot reserve " + ((to - from) >> 20) +
                        " MiB more for segment " + file + " (" + usable + " bytes usable)");
                }
                switchOff("fallocate failed on " + file + " with " + usable + " bytes usable");
                return false;
            }
            return true;
        }
        finally
        {
            posix.close(fd);
        }
    }

    private void switchOff(final String why)
    {
        unavailable = true;
        LOGGER.warn("journal {}: segment blocks cannot be reserved ahead of the writer ({}); only the free-space " +
            "check guards against a full disk", directory, why);
    }

    private void run()
    {
        long touchedUpTo = 0;
        File touchedFile = null;
        while (running)
        {
            LockSupport.parkNanos(IDLE_NANOS);
            final File file;
            final long from;
            final long target;
            synchronized (this)
            {
                if (null == this.file || unavailable)
                {
                    continue;
                }
                file = this.file;
                from = reservedUpTo;
                target = writerPosition + AHEAD_BYTES;
            }
            try
            {
                if (target > from && reserve(file, from, target))
                {
                    synchronized (this)
                    {
                        if (file == this.file && reservedUpTo < target)
                        {
                            reservedUpTo = target;
                        }
                    }
                }
                if (file != touchedFile)
                {
                    touchedFile = file;
                    touchedUpTo = writerPosition & ~(PAGE - 1);
                }
                final long end = Math.min(target, reservedUpTo);
                if (end > touchedUpTo)
                {
                    touch(file, touchedUpTo, end);
                    touchedUpTo = end;
                }
            }
            catch (final RuntimeException ex)
            {
                // The writer meets the same condition on its own path and reports it there; remember it for tests.
                backgroundFault = ex.toString();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /**
     * Read one byte per page of {@code [from, to)} through a mapping of our own, so the pages are in the page cache.
     */
    private static void touch(final File file, final long from, final long to)
    {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ))
        {
            final long size = Math.min(to, channel.size());
            if (size <= from)
            {
                return;
            }
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, from, size - from);
            try
            {
                long sum = 0;
                for (int i = 0, n = buffer.capacity(); i < n; i += (int)PAGE)
                {
                    sum += buffer.get(i);
                }
                if (sum == Long.MIN_VALUE)
                {
                    // Never true: keeps the reads from being optimised away.
                    throw new IllegalStateException();
                }
            }
            finally
            {
                IoUtil.unmap(buffer);
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO, "cannot pre-touch " + file + ": " + ex, ex);
        }
    }

    /**
     * @return how much of the current segment is reserved, for tests.
     */
    long reservedUpTo()
    {
        return reservedUpTo;
    }

    /**
     * @return the last fault of the background thread, or null; for tests.
     */
    String backgroundFault()
    {
        return backgroundFault;
    }

    /**
     * @return whether the background thread runs.
     */
    boolean pretouching()
    {
        return pretouch;
    }

    /**
     * Stop the background thread and wait for it.
     */
    @Override
    public void close()
    {
        running = false;
        if (null != thread)
        {
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
}
