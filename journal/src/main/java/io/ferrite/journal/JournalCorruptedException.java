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

    /**
     * @param segment  the segment file holding the bad record (may be null if unknown).
     * @param sequence the sequence of the bad record, or the sequence that was expected there.
     * @param message  what is wrong.
     */
    public JournalCorruptedException(final Path segment, final long sequence, final String message)
    {
        super(Category.CORRUPTED, message + " [segment=" + segment + ", sequence=" + sequence + "]");
        this.segment = segment;
        this.sequence = sequence;
    }

    /**
     * @param segment  the segment file holding the bad record (may be null if unknown).
     * @param sequence the sequence of the bad record, or the sequence that was expected there.
     * @param message  what is wrong.
     * @param cause    the error met while reading it.
     */
    public JournalCorruptedException(final Path segment, final long sequence, final String message, final Throwable cause)
    {
        super(Category.CORRUPTED, message + " [segment=" + segment + ", sequence=" + sequence + "]", cause);
        this.segment = segment;
        this.sequence = sequence;
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
}
