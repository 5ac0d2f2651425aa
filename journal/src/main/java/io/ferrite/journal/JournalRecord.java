package io.ferrite.journal;

import org.agrona.DirectBuffer;

/**
 * A zero-copy view of one journal record. Reused by a {@link JournalReader}: valid only until the reader's next call.
 */
public final class JournalRecord
{
    /**
     * @return the record's sequence.
     */
    public long sequence()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the record's timestamp, in nanoseconds.
     */
    public long timestamp()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the record's type.
     */
    public int type()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the payload length in bytes.
     */
    public int length()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return a view of the payload; valid bytes are {@code [payloadOffset(), payloadOffset() + length())}.
     */
    public DirectBuffer buffer()
    {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * @return the offset of the payload in {@link #buffer()}.
     */
    public int payloadOffset()
    {
        throw new UnsupportedOperationException("skeleton");
    }
}
