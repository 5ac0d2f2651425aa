package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.ferrite.journal.RecordDescriptor.PAYLOAD_OFFSET;
import static io.ferrite.journal.RecordDescriptor.SEQUENCE_OFFSET;
import static io.ferrite.journal.RecordDescriptor.TIMESTAMP_OFFSET;
import static io.ferrite.journal.RecordDescriptor.TYPE_OFFSET;

/**
 * Appends records to a journal. Exactly one per journal, confined to one thread (it may be created on another).
 * No allocation per append.
 * <p>
 * Each record is written straight into the memory-mapped segment inside a Chronicle excerpt, its CRC32C computed
 * over the mapped bytes, and then published by Chronicle with an ordered write of the excerpt header: a reader, in
 * this or another process, sees the whole excerpt or nothing.
 * <p>
 * <b>Batches.</b> Outside a batch, each {@link #append} is one excerpt, published before it returns. Between
 * {@link #beginBatch()} and {@link #endBatch()}, consecutive appends share one excerpt (a new one is started when the
 * next record would take it past {@link RecordDescriptor#maxBatchLength(int)} bytes), which is published when it is
 * full or at {@code endBatch()}: one header write, one Chronicle index entry and one position update for the whole
 * run instead of one per record. Records of an unpublished excerpt are invisible to every reader and
 * {@link #publishedSequence()}; a writer killed before {@code endBatch()} leaves them as a torn tail, which the next
 * open discards whole. With {@link FlushPolicy#EVERY} a batch is ignored: every record is published and forced alone.
 * <p>
 * What an append survives depends on the {@link FlushPolicy}:
 * <ul>
 *     <li>{@link FlushPolicy#NONE}: nothing is forced. A record whose {@code append} returned survives a crash of the
 *     process (the page cache outlives it); a crash of the machine may lose records not yet written back.</li>
 *     <li>{@link FlushPolicy#BATCH}: {@link #endBatch()} forces the segment file ({@code fdatasync}, which on Linux
 *     includes pages written through the mapping) and, when a batch started a new segment, the previous segment and
 *     the directory entry. Every record of a batch whose {@code endBatch()} returned survives a machine crash. After
 *     {@link #deferForcing()}, the appender never forces: the returned {@link JournalFlusher}, on another thread, does
 *     the same forces and says how far they reached.</li>
 *     <li>{@link FlushPolicy#EVERY}: the same force after every record, before {@code append} returns.</li>
 * </ul>
 * <b>Note:</b> the disk blocks under every batch are reserved ({@code fallocate}) before it is written, so a write into
 * a mapped page never meets a full file system (which would kill the JVM with SIGBUS): a full disk is a
 * {@link JournalException.Category#STORAGE_SPACE} error instead (see {@link SegmentReservation}). Free space is also
 * checked before writing, at most every {@value #SPACE_CHECK_INTERVAL_BYTES} bytes, against
 * {@link JournalConfig#minFreeSpaceBytes(long)}.
 */
public final class JournalAppender
{
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Bytes appended between two free-space checks, at most. */
    static final int SPACE_CHECK_INTERVAL_BYTES = 1024 * 1024;
    /** Room kept reserved past a batch for the index arrays Chronicle writes inline at the write position. */
    static final int INDEX_MARGIN = 1024 * 1024;
    /**
     * Reserved at the start of a segment before Chronicle creates it: its header, the index of index arrays and the
     * first index array, and the first excerpt's header (about 512 KiB for the daily cycle; checked in
     * {@code SegmentPreparationTest}).
     */
    static final long SEGMENT_HEAD = 2L * INDEX_MARGIN;

    private static final VarHandle PUBLISHED_SEQUENCE;

