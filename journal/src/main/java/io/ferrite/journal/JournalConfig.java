package io.ferrite.journal;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Every setting of a journal in one place, validated by {@link #conclude()} before any file is touched.
 * Not thread safe; configure on one thread, then pass to {@link Journal#open(JournalConfig)}.
 */
public final class JournalConfig
{
    /** Default largest payload a record may carry, in bytes. */
    public static final int MAX_PAYLOAD_LENGTH_DEFAULT = 256;
    /** Upper bound for {@link #maxPayloadLength(int)}. */
    public static final int MAX_PAYLOAD_LENGTH_LIMIT = 16 * 1024 * 1024;
    /**
     * {@link #minFreeSpaceBytes(long)} value that sizes the floor from the journal's segment layout: a quarter of
     * Chronicle's block (the mapping chunk a segment grows by), 16 MiB for payloads up to a few MiB. That is the most
     * the appender can write into mapped pages between two free-space checks many times over, and small enough that a
     * 64 MiB file system can hold a journal.
     */
    public static final long MIN_FREE_SPACE_AUTO = -1;
    /** Default free space the journal's file system must keep before an append is refused: sized from the segment. */
    public static final long MIN_FREE_SPACE_DEFAULT = MIN_FREE_SPACE_AUTO;
    /** Default of {@link #writerReserveStepBytes(long)}: 2 MiB. */
    public static final long WRITER_RESERVE_STEP_DEFAULT = 2L * 1024 * 1024;
    /** Smallest {@link #writerReserveStepBytes(long)}: a page. */
    public static final long WRITER_RESERVE_STEP_MIN = 4096;
    /** Largest {@link #writerReserveStepBytes(long)}: 1 GiB. */
    public static final long WRITER_RESERVE_STEP_MAX = 1L << 30;

    private Path directory;
    private JournalRollCycle rollCycle = JournalRollCycle.DAILY;
    private FlushPolicy flushPolicy = FlushPolicy.NONE;
    private int maxPayloadLength = MAX_PAYLOAD_LENGTH_DEFAULT;
    private long minFreeSpaceBytes = MIN_FREE_SPACE_DEFAULT;
    private LongSupplier epochMillisClock = System::currentTimeMillis;
    private boolean readOnly;
    private boolean pretouchSegments = true;
    private long writerReserveStepBytes = WRITER_RESERVE_STEP_DEFAULT;

    /**
     * @param directory the journal directory; created if missing (unless read-only).
     * @return this for a fluent API.
     */
    public JournalConfig directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @param rollCycle how often a new segment file starts.
     * @return this for a fluent API.
     */
    public JournalConfig rollCycle(final JournalRollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    /**
     * @return how often a new segment file starts.
     */
    public JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @param flushPolicy when appended records are forced to disk.
     * @return this for a fluent API.
     */
    public JournalConfig flushPolicy(final FlushPolicy flushPolicy)
    {
        this.flushPolicy = flushPolicy;
        return this;
    }

    /**
     * @return when appended records are forced to disk.
     */
    public FlushPolicy flushPolicy()
    {
        return flushPolicy;
    }

    /**
     * @param maxPayloadLength the largest payload a record may carry, in bytes.
     * @return this for a fluent API.
     */
    public JournalConfig maxPayloadLength(final int maxPayloadLength)
    {
        this.maxPayloadLength = maxPayloadLength;
        return this;
    }

    /**
     * @return the largest payload a record may carry, in bytes.
     */
    public int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    /**
     * @param minFreeSpaceBytes appends are refused with {@link JournalException.Category#STORAGE_SPACE} once the
     *                          file system has less than this free, instead of risking a SIGBUS on a mapped page;
     *                          {@link #MIN_FREE_SPACE_AUTO} (the default) sizes it from the segment layout when the
     *                          settings are concluded.
     * @return this for a fluent API.
     */
    public JournalConfig minFreeSpaceBytes(final long minFreeSpaceBytes)
    {
        this.minFreeSpaceBytes = minFreeSpaceBytes;
        return this;
    }

    /**
     * @return the free space below which appends are refused.
     */
    public long minFreeSpaceBytes()
    {
        return minFreeSpaceBytes;
    }

    /**
     * @param epochMillisClock the clock that decides roll cycles (segment boundaries). Inject one in tests to make
     *                         segment boundaries deterministic. It never affects record contents.
     * @return this for a fluent API.
     */
    public JournalConfig epochMillisClock(final LongSupplier epochMillisClock)
    {
        this.epochMillisClock = epochMillisClock;
        return this;
    }

    /**
     * @return the clock that decides roll cycles.
     */
    public LongSupplier epochMillisClock()
    {
        return epochMillisClock;
    }

    /**
     * @param pretouchSegments run a background thread (a daemon that sleeps between rounds) that reserves the disk
     *                         blocks and faults in the pages of the segment ahead of the writer, off its critical
     *                         path; only under {@link FlushPolicy#NONE}, since pages prepared ahead cost a journal
     *                         that forces more than they save. Without it the writer reserves blocks for itself, a few
     *                         MiB at a time. Blocks are reserved before they are written either way (see the README,
     *                         "Journal").
     * @return this for a fluent API.
     */
    public JournalConfig pretouchSegments(final boolean pretouchSegments)
    {
        this.pretouchSegments = pretouchSegments;
        return this;
    }

    /**
     * @return whether a background thread prepares segments ahead of the writer.
     */
    public boolean pretouchSegments()
    {
        return pretouchSegments;
    }

    /**
     * @param writerReserveStepBytes how far past the excerpt it is about to write the writer reserves disk blocks
     *                               when it reserves for itself (without {@link #pretouchSegments(boolean)}, or when
     *                               it overtakes the background thread): one {@code fallocate} per this many bytes.
     *                               Default {@value #WRITER_RESERVE_STEP_DEFAULT} bytes; the engine's JIT warm-up
     *                               uses a small step so that its scratch journal takes that path often.
     *                               Must be in [{@value #WRITER_RESERVE_STEP_MIN},
     *                               {@value #WRITER_RESERVE_STEP_MAX}] (checked by {@link #conclude()}).
     * @return this for a fluent API.
     */
    public JournalConfig writerReserveStepBytes(final long writerReserveStepBytes)
    {
        this.writerReserveStepBytes = writerReserveStepBytes;
        return this;
    }

    /**
     * @return how far ahead the writer reserves disk blocks when it reserves for itself.
     */
    public long writerReserveStepBytes()
    {
        return writerReserveStepBytes;
    }

    /**
     * @param readOnly open for reading only: no writer lock is taken and no append is possible.
     * @return this for a fluent API.
     */
    public JournalConfig readOnly(final boolean readOnly)
    {
        this.readOnly = readOnly;
        return this;
    }

    /**
     * @return true if the journal is opened for reading only.
     */
    public boolean readOnly()
    {
        return readOnly;
    }

    /**
     * Validate every setting.
     *
     * @return this for a fluent API.
     * @throws JournalException with category {@link JournalException.Category#INVALID_ARGUMENT} naming the first bad
     *                          setting.
     */
    public JournalConfig conclude()
    {
        if (null == directory)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT, "journal directory is not set");
        }
        if (null == rollCycle)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT, "rollCycle must not be null");
        }
        if (null == flushPolicy)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT, "flushPolicy must not be null");
        }
        if (maxPayloadLength < 0 || maxPayloadLength > MAX_PAYLOAD_LENGTH_LIMIT)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT,
                "maxPayloadLength must be in [0, " + MAX_PAYLOAD_LENGTH_LIMIT + "], was " + maxPayloadLength);
        }
        if (MIN_FREE_SPACE_AUTO == minFreeSpaceBytes)
        {
            minFreeSpaceBytes = autoMinFreeSpaceBytes(maxPayloadLength);
        }
        if (minFreeSpaceBytes < 0)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT,
                "minFreeSpaceBytes must be >= 0, was " + minFreeSpaceBytes);
        }
        if (writerReserveStepBytes < WRITER_RESERVE_STEP_MIN || writerReserveStepBytes > WRITER_RESERVE_STEP_MAX)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT, "writerReserveStepBytes must be in [" +
                WRITER_RESERVE_STEP_MIN + ", " + WRITER_RESERVE_STEP_MAX + "], was " + writerReserveStepBytes);
        }
        if (null == epochMillisClock)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT, "epochMillisClock must not be null");
        }
        return this;
    }

    /**
     * @param maxPayloadLength the longest payload the journal holds.
     * @return the free-space floor {@link #MIN_FREE_SPACE_AUTO} stands for: a quarter of the segment block size.
     */
    public static long autoMinFreeSpaceBytes(final int maxPayloadLength)
    {
        return Journal.blockSize(RecordDescriptor.maxBatchLength(maxPayloadLength)) / 4;
    }
}
