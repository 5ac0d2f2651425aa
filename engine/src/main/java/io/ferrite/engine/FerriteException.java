package io.ferrite.engine;

/**
 * A failure of the engine that is not a caller mistake: recovery could not reach a trustworthy state, the journal
 * failed, a processor halted the engine.
 */
public class FerriteException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming files and sequences.
     */
    public FerriteException(final String message)
    {
        super(message);
    }

    /**
     * @param message what failed, naming files and sequences.
     * @param cause   the underlying error.
     */
    public FerriteException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
