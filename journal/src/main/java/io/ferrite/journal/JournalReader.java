package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads records in sequence order. Confined to one thread. Close when done. No allocation per record.
 * <p>
 * Every record is checked before it is returned: its framing, its CRC32C, and that its sequence follows the previous
 * one. A damaged record is never returned: {@link #next(JournalRecord)} throws {@link JournalCorruptedException} naming
 * the segment file and the sequence, and stays on that record (calling it again throws again) so that nothing is
 * silently skipped. {@link #seek(long)} past it is the caller's explicit choice.
 * <p>
 * Tail-following: {@link #next(JournalRecord)} returns false at the current end; call it again later and it returns
 * records appended since, by any thread or process. It never blocks or spins: the caller chooses how to wait.
 * <p>
 * Bounded ranges: {@link #seek(long)} to the first sequence wanted and {@link #limit(long)} to the last; {@code next}
 * then returns false once the limit is passed, without consuming the record after it.
 */
public final class JournalReader implements AutoCloseable
{
    private final Journal journal;
    private final ExcerptTailer tailer;
    private final int maxPayloadLength;
    private final RecordChecksum checksum = new RecordChecksum();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private long expectedSequence;
    private long limit = Long.MAX_VALUE;
    private boolean closed;

    JournalReader(final Journal journal, final ExcerptTailer tailer, final int maxPayloadLength)
    {
        this.journal = journal;
        this.tailer = tailer;
        this.maxPayloadLength = maxPayloadLength;
        tailer.singleThreadedCheckDisabled(true);
    }

    /**
     * Position the reader so that the next {@link #next(JournalRecord)} returns the record with {@code sequence}.
     * An indexed seek: cost does not grow with the journal's length.
     *
     * @param sequence the sequence to land on.
     * @return false (position unchanged) if no record with that sequence is held.
     */
    public boolean seek(final long sequence)
    {
        checkOpen();
        final long index = journal.segments().indexOf(sequence);
        if (index < 0)
        {
            return false;
        }

        final long previousIndex = tailer.index();
        final long previousExpected = expectedSequence;
        if (!tailer.moveToIndex(index))
        {
            // Past the end of the newest segment this reader knew of: a newer segment may hold it, or no one.
            final long retry = journal.segments().refreshedIndexOf(sequence);
            if (retry < 0 || retry == index || !tailer.moveToIndex(retry))
            {
                restore(previousIndex, previousExpected);
                return false;
            }
        }
        expectedSequence = sequence;
        return true;
    }

    /**
     * Position before the first record held.
     */
    public void toStart()
    {
        checkOpen();
        tailer.toStart();
        expectedSequence = 0;
    }

    /**
     * Position after the last record held, to follow only records appended from now on.
     */
    public void toEnd()
    {
        checkOpen();
        tailer.toEnd();
        final long last = journal.lastSequence();
        expectedSequence = last > 0 ? last + 1 : 0;
    }

    /**
     * Stop {@link #next(JournalRecord)} after the record with sequence {@code lastSequence}. {@link Long#MAX_VALUE}
     * (the default) means no bound.
     *
     * @param lastSequence the last sequence to return, inclusive.
     * @return this for a fluent API.
     */
    public JournalReader limit(final long lastSequence)
    {
        this.limit = lastSequence;
        return this;
    }

    /**
     * @return the sequence the next record must have, or 0 if not known yet (before the first record read after
     * {@link #toStart()}).
     */
    public long expectedSequence()
    {
        return expectedSequence;
    }

    /**
     * Read the next record into {@code record}, after checking its checksum and that its sequence follows the
     * previous one.
     *
     * @param record the flyweight to point at the record.
     * @return false if there is no next record yet, or the {@link #limit(long)} is reached.
     * @throws JournalCorruptedException naming segment and sequence on a checksum mismatch or sequence break.
     * @throws JournalException          with {@link JournalException.Category#CLOSED} once closed.
     */
    public boolean next(final JournalRecord record)
    {
        checkOpen();
        final long expected = expectedSequence;
        if (expected > limit)
        {
            return false;
        }

        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            return read(dc, record, expected);
        }
        catch (final JournalException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            checkOpen();
            throw new JournalCorruptedException(currentSegment(), expected,
                "Chronicle Queue cannot read the excerpt holding the next record: " + ex, ex);
        }
    }

    /**
     * Check the excerpt under {@code dc} and point {@code record} at it, or roll the tailer back onto it.
     */
    private boolean read(final DocumentContext dc, final JournalRecord record, final long expected)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final long position = bytes.readPosition();
        final int length = (int)bytes.readRemaining();
        final UnsafeBuffer view = this.view;
        final int fault = RecordCheck.check(bytes, position, length, maxPayloadLength, view, checksum);
        if (RecordCheck.OK != fault)
        {
            dc.rollbackOnClose();
            throw new JournalCorruptedException(currentSegment(),
                expected > 0 ? expected : RecordCheck.sequenceOf(view, length),
                RecordCheck.describe(fault, view, length, position));
        }

        final long sequence = view.getLong(RecordDescriptor.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (expected > 0 && sequence != expected)
        {
            dc.rollbackOnClose();
            throw new JournalCorruptedException(currentSegment(), expected, "sequence break: expected " +
                expected + " but found " + sequence + " at file offset " + position);
        }
        if (sequence > limit)
        {
            dc.rollbackOnClose();
            return false;
        }

        record.wrap(view.addressOffset(), length);
        expectedSequence = sequence + 1;
        return true;
    }

    /**
     * Close the reader. Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            journal.onReaderClosed(this);
            tailer.close();
        }
    }

    /**
     * Close because the journal closes: the journal already forgets its readers.
     */
    void closeFromJournal()
    {
        if (!closed)
        {
            closed = true;
            tailer.close();
        }
    }

    private void restore(final long previousIndex, final long previousExpected)
    {
        if (0 == previousExpected || !tailer.moveToIndex(previousIndex))
        {
            tailer.toStart();
            expectedSequence = 0;
        }
        else
        {
            expectedSequence = previousExpected;
        }
    }

    private Path currentSegment()
    {
        final File file = tailer.currentFile();
        return null == file ? null : file.toPath();
    }

    private void checkOpen()
    {
        if (closed || journal.isClosed())
        {
            throw new JournalException(JournalException.Category.CLOSED,
                "reader of journal " + journal.directory() + " is closed");
        }
    }
}
