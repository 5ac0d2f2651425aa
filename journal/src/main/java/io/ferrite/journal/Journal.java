package io.ferrite.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.table.AbstractTSQueueLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A durable, append-only, memory-mapped event journal (Chronicle Queue underneath).
 * <p>
 * Each record holds a sequence (dense, from 1), a timestamp, a type, a payload and a CRC32C over all of them.
 * A journal opened for writing holds an exclusive lock on its directory: a second writer, in this or another process,
 * is refused with {@link JournalException.Category#LOCKED}. Readers need no lock and may be many.
 * <p>
 * Opening repairs a torn tail (a writer killed mid-append): the incomplete record is discarded and reported in
 * {@link #openReport()}, never read as data.
 * <p>
 * The directory must hold nothing but the journal: Chronicle's {@code *.cq4} segments and {@code *.cq4t} tables, and
 * Ferrite's {@code ferrite-journal.lock} and {@code ferrite-journal.meta}. The metadata file records the roll cycle:
 * a writer opened with a different roll cycle is refused, a read-only open adopts the stored one (so tools need not
 * know it), see {@link #rollCycle()}.
 * <p>
 * Chronicle Queue's usage analytics are switched off before Chronicle is first touched, unless the user set
 * {@code chronicle.analytics.disable} explicitly.
 * <p>
 * <b>Note:</b> on JDK 17+ the JVM needs {@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 * --add-exports=java.base/sun.nio.ch=ALL-UNNAMED} (Chronicle Queue) and
 * {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona); with
 * {@code --add-opens=java.base/java.util.zip=ALL-UNNAMED} too, checksums are computed over the mapped memory without a
 * copy (without it they still work, with one small copy per record).
 * <p>
 * Threading: {@code open}, {@code verify}, {@code deleteSegmentsBelow} and {@code close} from one thread; the
 * {@link JournalAppender} is confined to one thread; each {@link JournalReader} is confined to one thread.
 * {@link #firstSequence()}, {@link #lastSequence()} and {@link #reader()} may be called from any thread.
 */
public final class Journal implements AutoCloseable
{
    /** Smallest Chronicle block (mapping chunk) size used. */
    static final long MIN_BLOCK_SIZE = 64L * 1024 * 1024;
    /** Key of Chronicle's own write lock in its {@code metadata.cq4t} table store. */
    private static final String CHRONICLE_WRITE_LOCK_KEY = "chronicle.write.lock";

    private final JournalConfig config;
    private final Path directory;
    private final JournalRollCycle rollCycle;
    private final int maxPayloadLength;
    private final FlushPolicy writerFlushPolicy;
    private final DirectoryLock lock;
    private final SingleChronicleQueue queue;
    private final SegmentTable segments;
    private final JournalAppender appender;
    private final OpenReport openReport;
    /** The newest segment as the open found it, or null (none, or nothing known); only a writer records it. */
    private final SegmentChecks.Newest newestSegment;
    private final List<JournalReader> readers = new ArrayList<>();
    private volatile boolean closed;

    private Journal(
        final JournalConfig config,
        final Path directory,
        final JournalRollCycle rollCycle,
        final int maxPayloadLength,
        final FlushPolicy writerFlushPolicy,
        final DirectoryLock lock,
        final SingleChronicleQueue queue,
        final SegmentTable segments,
        final JournalAppender appender,
        final OpenReport openReport,
        final SegmentChecks.Newest newestSegment)
    {
        this.newestSegment = newestSegment;
        this.writerFlushPolicy = writerFlushPolicy;
        this.config = config;
        this.directory = directory;
        this.rollCycle = rollCycle;
        this.maxPayloadLength = maxPayloadLength;
        this.lock = lock;
        this.queue = queue;
        this.segments = segments;
        this.appender = appender;
        this.openReport = openReport;
    }

    /**
     * Open (creating if needed, unless read-only) the journal in {@code config.directory()}.
     *
     * @param config the settings; {@link JournalConfig#conclude()} is called here.
     * @return the open journal.
     * @throws JournalException          naming the directory when it cannot be used, is locked by another writer or
     *                                   holds something other than a journal.
     * @throws JournalCorruptedException when the tail record fails its checksum.
     */
    public static Journal open(final JournalConfig config)
    {
        // Before any Chronicle class initialises: see ChronicleDefaults.
        ChronicleDefaults.apply();
        // Never initialise Chronicle classes on two threads at once: see JournalPreloader.
        JournalPreloader.awaitPreload();
        config.conclude();

        final Path directory = config.directory().toAbsolutePath().normalize();
        final boolean readOnly = config.readOnly();
        JournalDirectory.prepare(directory, readOnly);
        if (!readOnly)
        {
            // Refuse a foreign directory before the lock file is created in it; repeated under the lock below.
            JournalDirectory.checkContents(directory, rollCycleOf(directory, config, JournalMetadata.read(directory)));
        }

        final DirectoryLock lock = readOnly ? null : DirectoryLock.acquire(directory);
        SingleChronicleQueue queue = null;
        SegmentTable segments = null;
        Path oldestSegment = null;
        try
        {
            final JournalMetadata stored = JournalMetadata.read(directory);
            final JournalRollCycle rollCycle = rollCycleOf(directory, config, stored);
            final Map<String, Long> segmentFiles = JournalDirectory.checkContents(directory, rollCycle);
            oldestSegment = segmentFiles.isEmpty() ? null : directory.resolve(segmentFiles.keySet().iterator().next());
            if (null == stored && JournalDirectory.holdsChronicleFiles(directory))
            {
                throw new JournalException(JournalException.Category.BAD_DIRECTORY, "journal directory " + directory +
                    " holds Chronicle Queue files but no " + JournalMetadata.FILE_NAME + ": not a Ferrite journal");
            }
            if (null == stored && readOnly)
            {
                throw new JournalException(
                    JournalException.Category.BAD_DIRECTORY, "journal directory " + directory + " holds no journal");
            }

            final int maxPayloadLength = Math.max(
                config.maxPayloadLength(), null == stored ? 0 : stored.maxPayloadLength());
            if (!readOnly && (null == stored || stored.maxPayloadLength() < maxPayloadLength ||
                stored.writerFlushPolicy() != config.flushPolicy() ||
                stored.formatVersion() != JournalMetadata.FORMAT_VERSION))
            {
                new JournalMetadata(rollCycle, maxPayloadLength, config.flushPolicy()).write(directory);
            }
            final FlushPolicy writerFlushPolicy =
                readOnly ? (null == stored ? null : stored.writerFlushPolicy()) : config.flushPolicy();

            final int maxBatchLength = RecordDescriptor.maxBatchLength(maxPayloadLength);
            // A reader beside a live writer may catch it creating a segment or inside an append: neither is damage.
            final boolean liveWriter = readOnly && DirectoryLock.holderAlive(directory);
            final String unfinishedSegment = liveWriter ?
                SegmentChecks.awaitSegmentCreated(directory, segmentFiles) :
                JournalDirectory.findUnfinishedSegment(directory, segmentFiles);
            if (null != unfinishedSegment)
            {
                JournalDirectory.checkUnfinishedSegment(directory, unfinishedSegment);
                if (readOnly)
                {
                    throw new JournalCorruptedException(directory.resolve(unfinishedSegment), 0, "segment was being " +
                        "created when its writer died, and holds no record; open the journal for writing once " +
                        "(ferrite run) to set it aside");
                }
                JournalRepair.replaceUnfinishedSegment(
                    directory, rollCycle, maxPayloadLength, config, unfinishedSegment);
                segmentFiles.remove(unfinishedSegment);
            }

            final boolean queueExists = Files.exists(directory.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE));
            if (queueExists)
            {
                JournalDirectory.checkQueueMetadata(directory);
            }
            if (readOnly && !queueExists)
            {
                throw new JournalException(JournalException.Category.BAD_DIRECTORY, "journal directory " + directory +
                    " holds no journal data (no " + SingleChronicleQueue.QUEUE_METADATA_FILE + ")");
            }

            long staleWriteLockHolder = AbstractTSQueueLock.UNLOCKED;
            SegmentInspector.TornTail tornTail = null;
            long lastFramedSequence = 0;
            SegmentChecks.Newest newestSegment = null;
            if (queueExists)
            {
                // Read-only first: see SegmentInspector for why nothing writable may map a segment before this.
                queue = buildQueue(directory, rollCycle, maxPayloadLength, config, true);
                queue.refreshDirectoryListing();
                if (!segmentFiles.isEmpty())
                {
                    final SegmentChecks.Checked checked = SegmentChecks.checkSegments(
                        queue, directory, rollCycle, segmentFiles, liveWriter, !readOnly, maxBatchLength);
                    lastFramedSequence = checked.lastSequence;
                    newestSegment = checked.newest;
                    tornTail = liveWriter ? null :
                        SegmentInspector.findTornTail(queue, queue.lastCycle(), segmentFiles, maxBatchLength);
                    if (readOnly && null != tornTail && tornTail.followedByChronicle())
                    {
                        throw tornTail.refusal(lastFramedSequence);
                    }
                }
                if (!readOnly)
                {
                    // Building a writable queue force-releases a Chronicle write lock whose holder is dead: note the
                    // holder first, to report it.
                    staleWriteLockHolder = queue.tableStoreGet(CHRONICLE_WRITE_LOCK_KEY);
                    queue.close();
                    queue = null;
                }
            }
            if (!readOnly)
            {
                if (null != tornTail)
                {
                    tornTail.erase();
                }
                JournalDirectory.deletePrecreatedSegments(directory);
                queue = buildQueue(directory, rollCycle, maxPayloadLength, config, false);
                restrictPermissions(directory);
            }
            if (queue.overlapSize() < maxBatchLength)
            {
                throw new JournalException(JournalException.Category.INVALID_ARGUMENT, "batches of " +
                    maxBatchLength + " bytes do not fit Chronicle's mapping overlap of " + queue.overlapSize());
            }

            segments = new SegmentTable(queue, maxPayloadLength);
            segments.refresh();
            segments.checkContinuity();
            final long lastSequence = segments.readTail();
            final long firstSequence = segments.firstSequence();

            JournalAppender appender = null;
            boolean staleLockReleased = false;
            if (!readOnly)
            {
                final ExcerptAppender chronicleAppender = queue.createAppender();
                appender = new JournalAppender(directory, chronicleAppender, segments, config, lastSequence,
                    new SegmentReservation(directory, pretouches(config), config.writerReserveStepBytes()));
                staleLockReleased = AbstractTSQueueLock.UNLOCKED != staleWriteLockHolder &&
                    AbstractTSQueueLock.UNLOCKED == queue.tableStoreGet(CHRONICLE_WRITE_LOCK_KEY);
            }

            final OpenReport report = new OpenReport(firstSequence, lastSequence,
                null != tornTail || null != unfinishedSegment, staleLockReleased,
                segmentFiles.size() + (null != unfinishedSegment ? 1 : 0));
            return new Journal(config, directory, rollCycle, maxPayloadLength, writerFlushPolicy, lock, queue, segments,
                appender, report, newestSegment);
        }
        catch (final RuntimeException ex)
        {
            RuntimeException failure = ex;
            if (ex instanceof JournalCorruptedException)
            {
                failure = countGoodRecords((JournalCorruptedException)ex, queue, oldestSegment);
            }
            if (null != segments)
            {
                segments.close();
            }
            if (null != queue)
            {
                queue.close();
            }
            if (null != lock)
            {
                lock.close();
            }
            if (ex instanceof JournalException)
            {
                throw failure;
            }
            if (mentionsQueueMetadata(ex))
            {
                throw JournalDirectory.damagedQueueMetadata(directory, String.valueOf(ex.getMessage()), ex);
            }
            // Chronicle's messages may quote bytes of a damaged file, NULs included: never pass those on.
            throw new JournalException(JournalException.Category.IO, "cannot open journal " + directory + ": " +
                String.valueOf(ex).replaceAll("\\p{Cntrl}", "?"), ex);
        }
    }

    /**
     * @return the flush policy of the writer: this journal's own when opened for writing; when read-only, the one the
     * last writer opened it with, or null if that writer did not record it.
     */
    public FlushPolicy writerFlushPolicy()
    {
        return writerFlushPolicy;
    }

    /**
     * @return the settings this journal was opened with.
     */
    public JournalConfig config()
    {
        return config;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return the roll cycle in effect: the one stored in the journal, which for a read-only open may differ from
     * {@link JournalConfig#rollCycle()}.
     */
    public JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @return what opening found: last sequence, whether a torn tail was repaired, whether a dead writer's lock was
     * released.
     */
    public OpenReport openReport()
    {
        return openReport;
    }

    /**
     * @return the sequence of the first record held (after retention), or 0 if empty.
     */
    public long firstSequence()
    {
        checkOpen();
        if (null == appender)
        {
            // Another process may have deleted segments since.
            segments.refresh();
        }
        return segments.firstSequence();
    }

    /**
     * @return the sequence of the last complete record, or 0 if empty. Safe to call from any thread.
     */
    public long lastSequence()
    {
        checkOpen();
        if (null != appender)
        {
            return appender.publishedSequence();
        }
        return segments.lastSequence();
    }

    /**
     * @return the single appender of this journal; create once and keep it on the writing thread.
     * @throws JournalException if opened read-only or closed.
     */
    public JournalAppender appender()
    {
        checkOpen();
        if (null == appender)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT,
                "journal " + directory + " is open read-only: it has no appender");
        }
        return appender;
    }

    /**
     * @return a new reader positioned before the first record. Close it when done.
     */
    public JournalReader reader()
    {
        checkOpen();
        final ExcerptTailer tailer = queue.createTailer();
        final JournalReader reader = new JournalReader(this, tailer, maxPayloadLength);
        synchronized (readers)
        {
            readers.add(reader);
        }
        return reader;
    }

    /**
     * Walk every record, checking checksums and sequence continuity. Read-only; does not stop at the first fault.
     * <p>
     * A record whose checksum or sequence is wrong is counted out and the walk goes on. A record whose framing is
     * wrong (its length disagrees with the excerpt's) ends the walk there, as where the next record starts is then
     * unknown. Records the segment index lists but the walk cannot reach are reported as a fault too, except at the tail
     * of a read-only journal whose writer is alive and still completing them: the walk then checks up to the last
     * complete record, and {@link VerifyReport#writerPid()} names the writer.
     * <p>
     * Allocates; meant for tools and tests, not the hot path.
     *
     * @return records, first/last sequence, bytes, segments and the first fault if any.
     */
    public VerifyReport verify()
    {
        checkOpen();
        // Bytes past the last indexed record may be a torn tail that a read-only open leaves in place: never walk
        // there.
        final long bound = null != appender ? appender.publishedSequence() : segments.lastSequence();
        // A read-only journal may have a live writer beside it, appending while the walk runs: see JournalVerifier.
        final long writerPid = null != appender ? 0 : DirectoryLock.liveHolderPid(directory);
        return JournalVerifier.verify(queue, segments, directory, rollCycle, maxPayloadLength, bound, writerPid);
    }

    /**
     * Delete whole segment files whose every record has a sequence below {@code sequence}. The segment being written
     * is never deleted.
     *
     * @param sequence the lowest sequence that must stay readable.
     * @return how many segment files were deleted.
     */
    public int deleteSegmentsBelow(final long sequence)
    {
        checkOpen();
        if (null == appender)
        {
            throw new JournalException(JournalException.Category.INVALID_ARGUMENT,
                "journal " + directory + " is open read-only: segments cannot be deleted");
        }
        return segments.deleteBelow(sequence);
    }

    /**
     * Close the journal, its appender and readers, and release the writer lock. Idempotent.
     * <p>
     * <b>Note:</b> stop the threads using the appender and the readers first. Closing unmaps the segments, and a
     * {@link JournalRecord} still held by another thread would then point at unmapped memory. With
     * {@link FlushPolicy#BATCH} or {@link FlushPolicy#EVERY}, records appended since the last force are forced here.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        boolean appenderClosed = false;
        try
        {
            if (null != appender)
            {
                appender.close();
                appenderClosed = true;
            }
        }
        finally
        {
            synchronized (readers)
            {
                for (final JournalReader reader : readers)
                {
                    reader.closeFromJournal();
                }
                readers.clear();
            }
            try
            {
                segments.close();
                // Only after a clean close of the appender: one that failed (a failed force) proves nothing.
                final Runnable resumePoint = appenderClosed ?
                    SegmentChecks.resumePointAtClose(queue, directory, newestSegment) : null;
                queue.close();
                if (null != resumePoint)
                {
                    // After the queue's own last writes, so that the recorded modification time is the final one.
                    resumePoint.run();
                }
            }
            finally
            {
                if (null != lock)
                {
                    lock.close();
                }
            }
        }
    }

    /**
     * @return whether the open's framing walk of the newest segment resumed where its last writer closed it; for
     * tests.
     */
    boolean newestSegmentResumed()
    {
        return null != newestSegment && newestSegment.resumed;
    }

    boolean isClosed()
    {
        return closed;
    }

    SegmentTable segments()
    {
        return segments;
    }

    void onReaderClosed(final JournalReader reader)
    {
        synchronized (readers)
        {
            readers.remove(reader);
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new JournalException(JournalException.Category.CLOSED, "journal " + directory + " is closed");
        }
    }

    /**
     * Whether the writer gets the background thread that reserves blocks and faults pages in ahead of it: when it is
     * configured and the journal never forces its segments. A forcing journal reserves from the writer, 2 MiB at a
     * time, and lets the writer's own faults map the pages (see {@link SegmentReservation} for why).
     */
    static boolean pretouches(final JournalConfig config)
    {
        return config.pretouchSegments() && FlushPolicy.NONE == config.flushPolicy();
    }

    /**
     * Chronicle creates its files with the process umask: make the directory and everything in it owner-only (see
     * {@link DataFiles}). Segments created later are restricted as the appender rolls into them.
     */
    private static void restrictPermissions(final Path directory)
    {
        try
        {
            DataFiles.restrictDirectory(directory);
            DataFiles.restrictFilesIn(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO,
                "cannot restrict the permissions of journal " + directory + ": " + ex, ex);
        }
    }

    /**
     * Damage found on opening stops the open before any walk counts records: count the good ones before it from the
     * sequences, every record between the journal's first and the fault being intact (the checks run oldest first).
     */
    private static JournalCorruptedException countGoodRecords(
        final JournalCorruptedException ex, final SingleChronicleQueue queue, final Path oldestSegment)
    {
        if (ex.goodRecords() >= 0)
        {
            return ex;
        }
        if (ex.sequence() <= 0)
        {
            // A whole segment is damaged: only when it is the oldest is it known that no good record precedes it.
            return null != oldestSegment && oldestSegment.equals(ex.segment()) ? ex.withGoodRecords(0) : ex;
        }
        if (null == queue)
        {
            return ex;
        }
        long first = 0;
        try
        {
            final int firstCycle = queue.firstCycle();
            first = Integer.MAX_VALUE == firstCycle || firstCycle < 0 ? 0 :
                SegmentInspector.firstSequence(queue, firstCycle);
        }
        catch (final RuntimeException ignore)
        {
            // Only the count depends on it.
        }
        // With no readable first record, the journal starts at sequence 1, as every journal does until retention.
        final long from = first > 0 && first <= ex.sequence() ? first : 1;
        return ex.withGoodRecords(ex.sequence() - from);
    }

    private static boolean mentionsQueueMetadata(final Throwable ex)
    {
        for (Throwable t = ex; null != t; t = t.getCause())
        {
            if (String.valueOf(t.getMessage()).contains(SingleChronicleQueue.QUEUE_METADATA_FILE))
            {
                return true;
            }
        }
        return false;
    }

    private static JournalRollCycle rollCycleOf(
        final Path directory, final JournalConfig config, final JournalMetadata stored)
    {
        if (null == stored || stored.rollCycle() == config.rollCycle())
        {
            return config.rollCycle();
        }
        if (config.readOnly())
        {
            return stored.rollCycle();
        }
        throw new JournalException(JournalException.Category.INVALID_ARGUMENT, "journal " + directory +
            " was created with roll cycle " + stored.rollCycle() + " but is opened for writing with " +
            config.rollCycle() + "; open it with " + stored.rollCycle());
    }

    static SingleChronicleQueue buildQueue(
        final Path directory,
        final JournalRollCycle rollCycle,
        final int maxPayloadLength,
        final JournalConfig config,
        final boolean readOnly)
    {
        return SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycleMapping.chronicle(rollCycle))
            .timeProvider(new ClockTimeProvider(config.epochMillisClock()))
            .blockSize(blockSize(RecordDescriptor.maxBatchLength(maxPayloadLength)))
            .readOnly(readOnly)
            .build();
    }

    /**
     * Chronicle keeps a quarter of a block mapped past any write position, so a block of at least four times the
     * longest record keeps every record contiguous in memory.
     */
    static long blockSize(final int maxRecordLength)
    {
        final long needed = 4L * (maxRecordLength + 64);
        return Math.max(MIN_BLOCK_SIZE, Long.highestOneBit(needed - 1) << 1);
    }
}
