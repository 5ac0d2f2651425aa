package io.ferrite.journal;

/**
 * A journal operation failed. The {@link Category} says what kind of failure it was, so that callers can react
 * without parsing messages.
 */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * What went wrong.
     */
    public enum Category
    {
        /** A caller passed something the journal cannot take (bad sequence, oversized payload, ...). */
        INVALID_ARGUMENT,
        /** The journal directory is missing, unreadable, a file, or holds something other than a journal. */
        BAD_DIRECTORY,
        /** Another writer holds the journal. */
        LOCKED,
        /** Not enough free space on the journal's file system to append safely. */
        STORAGE_SPACE,
        /** An I/O error from the operating system. */
        IO,
        /** Stored bytes fail their checksum or break the sequence. */
        CORRUPTED,
        /** The journal (or reader, appender) is closed. */
        CLOSED
    }

    private final Category category;

    /**
     * @param category what kind of failure.
     * @param message  what failed and where.
     */
    public JournalException(final Category category, final String message)
    {
        super(message);
        this.category = category;
    }

    /**
     * @param category what kind of failure.
     * @param message  what failed and where.
     * @param cause    the underlying error.
     */
    public JournalException(final Category category, final String message, final Throwable cause)
    {
        super(message, cause);
        this.category = category;
    }

    /**
     * @return what kind of failure this is.
     */
    public Category category()
    {
        return category;
    }
}
