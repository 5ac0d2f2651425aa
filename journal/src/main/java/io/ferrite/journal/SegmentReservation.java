package io.ferrite.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.impl.single.PrecreatedFiles;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.PosixRuntimeException;
import org.agrona.IoUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.ferrite.journal.MappedPages.MADV_NORMAL;
import static io.ferrite.journal.MappedPages.MADV_POPULATE_WRITE;
import static io.ferrite.journal.MappedPages.MADV_RANDOM;
import static io.ferrite.journal.MappedPages.UNAVAILABLE;

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
 * {@value #AHEAD_BYTES} bytes beyond the writer reserved (topped up once less than half of that is left, so a paced
 * writer costs one {@code fallocate} every few MiB), and faults that region in in the writer's own mapping
 * ({@code madvise(MADV_POPULATE_WRITE)} over the chunk the writer announced with
 * {@link #writerMapping(int, MappedBytesStore, long, long, long)}): the page allocation and zeroing, the
 * file system's {@code page_mkwrite} and the page-table entry all happen off the writer's thread, which then writes
 * into pages that are already present and writable. Only a journal that never forces its segments
 * ({@link FlushPolicy#NONE}) runs this thread (see {@link Journal}): pages faulted in for writing are dirty, so every
 * force would write the zero pages ahead of the writer and write-protect them, and the writer would fault on each of
 * them again; faulting them in for reading only ({@code MADV_POPULATE_READ}) keeps them clean but leaves one
 * write-protect fault per 4 KiB page to the writer, which measured at half the throughput of no pre-touch at all under
 * {@link FlushPolicy#BATCH} (JMH {@code EngineJournaledPipelineBenchmark}, 2 cores).
 * Populating never changes a byte of the file, so it may race with the writer freely. The thread holds the chunk
 * (a reference on Chronicle's {@link MappedBytesStore}) while it advises, so Chronicle cannot unmap it, nor map
 * anything else at its address, meanwhile; a chunk already released is skipped. Where the
 * kernel lacks these (Linux before 5.14) the thread reads one byte of every page through a mapping of its own instead,
 * which at least puts the pages in the page cache.
 * <p>
 * Where fallocate is unavailable (no native POSIX access, or a file system without it) reservation is switched off
 * with one warning; the free-space check of the appender is then the only guard.
 * <p>
 * A new segment's header is written by Chronicle as it creates the file, before the writer's first excerpt in it:
 * the appender has the file pre-created with its head reserved ({@link #prepareSegment(File, long)}) from the very
 * clock reading that makes Chronicle create it (see {@code JournalAppender.clockRead}).
 */
final class SegmentReservation implements AutoCloseable
{
    /** Name of the background thread. */
    static final String THREAD_NAME = "ferrite-journal-prealloc";
    /** How far ahead of the writer the background thread reserves and touches. */
    static final long AHEAD_BYTES = 16L * 1024 * 1024;
    private static final long PAGE = MappedPages.PAGE;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * Populated by one system call. Populating runs in the kernel without giving up the core (measured: one call over
     * the 16 MiB ahead of a new chunk held a core for 20 ms, and the writer waited that long behind it on 2 cores), so
     * a round goes in steps of a few hundred microseconds and yields between them.
     */
    private static final long POPULATE_STEP_BYTES = 128 * 1024;
    /** A round that populated this much is followed by another without a pause. */
    private static final long BUSY_ROUND_BYTES = 1024 * 1024;
    private static final int O_RDWR = 2;
    /** The writer this far past what is populated runs flat out, faulting its own pages in. */
    private static final long OUTRUN_BYTES = 2L * 1024 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(SegmentReservation.class);

    private final Path directory;
    private final boolean pretouch;
    /** Reserved in one step by the writer itself (without the background thread, or when it overtakes it). */
    private final long writerStepBytes;
    private final Thread thread;
    /** Who the background thread reserves the writer's chunk for while it advises. */
    private final ReferenceOwner chunkHolder = ReferenceOwner.temporary(THREAD_NAME);
    private volatile boolean running = true;

    /** Written by the writer only. */
    private int writerCycle = Integer.MIN_VALUE;

    // Guarded by this: the segment being written and how much of it is reserved.
    private File file;
    private int cycle = Integer.MIN_VALUE;
    private volatile long reservedUpTo;
    /** Written under this or by {@link #switchOff}; read by the writer's preparation without the lock. */
    private volatile boolean unavailable;

    // Guarded by this: the writer's mapping of the segment chunk it writes, see writerMapping.
    private int mappingCycle = Integer.MIN_VALUE;
    private MappedBytesStore mappingChunk;
    /** Bumped at every announcement, so a new chunk is told from the old one even at the same address. */
    private long mappingGeneration;
    private long mappingAddress;
    private long mappingStart;
    private long mappingLimit;

    /** The writer's position, published for the background thread. */
    private volatile long writerPosition;
    private volatile String backgroundFault;
    /** Written by the background thread only: false once populating the writer's mapping proved unavailable. */
    private volatile boolean populate = true;
    /** Background thread only: whether populating ever succeeded. */
    private boolean populateWorked;
    /** Writer's thread: segments prepared with their head reserved; for tests. */
    private int segmentsPrepared;
    /** How far the writer's current mapping is populated, as a file offset; for tests. */
    private volatile long populatedUpTo;

    /**
     * @param directory the journal directory, for messages.
     * @param pretouch  whether to run the background thread; without it the writer reserves for itself.
     * @param writerStepBytes how far ahead the writer reserves when it reserves for itself.
     */
    SegmentReservation(final Path directory, final boolean pretouch, final long writerStepBytes)
    {
        this.directory = directory;
        this.pretouch = pretouch;
        this.writerStepBytes = writerStepBytes;
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

    /**
     * Announce the writer's mapping of a chunk of the segment of {@code cycle}: file offsets
     * {@code [start, limit)} are at addresses {@code address + (offset - start)}. Called by the writer when it moves
     * to another chunk (once per block, not per excerpt).
     *
     * @param cycle   the cycle whose segment is mapped.
     * @param chunk   Chronicle's store of the chunk, which the background thread reserves while it advises.
     * @param start   file offset of the chunk's first byte, page aligned.
     * @param address where that byte is mapped.
     * @param limit   file offset where the mapping ends.
     */
    synchronized void writerMapping(
        final int cycle,
        final MappedBytesStore chunk,
        final long start,
        final long address,
        final long limit)
    {
        mappingCycle = cycle;
        mappingChunk = chunk;
        mappingGeneration++;
        mappingStart = start;
        mappingAddress = address;
        mappingLimit = limit;
    }

    /**
     * Prepare the segment file Chronicle is about to create for the writer: Chronicle creates a segment as a sparse
     * file and writes its header (and index arrays) through its mapping before
     * {@link #ensureReserved(int, File, long)} first sees the file, so on a full disk that header write would die of
     * SIGBUS inside the VM. This creates Chronicle's pre-created file for it ({@code <name>.precreated}, which
     * Chronicle renames to the segment's name as it creates the segment, and which no reader lists) with its first
     * {@code headBytes} reserved. Does nothing if the segment exists already or reservation is unavailable here.
     * Called by the writer's thread.
     *
     * @param segment   the segment file, as Chronicle names it.
     * @param headBytes how much of the file's start to reserve.
     * @throws JournalException {@link JournalException.Category#STORAGE_SPACE} naming the segment when the file
     *                          system cannot reserve it (the pre-created file is deleted again);
     *                          {@link JournalException.Category#IO} if it cannot be created.
     */
    void prepareSegment(final File segment, final long headBytes)
    {
        if (!segment.exists())
        {
            preparePrecreated(segment, headBytes);
        }
    }

    /**
     * {@link #prepareSegment(File, long)} whether or not the segment exists: for a repair that re-creates a segment
     * and must know the disk can take it before it sets the old one aside.
     */
    void preparePrecreated(final File segment, final long headBytes)
    {
        if (unavailable)
        {
            return;
        }
        final File precreated = PrecreatedFiles.preCreatedFile(segment);
        final Path path = precreated.toPath();
        try
        {
            DataFiles.createFile(path);
        }
        catch (final FileAlreadyExistsException ex)
        {
            // Left by an attempt that Chronicle did not follow: reserve it again below (a no-op where it is).
        }
        catch (final IOException ex)
        {
            final boolean full = segment.getParentFile().getUsableSpace() < headBytes;
            throw new JournalException(full ? JournalException.Category.STORAGE_SPACE : JournalException.Category.IO,
                (full ? "disk full: " : "") + "cannot create " + precreated + " for the new segment " + segment +
                " of journal " + directory + ": " + ex, ex);
        }
        try
        {
            if (reserve(precreated, 0, headBytes, segment))
            {
                segmentsPrepared++;
            }
        }
        catch (final JournalException ex)
        {
            // Refused: leave nothing behind.
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
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
        final long upTo = end + writerStepBytes;
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
        return reserve(file, from, to, file);
    }

    /**
     * Reserve {@code [from, to)} of {@code file}, which will be (or is) the segment {@code segment}.
     *
     * @return false if reservation is unavailable here (and now switched off).
     */
    private boolean reserve(final File file, final long from, final long to, final File segment)
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
                        " MiB more for segment " + segment + " (" + usable + " bytes usable)");
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
        long adviceGeneration = -1;
        boolean randomAdvised = false;
        boolean writerOutran = false;
        long touchedUpTo = 0;
        File touchedFile = null;
        long populatedGeneration = -1;
        boolean idle = true;
        while (running)
        {
            if (idle)
            {
                LockSupport.parkNanos(IDLE_NANOS);
            }
            idle = true;
            final File file;
            final long from;
            final long target;
            final long writerAt;
            final MappedBytesStore chunk;
            final long generation;
            final long address;
            final long start;
            final long limit;
            synchronized (this)
            {
                if (null == this.file || unavailable)
                {
                    continue;
                }
                file = this.file;
                from = reservedUpTo;
                writerAt = writerPosition;
                target = writerAt + AHEAD_BYTES;
                final boolean mapped = mappingCycle == cycle;
                chunk = mapped ? mappingChunk : null;
                generation = mappingGeneration;
                address = mappingAddress;
                start = mappingStart;
                limit = mappingLimit;
            }
            try
            {
                // Reserve in steps of at least half the window: a slow (paced) writer then costs a fallocate call
                // (and the file's open and close) every few MiB, not one per round.
                if (target > from && from - writerAt < AHEAD_BYTES / 2 && reserve(file, from, target))
                {
                    synchronized (this)
                    {
                        if (file == this.file && reservedUpTo < target)
                        {
                            reservedUpTo = target;
                        }
                    }
                }
                final long end = Math.min(target, reservedUpTo);
                if (populate && null != chunk)
                {
                    if (generation != populatedGeneration)
                    {
                        // Another chunk, or another segment: whatever its address, nothing of it is populated yet.
                        populatedGeneration = generation;
                        populatedUpTo = start;
                    }
                    // Held, the chunk stays mapped at this address until released; one already released is gone
                    // (the writer announces its next one).
                    if (chunk.tryReserve(chunkHolder))
                    {
                        try
                        {
                            final long before = Math.max(populatedUpTo, start);
                            final boolean outrun = writerAt > before + OUTRUN_BYTES;
                            if (generation != adviceGeneration)
                            {
                                // A new chunk: as the writer ran at the end of the last one.
                                adviceGeneration = generation;
                                randomAdvised = !writerOutran && advise(address, start, before, limit, MADV_RANDOM);
                            }
                            writerOutran = outrun;
                            if (!randomAdvised && before - writerAt >= AHEAD_BYTES / 2)
                            {
                                // Well ahead again: the writer slowed down (paced), so no more read-ahead bursts.
                                randomAdvised = advise(address, start, before, limit, MADV_RANDOM);
                            }
                            else if (randomAdvised && outrun)
                            {
                                // The writer runs flat out, past what this thread populates, and faults its pages in
                                // itself: read-ahead's large folios serve it far better than single pages.
                                advise(address, start, Math.max(start, writerAt & ~(PAGE - 1)), limit, MADV_NORMAL);
                                randomAdvised = false;
                            }
                            populatedUpTo = populate(
                                address, start, before, Math.min(end, limit) & ~(PAGE - 1));
                            // A fast writer moved far since the last round: go again at once, not fall behind it.
                            idle = populatedUpTo - before < BUSY_ROUND_BYTES;
                        }
                        finally
                        {
                            chunk.release(chunkHolder);
                        }
                    }
                    continue;
                }
                if (file != touchedFile)
                {
                    touchedFile = file;
                    touchedUpTo = writerPosition & ~(PAGE - 1);
                }
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
     * Fault file offsets {@code [from, to)} in through the writer's mapping of the chunk at {@code address} (file
     * offset {@code start}), for writing.
     *
     * @return how far the chunk is populated now.
     */
    private long populate(final long address, final long start, final long from, final long to)
    {
        if (to <= from)
        {
            return from;
        }
        long at = from;
        while (at < to)
        {
            if (at > from)
            {
                // Between steps: a busy thread this one took the core from (the writer, a producer) gets it back.
                Thread.yield();
            }
            final long stepEnd = Math.min(to, at + POPULATE_STEP_BYTES);
            final int result = MappedPages.madvise(address + (at - start), stepEnd - at, MADV_POPULATE_WRITE);
            if (0 != result)
            {
                if (UNAVAILABLE == result || !populateWorked)
                {
                    // Never worked: the kernel lacks it (EINVAL). Read-touch from now on.
                    populate = false;
                }
                // Otherwise (the range is held mapped) leave it: the next round tries again.
                return at;
            }
            populateWorked = true;
            at = stepEnd;
        }
        return to;
    }

    /**
     * Advise file offsets {@code [from, limit)} of the chunk mapped at {@code address} (file offset {@code start}).
     * <p>
     * {@code MADV_RANDOM} while this thread keeps ahead of the writer (a paced writer): pages are then faulted in one
     * by one. Without it the first fault in a fresh stretch of the file starts the kernel's read-ahead, which allocates
     * and zeroes up to the device's whole read-ahead window (8 MiB on the VMs measured) in one call that does not give
     * up the core: a 20-40 ms stall of whichever busy thread shares it (strace and perf, 2 cores), and there is nothing
     * to read ahead in pages that hold no data yet. {@code MADV_NORMAL} once the writer outruns this thread (flat
     * out): it then faults its own pages, and read-ahead's large folios make that ~25% faster end to end (JMH
     * journaled pipeline, flush NONE). Best effort.
     *
     * @return whether the advice was taken.
     */
    private static boolean advise(
        final long address, final long start, final long from, final long limit, final int advice)
    {
        final long end = limit & ~(PAGE - 1);
        if (end <= from)
        {
            return false;
        }
        // Without native access this fails quietly: populating reports that itself.
        return 0 == MappedPages.madvise(address + (from - start), end - from, advice);
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
     * @return how many new segments the writer had prepared with their head reserved; for tests, on its thread.
     */
    int segmentsPrepared()
    {
        return segmentsPrepared;
    }

    /**
     * @return how far, as an offset in the segment, the writer's current chunk is populated for writing; for tests.
     */
    long populatedUpTo()
    {
        return populatedUpTo;
    }

    /**
     * @return false once populating the writer's mapping proved unavailable here (Linux before 5.14, or no native
     * access), so that the background thread read-touches instead; for tests.
     */
    boolean populates()
    {
        return populate;
    }

    /**
     * @return the address of the writer's current chunk and the file offset it maps, for tests.
     */
    synchronized long[] writerMapping()
    {
        return new long[] {mappingAddress, mappingStart};
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
        MappedPages.stopDaemon(thread);
    }
}