    static
    {
        try
        {
            PUBLISHED_SEQUENCE = MethodHandles.lookup()
                .findVarHandle(JournalAppender.class, "publishedSequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Path directory;
    private final File directoryFile;
    private final ExcerptAppender appender;
    private final SegmentTable segments;
    private final FlushPolicy flushPolicy;
    private final int maxPayloadLength;
    private final long minFreeSpaceBytes;
    private final int maxBatchLength;
    private final SegmentReservation reservation;
    private final RecordChecksum checksum = new RecordChecksum();

    private DocumentContext excerpt;
    /** The chunk last announced to the reservation (compared by identity only). */
    private BytesStore<?, ?> writerChunk;
    private long excerptAddress;
    private int excerptLength;
    private long excerptFirstSequence;
    private boolean inBatch;
    private long lastSequence;
    private long spaceBudget;
    private int cycle = Integer.MIN_VALUE;
    private final SegmentPreparer preparer;
    private FileChannel segmentChannel;
    private boolean unforced;
    private long forces;
    /** Non-null once forcing was handed to another thread ({@link #deferForcing()}). */
    private JournalFlusher flusher;
    private volatile boolean closed;
    /** Tests only: write every record whole, as format 2 did (see {@link #writeFullRecords()}). */
    private boolean fullRecords;
    @SuppressWarnings("unused") // accessed through PUBLISHED_SEQUENCE
    private volatile long publishedSequence;

    JournalAppender(
        final Path directory,
        final ExcerptAppender appender,
        final SegmentTable segments,
        final JournalConfig config,
        final long lastSequence,
        final SegmentReservation reservation)
    {
        this.reservation = reservation;
        this.directory = directory;
        this.directoryFile = directory.toFile();
        this.appender = appender;
        this.segments = segments;
        this.flushPolicy = config.flushPolicy();
        this.maxPayloadLength = config.maxPayloadLength();
        this.maxBatchLength = RecordDescriptor.maxBatchLength(maxPayloadLength);
        this.minFreeSpaceBytes = config.minFreeSpaceBytes();
        this.lastSequence = lastSequence;
        this.publishedSequence = lastSequence;
        this.preparer = new SegmentPreparer(directory, (SingleChronicleQueue)appender.queue(), config.rollCycle(),
            reservation, SEGMENT_HEAD);
        appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Tests only: from now on write every record with its sequence and no {@link RecordDescriptor#COMPACT_FOLLOWS}
     * flag, as a writer of format 2 did, so that tests can make the journals older versions left behind. Call it
     * before the first append, outside a batch.
     */
    void writeFullRecords()
    {
        fullRecords = true;
    }

    /**
     * Start a batch: the following appends share excerpts until {@link #endBatch()} publishes them. Calling it inside
     * a batch changes nothing.
     */
    public void beginBatch()
    {
        if (closed)
        {
            throw closedException();
        }
        inBatch = FlushPolicy.EVERY != flushPolicy;
    }

    /**
     * Append one record. Outside a batch, or with {@link FlushPolicy#EVERY}, it is published (and with
     * {@code EVERY} forced to disk) before this returns; inside a batch it is published with the batch.
     * <p>
     * When it throws, the records appended before this one in the current batch are published first: they stay
     * appended.
     *
     * @param sequence  must be {@link #lastSequence()} + 1.
     * @param timestamp event time in nanoseconds.
     * @param type      application-defined event type.
     * @param payload   buffer holding the payload.
     * @param offset    of the payload in {@code payload}.
     * @param length    of the payload, 0 to the configured max payload length.
     * @throws JournalException with {@link JournalException.Category#INVALID_ARGUMENT} naming expected and given
     *                          sequence, or the length and limit; {@link JournalException.Category#STORAGE_SPACE}
     *                          when the disk is too full; {@link JournalException.Category#CLOSED} when closed.
     */
    public void append(
        final long sequence, final long timestamp, final int type, final DirectBuffer payload, final int offset,
        final int length)
    {
        if (closed)
        {
            throw closedException();
        }
        if (sequence != lastSequence + 1)
        {
            throw refuse(new JournalException(JournalException.Category.INVALID_ARGUMENT, "append to journal " +
                directory + " out of sequence: expected " + (lastSequence + 1) + ", given " + sequence));
        }
        if (length < 0 || length > maxPayloadLength)
        {
            throw refuse(new JournalException(JournalException.Category.INVALID_ARGUMENT, "payload length " +
                length + " of sequence " + sequence + " outside [0, " + maxPayloadLength + "] (maxPayloadLength)"));
        }
        if (offset < 0 || offset > payload.capacity() - length)
        {
            throw refuse(new JournalException(JournalException.Category.INVALID_ARGUMENT, "payload range [" +
                offset + ", " + ((long)offset + length) + ") of sequence " + sequence +
                " outside the buffer's capacity " + payload.capacity()));
        }

        final int fullLength = RecordDescriptor.recordLength(length);
        if (minFreeSpaceBytes > 0 && (spaceBudget -= fullLength) < 0)
        {
            try
            {
                checkFreeSpace(sequence, fullLength);
            }
            catch (final JournalException ex)
            {
                throw refuse(ex);
            }
        }

        // After the first record of an excerpt, records leave out their sequence (format 3, see RecordDescriptor).
        if (null != excerpt &&
            excerptLength + fullLength - (fullRecords ? 0 : RecordDescriptor.SEQUENCE_LENGTH) > maxBatchLength)
        {
            publishExcerpt();
        }
        if (null == excerpt)
        {
            openExcerpt(sequence);
        }
        write(sequence, timestamp, type, payload, offset, length, fullLength);
        lastSequence = sequence;

        if (!inBatch)
        {
            publishExcerpt();
            if (FlushPolicy.EVERY == flushPolicy)
            {
                force();
            }
        }
    }

    /**
     * End a batch: publish the records appended since {@link #beginBatch()} and, with {@link FlushPolicy#BATCH},
     * force everything appended so far to disk (group commit). Outside a batch it only forces (BATCH).
     */
    public void endBatch()
    {
        if (closed)
        {
            throw closedException();
        }
        inBatch = false;
        if (null != excerpt)
        {
            publishExcerpt();
        }
        if (FlushPolicy.BATCH == flushPolicy && unforced && null == flusher)
        {
            force();
        }
    }

    /**
     * {@link FlushPolicy#BATCH} only: stop forcing on this appender's thread and hand it to the returned flusher, which
     * another thread calls in a loop (see {@link JournalFlusher}). From then on {@link #endBatch()} only publishes,
     * and a record counts as durable only once {@link JournalFlusher#durableSequence()} has reached it. Anything
     * appended but unforced so far is forced first, here. Calling it again returns the same flusher.
     *
     * @return the flusher that now owns every force of this journal.
     * @throws IllegalStateException if the flush policy is not BATCH, or inside a batch.
     */
    public JournalFlusher deferForcing()
    {
        if (null != flusher)
        {
            return flusher;
        }
        if (FlushPolicy.BATCH != flushPolicy)
        {
            throw new IllegalStateException("only a FlushPolicy.BATCH journal can defer forcing, not " + flushPolicy);
        }
        if (closed)
        {
            throw closedException();
        }
        if (inBatch || null != excerpt)
        {
            throw new IllegalStateException("deferForcing() inside a batch of journal " + directory);
        }
        if (unforced)
        {
            force();
        }
        final JournalFlusher flusher = new JournalFlusher(directory, lastSequence);
        if (null != segmentChannel)
        {
            // The flusher takes over the current segment: its directory entry is already durable, forcing it again
            // costs one call.
            flusher.onNewSegment(appender.currentFile().toPath(), lastSequence + 1);
            closeSegmentChannel();
        }
        this.flusher = flusher;
        return flusher;
    }

    /**
     * @return the sequence of the last record appended (or found at open), 0 if none.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @return the last sequence published (visible to readers), as seen from any thread.
     */
    public long publishedSequence()
    {
        return (long)PUBLISHED_SEQUENCE.getAcquire(this);
    }

    /**
     * @return the block reservation ahead of this appender; for tests.
     */
    SegmentReservation reservation()
    {
        return reservation;
    }

    /**
     * @return how many times the segment was forced to disk; for tests of the flush policies.
     */
    long forces()
    {
        return forces;
    }

    void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (null != excerpt)
            {
                publishExcerpt();
            }
            if (null != flusher)
            {
                flusher.close();
            }
            else if (unforced)
            {
                force();
            }
        }
        finally
        {
            reservation.close();
            closeSegmentChannel();
            appender.close();
        }
    }

    private void openExcerpt(final long sequence)
    {
        final DocumentContext dc;
        // While Chronicle opens the excerpt, its reading of the clock may start a new segment: see SegmentPreparer.
        preparer.opening(sequence);
        try
        {
            dc = appender.writingDocument();
        }
        catch (final RuntimeException ex)
        {
            throw ioException(sequence, ex);
        }
        finally
        {
            preparer.opened();
        }
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final long position = bytes.writePosition();
            // Before any byte of the batch is written: the blocks it and Chronicle's next index array may take must
            // be reserved on disk (see SegmentReservation).
            final int cycle = appender.cycle();
            reservation.ensureReserved(
                cycle, cycle == this.cycle ? null : appender.currentFile(), position + maxBatchLength + INDEX_MARGIN);
            // The queue's block size is chosen so that a whole batch fits in the overlap Chronicle keeps mapped
            // after any position, so the batch is contiguous from this address.
            excerptAddress = bytes.addressForWrite(position);
            final BytesStore<?, ?> store = bytes.bytesStore();
            if (store != writerChunk && store instanceof MappedBytesStore && reservation.pretouching())
            {
                // Once per chunk: the pre-touch thread faults the pages ahead of us in, in this very mapping.
                writerChunk = store;
                final MappedBytesStore chunk = (MappedBytesStore)store;
                // realCapacity() is where the mapping ends, as a file offset: past the chunk, over the overlap into
                // the next one, so the pages the writer meets first in its next chunk are in the page cache too.
                reservation.writerMapping(cycle, chunk, chunk.start(), chunk.addressForWrite(chunk.start()),
                    chunk.realCapacity());
            }
        }
        catch (final RuntimeException ex)
        {
            dc.rollbackOnClose();
            dc.close();
            throw ioException(sequence, ex);
        }
        excerpt = dc;
        excerptLength = 0;
        excerptFirstSequence = sequence;
    }

    private void write(
        final long sequence,
        final long timestamp,
        final int type,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final int fullLength)
    {
        try
        {
            // Raw stores, no bounds check each: append() checked that the record fits in the rest of the excerpt,
            // whose mapping reaches maxBatchLength past its start (openExcerpt), and that the payload's range lies
            // inside its buffer.
            final int at = excerptLength;
            final long address = excerptAddress + at;
            final int lengthField;
            final int skip;
            if (0 == at || fullRecords)
            {
                // Sequence first: a torn excerpt then always leaves a non-zero sequence for the open-time recovery.
                putLongLittleEndian(address + SEQUENCE_OFFSET, sequence);
                lengthField = fullRecords ? length : length | RecordDescriptor.COMPACT_FOLLOWS;
                skip = 0;
            }
            else
            {
                // A compact record: every field sits where it would, less the sequence field it leaves out.
                lengthField = length;
                skip = RecordDescriptor.SEQUENCE_LENGTH;
            }
            final long base = address - skip;
            putLongLittleEndian(base + TIMESTAMP_OFFSET, timestamp);
            // Type and length are adjacent ints: one little-endian long holds both, type in its low half.
            putLongLittleEndian(base + TYPE_OFFSET, RecordDescriptor.typeAndLength(type, lengthField));
            UnsafeApi.copyMemory(payload.byteArray(), payload.addressOffset() + offset, null, base + PAYLOAD_OFFSET,
                length);
            final int checksumOffset = RecordDescriptor.checksumOffset(fullLength) - skip;
            final int crc = checksum.compute(address, checksumOffset);
            UnsafeApi.putInt(null, address + checksumOffset, NATIVE_LITTLE_ENDIAN ? crc : Integer.reverseBytes(crc));
            // Chronicle's write position moves once per excerpt, in publishExcerpt.
            excerptLength = at + fullLength - skip;
        }
        catch (final RuntimeException ex)
        {
            // Nothing of the open excerpt was published: drop it whole and forget its records.
            final DocumentContext dc = excerpt;
            excerpt = null;
            lastSequence = excerptFirstSequence - 1;
            rollBack(dc, ex);
            throw ioException(sequence, ex);
        }
    }

    private static void putLongLittleEndian(final long address, final long value)
    {
        UnsafeApi.putLong(null, address, NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }

    /**
     * Close the open excerpt, which publishes every record in it at once.
     */
    private void publishExcerpt()
    {
        final DocumentContext dc = excerpt;
        excerpt = null;
        try
        {
            dc.wire().bytes().writeSkip(excerptLength);
        }
        catch (final RuntimeException ex)
        {
            // Nothing was published: drop the excerpt as write() does, so the context and its write lock are
            // released.
            lastSequence = excerptFirstSequence - 1;
            rollBack(dc, ex);
            throw ioException(excerptFirstSequence, ex);
        }
        try
        {
            dc.close();
        }
        catch (final RuntimeException ex)
        {
            lastSequence = excerptFirstSequence - 1;
            throw ioException(excerptFirstSequence, ex);
        }
        PUBLISHED_SEQUENCE.setRelease(this, lastSequence);

        final int cycle = appender.cycle();
        if (cycle != this.cycle)
        {
            onNewCycle(cycle, excerptFirstSequence);
        }
        if (null != flusher)
        {
            // Release: after any new segment was announced to the flusher in onNewCycle.
            flusher.appended(lastSequence);
        }
        else if (FlushPolicy.NONE != flushPolicy)
        {
            unforced = true;
        }
    }

    /**
     * Drop an unpublished excerpt: roll its context back and close it, which releases Chronicle's write lock.
     */
    private static void rollBack(final DocumentContext dc, final RuntimeException ex)
    {
        try
        {
            dc.rollbackOnClose();
            dc.close();
        }
        catch (final RuntimeException suppressed)
        {
            ex.addSuppressed(suppressed);
        }
    }

    /**
     * An append is refused: publish what the batch holds so far (those records were appended), then throw.
     */
    private JournalException refuse(final JournalException ex)
    {
        if (null != excerpt)
        {
            try
            {
                publishExcerpt();
            }
            catch (final RuntimeException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
        }
        return ex;
    }

    private void onNewCycle(final int newCycle, final long sequence)
    {
        segments.onAppend(newCycle, sequence);
        if (null != flusher)
        {
            // The flusher forces the previous segment and this one's directory entry before it reports any of its
            // records durable.
            flusher.onNewSegment(appender.currentFile().toPath(), sequence);
        }
        else if (FlushPolicy.NONE != flushPolicy)
        {
            // The previous segment's last records and its end-of-file marker must be durable before the batch can
            // be acknowledged, and so must the new file's directory entry.
            if (null != segmentChannel)
            {
                force();
                closeSegmentChannel();
            }
            final File file = appender.currentFile();
            try
            {
                segmentChannel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE);
                JournalMetadata.forceDirectory(directory);
            }
            catch (final IOException ex)
            {
                throw new JournalException(JournalException.Category.IO,
                    "cannot open segment " + file + " of journal " + directory + " to force it: " + ex, ex);
            }
        }
        cycle = newCycle;
    }

    private void force()
    {
        if (null == segmentChannel)
        {
            return;
        }
        try
        {
            segmentChannel.force(false);
            forces++;
            unforced = false;
        }
        catch (final IOException ex)
        {
            throw new JournalException(JournalException.Category.IO,
                "cannot force journal " + directory + " to disk after sequence " + lastSequence + ": " + ex, ex);
        }
    }

    private void closeSegmentChannel()
    {
        if (null != segmentChannel)
        {
            try
            {
                segmentChannel.close();
            }
            catch (final IOException ignore)
            {
                // The channel was only used to force; the data is in the mapping.
            }
            segmentChannel = null;
        }
    }

    private void checkFreeSpace(final long sequence, final int recordLength)
    {
        final long usable = directoryFile.getUsableSpace();
        final long headroom = usable - minFreeSpaceBytes;
        if (headroom < recordLength)
        {
            spaceBudget = 0;
            throw new JournalException(JournalException.Category.STORAGE_SPACE, "journal directory " + directory +
                " has " + usable + " bytes usable, below minFreeSpaceBytes=" + minFreeSpaceBytes +
                ": append of sequence " + sequence + " refused");
        }
        spaceBudget = Math.min(SPACE_CHECK_INTERVAL_BYTES, headroom) - recordLength;
    }

    private JournalException ioException(final long sequence, final RuntimeException ex)
    {
        if (ex instanceof JournalException)
        {
            return (JournalException)ex;
        }
        return new JournalException(JournalException.Category.IO,
            "append of sequence " + sequence + " to journal " + directory + " failed: " + ex, ex);
    }

    private JournalException closedException()
    {
        return new JournalException(JournalException.Category.CLOSED, "journal " + directory + " is closed");
    }
}
