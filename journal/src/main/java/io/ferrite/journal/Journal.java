package io.ferrite.journal;

import java.nio.file.Path;

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
 * Threading: {@code open}, {@code verify}, {@code deleteSegmentsBelow} and {@code close} from one thread; the
 * {@link JournalAppender} is confined to one thread; each {@link JournalReader} is confined to one thread.
 */
public final class Journal implements AutoCloseable
{
    private Journal()
    {
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
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the settings this journal was opened with.
     */
    public JournalConfig config()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return what opening found: last sequence, whether a torn tail was repaired, whether a dead writer's lock was
     * released.
     */
    public OpenReport openReport()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the sequence of the first record held (after retention), or 0 if empty.
     */
    public long firstSequence()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the sequence of the last complete record, or 0 if empty. Safe to call from any thread.
     */
    public long lastSequence()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the single appender of this journal; create once and keep it on the writing thread.
     * @throws JournalException if opened read-only or closed.
     */
    public JournalAppender appender()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return a new reader positioned before the first record. Close it when done.
     */
    public JournalReader reader()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Walk every record, checking checksums and sequence continuity. Read-only; does not stop at the first fault.
     *
     * @return records, first/last sequence, bytes, segments and the first fault if any.
     */
    public VerifyReport verify()
    {
        throw new UnsupportedOperationException("skeleton");
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
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Close the journal, its appender and readers, and release the writer lock. Idempotent.
     */
    public void close()
    {
        throw new UnsupportedOperationException("skeleton");
    }
}
