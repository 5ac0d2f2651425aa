package io.ferrite.journal;

/**
 * The faults a record check can find, shared by readers, the verify walk and open-time recovery (see
 * {@link RecordBatch}) so that they agree on what a damaged record is.
 */
final class RecordCheck
{
    static final int OK = 0;
    /** The excerpt cannot hold a record's framing where one should start. */
    static final int TOO_SHORT = 1;
    /** A record's length field disagrees with the excerpt's length. */
    static final int LENGTH_MISMATCH = 2;
    /** The excerpt, or a record's length field, is longer than the journal may hold. */
    static final int TOO_LONG = 3;
    /** Framing consistent, checksum wrong: the next record can still be trusted to start where this one ends. */
    static final int CHECKSUM_MISMATCH = 4;

    private RecordCheck()
    {
    }

    /**
     * @param fault found by a check.
     * @return true if a record's own length is in doubt, so the position of the records after it is too.
     */
    static boolean breaksFraming(final int fault)
    {
        return TOO_SHORT == fault || LENGTH_MISMATCH == fault || TOO_LONG == fault;
    }
}
