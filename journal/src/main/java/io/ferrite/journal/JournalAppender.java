package io.ferrite.journal;

import org.agrona.DirectBuffer;

/**
 * Appends records to a journal. Exactly one per journal, confined to one thread. No allocation per append.
 */
public final class JournalAppender
{
    private JournalAppender()
    {
    }

    /**
     * Append one record. With {@link FlushPolicy#EVERY} it is forced to disk before this returns.
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
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Mark the end of a batch of appends: with {@link FlushPolicy#BATCH}, force everything appended so far to disk
     * (group commit). A no-op for the other policies.
     */
    public void endBatch()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the sequence of the last record appended (or found at open), 0 if none.
     */
    public long lastSequence()
    {
        throw new UnsupportedOperationException("skeleton");
    }
}
