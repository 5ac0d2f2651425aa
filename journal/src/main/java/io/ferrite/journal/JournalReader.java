package io.ferrite.journal;

/**
 * Reads records in sequence order. Confined to one thread. Close when done. No allocation per record.
 * <p>
 * Tail-following: {@link #next(JournalRecord)} returns false at the current end; call it again later and it returns
 * records appended since, by any thread or process.
 */
public final class JournalReader implements AutoCloseable
{
    private JournalReader()
    {
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
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Position before the first record held.
     */
    public void toStart()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Read the next record into {@code record}, after checking its checksum and that its sequence follows the
     * previous one.
     *
     * @param record the flyweight to point at the record.
     * @return false if there is no next record yet.
     * @throws JournalCorruptedException naming segment and sequence on a checksum mismatch or sequence break.
     */
    public boolean next(final JournalRecord record)
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Close the reader. Idempotent.
     */
    public void close()
    {
        throw new UnsupportedOperationException("skeleton");
    }
}
