package io.ferrite.engine.processor;

/**
 * Helpers for building 64-bit state digests and deterministic random numbers. Pure functions, no allocation.
 */
public final class Digests
{
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Digests()
    {
    }

    /**
     * Fold a value into a running digest (order matters).
     *
     * @param digest the digest so far.
     * @param value  the value to fold in.
     * @return the new digest.
     */
    public static long mix(final long digest, final long value)
    {
        return splitMix64(digest * GOLDEN + value);
    }

    /**
     * The SplitMix64 finaliser: a bijective, well-distributed 64-bit mix.
     *
     * @param value input.
     * @return mixed output.
     */
    public static long splitMix64(final long value)
    {
        long z = value + GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Combine per-processor digests (in pipeline order) into one.
     *
     * @param digests per processor.
     * @return the combined digest.
     */
    public static long combine(final long[] digests)
    {
        long h = 0x46455252495445L;
        for (final long d : digests)
        {
            h = mix(h, d);
        }
        return h;
    }
}
