package io.ferrite.engine;

/**
 * Replay reached a state whose digest differs from the one recorded live: some processor is not deterministic (reads
 * the wall clock, a random generator, hash iteration order, ...), or its code changed.
 */
public final class DivergenceException extends FerriteException
{
    private static final long serialVersionUID = 1L;

    private final transient Divergence divergence;

    /**
     * @param divergence where and how.
     */
    public DivergenceException(final Divergence divergence)
    {
        super(divergence.describe());
        this.divergence = divergence;
    }

    /**
     * @return where and how replay diverged.
     */
    public Divergence divergence()
    {
        return divergence;
    }
}
