package io.ferrite.tools;

/**
 * A command ran but could not do what was asked for a reason outside the command line (missing journal, unreadable
 * file, failed engine). Exit code {@link FerriteMain#EXIT_FAILURE}; the message is printed as the one error line, so
 * it names what failed and where.
 */
final class ToolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and where.
     */
    ToolException(final String message)
    {
        super(message);
    }

    /**
     * @param message what failed and where.
     * @param cause   the underlying error, shown with {@code --verbose}.
     */
    ToolException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
