package io.ferrite.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.UnsafeApi;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings the journal ahead of a bulk reader (recovery, replay) into memory on another core: a background thread
 * ({@value #THREAD_NAME}, a daemon) keeps up to {@value #AHEAD_BYTES} bytes beyond the reader faulted into the
 * reader's own mapping ({@code madvise(MADV_POPULATE_READ)}) and loads one word of each of their cache lines, so the
 * reader finds page-table entries present and lines in the cache the two cores share instead of taking each fault and
 * each memory miss itself. A replay is a single-threaded stream over the whole journal, bound by memory rather than by
 * its arithmetic, while the other core idles; this puts that core to work. It changes no byte and no result: the
 * reader checks every record itself as before.
 * <p>
 * Safety: the thread holds the reader's chunk (a reference on Chronicle's {@link MappedBytesStore}) while it works on
 * it, so Chronicle cannot unmap it meanwhile, and it loads only from a range that {@code madvise} has just mapped,
 * which it bounds by the mapping and by the segment file's length: a range past the end of the file is refused by the
 * kernel with an error, never touched. Where the kernel lacks {@code MADV_POPULATE_READ} (Linux before 5.14) or there
 * is no native access, the thread stops and the reader reads as it would alone.
 * <p>
 * Threading: {@link #readerAt} is called by the reader's thread per excerpt (a plain ordered store, and a short
 * synchronized block when the reader moves to another chunk); everything else runs on the background thread.
 */
final class ReadAhead implements AutoCloseable
{
    /** Name of the background thread. */
    static final String THREAD_NAME = "ferrite-journal-readahead";
    /** How far ahead of the reader the thread works: far enough to hide a fault, well inside a shared cache. */
    static final long AHEAD_BYTES = 8L * 1024 * 1024;
    /** Mapped and loaded in one step. */
    private static final long STEP_BYTES = 256L * 1024;
    private static final long IDLE_MIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long IDLE_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ReferenceOwner chunkHolder = ReferenceOwner.temporary(THREAD_NAME);
    private final Thread thread;
    private volatile boolean running = true;

    // The reader's current chunk, announced once per chunk; guarded by this.
    private MappedBytesStore chunk;
    private long chunkStart;
    private long chunkAddress;
    private long chunkLimit;
    private long chunkGeneration;

    /** Reader's thread only: the chunk last announced, compared by identity. */
    private Object readerChunk;
    /** The reader's file offset in its chunk. */
    private volatile long readerPosition;
    /** Background thread: how far the current chunk is loaded, as a file offset; for tests. */
    private volatile long loadedUpTo;
    private volatile boolean stopped;
    /** Lines loaded, kept so that the loads cannot be optimised away. */
    private long sum;

    ReadAhead()
    {
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Reader's thread: it is about to read the excerpt at file offset {@code position} of {@code store}'s segment.
     *
     * @param store    Chronicle's store the excerpt lies in.
     * @param position the excerpt's file offset.
     * @param tailer   the reader's tailer, asked for its segment file only when the reader moves to another chunk.
     */
    void readerAt(final Object store, final long position, final ExcerptTailer tailer)
    {
        if (store != readerChunk)
        {
            readerChunk = store;
            announce(store instanceof MappedBytesStore ? (MappedBytesStore)store : null, position,
                tailer.currentFile());
        }
        else
        {
            readerPosition = position;
        }
    }

    private synchronized void announce(final MappedBytesStore store, final long position, final File file)
    {
        // With the chunk, under the same lock: the thread never pairs the new chunk with the old position.
        readerPosition = position;
        chunkGeneration++;
        chunk = store;
        if (null != store)
        {
            chunkStart = store.start();
            chunkAddress = store.addressForRead(store.start());
            // No further than the file reaches: a mapping may extend past its end.
            final long fileLength = null == file ? 0 : file.length();
            chunkLimit = Math.min(store.realCapacity(), fileLength) & ~(MappedPages.PAGE - 1);
        }
        LockSupport.unpark(thread);
    }

    private void run()
    {
        long generation = -1;
        long cursor = 0;
        long idleNanos = IDLE_MIN_NANOS;
        while (running)
        {
            final MappedBytesStore chunk;
            final long start;
            final long address;
            final long limit;
            final long currentGeneration;
            final long reader;
            synchronized (this)
            {
                chunk = this.chunk;
                start = chunkStart;
                address = chunkAddress;
                limit = chunkLimit;
                currentGeneration = chunkGeneration;
                reader = readerPosition & ~(MappedPages.PAGE - 1);
            }
            if (currentGeneration != generation)
            {
                generation = currentGeneration;
                cursor = start;
            }
            if (cursor < reader)
            {
                // The reader overtook: never work behind it.
                cursor = reader;
            }
            final long target = Math.min(limit, reader + AHEAD_BYTES);
            if (null == chunk || cursor >= target)
            {
                // Far enough ahead, or a reader that waits at the tail: back off, up to a millisecond.
                LockSupport.parkNanos(idleNanos);
                idleNanos = Math.min(IDLE_MAX_NANOS, idleNanos << 1);
                continue;
            }
            idleNanos = IDLE_MIN_NANOS;
            final long to = Math.min(target, cursor + STEP_BYTES);
            if (!chunk.tryReserve(chunkHolder))
            {
                // Released already: the reader has moved on and announces its next chunk.
                LockSupport.parkNanos(IDLE_MIN_NANOS);
                continue;
            }
            try
            {
                if (!load(address + (cursor - start), to - cursor))
                {
                    // Refused (past the end of the file, or no kernel support): nothing more in this chunk.
                    cursor = limit;
                    if (stopped)
                    {
                        return;
                    }
                    continue;
                }
            }
            finally
            {
                chunk.release(chunkHolder);
            }
            cursor = to;
            loadedUpTo = to;
        }
    }

    /**
     * Map {@code [address, address + length)} into the page table, then load one word of each cache line.
     *
     * @return false if the kernel refused to map the range (nothing was loaded).
     */
    private boolean load(final long address, final long length)
    {
        final int result = MappedPages.madvise(address, length, MappedPages.MADV_POPULATE_READ);
        if (0 != result)
        {
            if (MappedPages.UNAVAILABLE == result || 0 == loadedUpTo)
            {
                // Never worked here: the kernel lacks it.
                stopped = true;
            }
            return false;
        }
        long sum = this.sum;
        for (long at = 0; at < length; at += MappedPages.CACHE_LINE)
        {
            sum += UnsafeApi.getByte(null, address + at);
        }
        this.sum = sum;
        return true;
    }

    /**
     * @return the file offset of the current chunk the thread has loaded up to (0 before it loaded any); for tests.
     */
    long loadedUpTo()
    {
        return loadedUpTo;
    }

    /**
     * @return how many chunks the reader has announced; for tests.
     */
    synchronized long chunksAnnounced()
    {
        return chunkGeneration;
    }

    /**
     * @return false once the thread found it cannot populate here (no native access, or a kernel before 5.14); for
     * tests.
     */
    boolean populates()
    {
        return !stopped;
    }

    /**
     * @return whether the background thread is still alive; for tests.
     */
    boolean isRunning()
    {
        return thread.isAlive();
    }

    /**
     * Stop the background thread and wait for it (it holds no chunk once it has ended).
     */
    @Override
    public void close()
    {
        running = false;
        MappedPages.stopDaemon(thread);
    }
}
