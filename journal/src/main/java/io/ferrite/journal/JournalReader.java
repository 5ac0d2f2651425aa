package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.nio.file.Path;

/**
 * Reads records in sequence order. Confined to one thread. Close when done. No allocation per record.
 * <p>
 * Records come one at a time whatever the batches (excerpts) they were appended in: the reader loads one excerpt,
 * checks its framing, and returns its records one by one, each after checking its own CRC32C.
 * <p>
 * Every record is checked before it is returned: its framing, its CRC32C, and that its sequence follows the previous
 * one. A damaged record is never returned: {@link #next(JournalRecord)} throws {@link JournalCorruptedException} naming
 * the segment file and the sequence, and stays on that record (calling it again throws again) so that nothing is
 * silently skipped. {@link #seek(long)} past it is the caller's explicit choice. In a compact batch (format 3, see
 * {@link RecordDescriptor}) the sequences of the records after a damaged one are counted through it, its length field
 * included, so they cannot be trusted: a seek to any of them stays on the damaged record, and reading resumes from
 * the next batch on.
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
    private final RecordBatch batch;
    private long expectedSequence;
    private long limit = Long.MAX_VALUE;
    private boolean closed;
    private ReadAhead readAhead;

    JournalReader(final Journal journal, final ExcerptTailer tailer, final int maxPayloadLength)
    {
        this.journal = journal;
        this.tailer = tailer;
        this.batch = new RecordBatch(maxPayloadLength);
        tailer.singleThreadedCheckDisabled(true);
    }

    /**
     * Position the reader so that the next {@link #next(JournalRecord)} returns the record with {@code sequence}.
     * An indexed seek: a binary search over segments, then over the batches (excerpts) of one segment; its cost grows
     * with the logarithm of the journal's length, never linearly.
     *
     * @param sequence the sequence to land on.
     * @return false if no record with that sequence is held (the reader then stays where it was, or, if that place
     * cannot be found again, goes back to the start).
     */
    public boolean seek(final long sequence)
    {
        checkOpen();
        final long previousExpected = expectedSequence;
        if (seekTo(sequence))
        {
            return true;
        }
        if (previousExpected <= 0 || !seekTo(previousExpected))
        {
            if (previousExpected > 0 && previousExpected > journal.lastSequence())
            {
                // It was following the tail: it still is.
                tailer.toEnd();
                batch.clear();
                expectedSequence = previousExpected;
            }
            else
            {
                toStart();
            }
        }
        return false;
    }

    /**
     * Position before the first record held.
     */
    public void toStart()
    {
        checkOpen();
        tailer.toStart();
        batch.clear();
        expectedSequence = 0;
    }

    /**
     * Position after the last record held, to follow only records appended from now on.
     */
    public void toEnd()
    {
        checkOpen();
        tailer.toEnd();
        batch.clear();
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
     * Switch read-ahead on or off (off by default). While on, a background thread brings the journal ahead of this
     * reader into memory on another core (page-table entries and cache lines, a few MiB ahead), which shortens a bulk
     * sequential read (recovery, replay, a dump) on a machine with a core to spare. It changes nothing a reader sees;
     * a reader that follows the tail gains nothing from it. Closing the reader switches it off.
     *
     * @param on whether to read ahead.
     * @return this for a fluent API.
     */
    public JournalReader readAhead(final boolean on)
    {
        checkOpen();
        if (on && null == readAhead)
        {
            readAhead = new ReadAhead();
        }
        else if (!on)
        {
            stopReadAhead();
        }
        return this;
    }

    /**
     * @return the read-ahead while it is on, else null; for tests.
     */
    ReadAhead readAheadThread()
    {
        return readAhead;
    }

    private void stopReadAhead()
    {
        final ReadAhead readAhead = this.readAhead;
        if (null != readAhead)
        {
            this.readAhead = null;
            readAhead.close();
        }
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
        if (!batch.hasRecord() && !readExcerpt(expected))
        {
            return false;
        }
        return read(record, expected);
    }

    /**
     * Load the next excerpt (batch) into {@link #batch}. The excerpt is consumed from Chronicle's point of view; its
     * memory stays mapped until the tailer's next read, and the reader returns its records before reading again.
     */
    private boolean readExcerpt(final long expected)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final ReadAhead readAhead = this.readAhead;
            if (null != readAhead)
            {
                readAhead.readerAt(bytes.bytesStore(), bytes.readPosition(), tailer);
            }
            if (RecordCheck.OK != batch.wrap(bytes, bytes.readPosition(), (int)bytes.readRemaining()))
            {
                // Where this excerpt ends is in doubt: leave the tailer on it rather than move it by a damaged length
                // (which, with a writable queue, could even grow the file). The batch stops at the fault.
                dc.rollbackOnClose();
            }
            return true;
        }
        catch (final RuntimeException ex)
        {
            checkOpen();
            batch.clear();
            throw new JournalCorruptedException(currentSegment(), expected,
                "Chronicle Queue cannot read the excerpt holding the next record: " + ex, ex);
        }
    }

    /**
     * Check the record under the batch cursor and point {@code record} at it; on a fault stay on it.
     */
    private boolean read(final JournalRecord record, final long expected)
    {
        final RecordBatch batch = this.batch;
        final int fault = batch.checkRecord();
        if (RecordCheck.OK != fault)
        {
            throw new JournalCorruptedException(currentSegment(), expected > 0 ? expected : batch.sequence(),
                batch.describe(fault));
        }

        final long sequence = batch.sequence();
        if (expected > 0 && sequence != expected)
        {
            throw new JournalCorruptedException(currentSegment(), expected, "sequence break: expected " +
                expected + " but found " + sequence + " at file offset " + batch.filePosition());
        }
        if (sequence > limit)
        {
            return false;
        }

        record.wrap(batch.recordAddress(), batch.recordLength(), sequence, batch.recordSkip());
        batch.skip();
        expectedSequence = sequence + 1;
        return true;
    }

    private boolean seekTo(final long sequence)
    {
        final SegmentTable segments = journal.segments();
        long index = segments.indexOf(sequence);
        if (index < 0)
        {
            // Past the end of the newest segment this reader knew of: a newer segment may hold it, or no one.
            index = segments.refreshedIndexOf(sequence);
        }
        batch.clear();
        if (index < 0 || !tailer.moveToIndex(index) || !readExcerpt(sequence))
        {
            return false;
        }
        final RecordBatch batch = this.batch;
        while (batch.isFramed() && batch.sequence() < sequence)
        {
            // In a compact batch the sequence sought is counted from the first record's and found through the lengths
            // of the records before it: check each record passed over (the one landed on is checked by next()). On a
            // fault stay on the damaged record, so that next() throws naming it.
            if (batch.isCompact() && RecordCheck.OK != batch.checkRecord())
            {
                expectedSequence = 0;
                return true;
            }
            batch.skip();
        }
        if (batch.isFramed() && batch.sequence() != sequence)
        {
            batch.clear();
            return false;
        }
        expectedSequence = sequence;
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
            stopReadAhead();
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
            stopReadAhead();
            tailer.close();
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
