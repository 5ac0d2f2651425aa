package io.ferrite.examples.support;

/**
 * Folds a sequence of values into a 64-bit digest. The digest depends on every value and on their order, so a
 * processor feeds its state in a defined order (sorted keys, book order, LRU order) and equal states give equal
 * digests.
 * <p>
 * <b>Threading and allocation:</b> not thread safe; reuse one instance per processor, nothing is allocated.
 */
public final class StateHasher
{
    private long hash;
    private long count;

    /**
     * Start a new digest.
     *
     * @param domain a constant naming what is digested, so two kinds of state never share a digest by accident.
     * @return this for a fluent API.
     */
    public StateHasher reset(final long domain)
    {
        hash = Hashing.mix64(domain);
        count = 0;
        return this;
    }

    /**
     * Fold in a value.
     *
     * @param value the next value of the state.
     * @return this for a fluent API.
     */
    public StateHasher add(final long value)
    {
        count++;
        hash = Hashing.mix64(hash ^ Hashing.mix64(value + Hashing.GOLDEN_GAMMA * count));
        return this;
    }

    /**
     * @return the digest of everything added since {@link #reset(long)}, including how many values there were.
     */
    public long digest()
    {
        return Hashing.mix64(hash ^ count);
    }
}
