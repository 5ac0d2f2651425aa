package io.ferrite.journal;

import java.nio.file.Path;

/**
 * Stored journal bytes failed their checksum, or the sequence broke (gap, repeat) before the tail. Names the segment
 * file and the sequence at fault.
 */
public final class JournalCorruptedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path segment;
    private final long sequence;
    private final String reason;
    private final long goodRecords;

    /**
     * @param segment  the segment file holding the bad record (may be null if unknown).
     * @param sequence the sequence of the bad record, or the sequence that was expected there.
     * @param message  what is wrong.
     */
    public JournalCorruptedException(final Path segment, final long sequence, final String message)
    {
        this(segment, sequence, message, null, -1);
    }

    /**
     * @param segment  the segment file holding the bad record (may be null if unknown).
     * @param sequence the sequence of the bad record, or the sequence that was expected there.
     * @param message  what is wrong.
     * @param cause    the error met while reading it.
     */
    public JournalCorruptedException(final Path segment, final long sequence, final String message, final Throwable cause)
    {
        this(segment, sequence, message, cause, -1);
    }

    private JournalCorruptedException(
        final Path segment, final long sequence, final String message, final Throwable cause, final long goodRecords)
    {
        super(Category.CORRUPTED, message + " [segment=" + segment + ", sequence=" + sequence + "]", cause);
        this.segment = segment;
        this.sequence = sequence;
        this.reason = message;
        this.goodRecords = goodRecords;
    }

    /**
     * @param goodRecords how many records before the fault are good.
     * @return this fault, knowing that count.
     */
    JournalCorruptedException withGoodRecords(final long goodRecords)
    {
        final JournalCorruptedException counted =
            new JournalCorruptedException(segment, sequence, reason, getCause(), goodRecords);
        counted.setStackTrace(getStackTrace());
        return counted;
    }

    /**
     * @return the segment file holding the bad record, or null if unknown.
     */
    public Path segment()
    {
        return segment;
    }

    /**
     * @return the sequence of the bad record (or the sequence that was expected where the break is).
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return what is wrong, without the segment and sequence appended to {@link #getMessage()}.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * @return how many records of the journal before the fault are good, when the fault was found where that is
     * known (on opening, before any walk counted them); -1 if unknown.
     */
    public long goodRecords()
    {
        return goodRecords;
    }
}
