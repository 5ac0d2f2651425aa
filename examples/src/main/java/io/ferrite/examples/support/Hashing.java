package io.ferrite.examples.support;

/**
 * Counter-based pseudo-random numbers: the value for (seed, index, stream) is computed from those three numbers alone,
 * with no hidden state, so a workload generator can produce event {@code i} without having produced events
 * {@code 1..i-1} (which is what makes a resumed run identical to an uninterrupted one).
 * <p>
 * The mixing function is the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), which passes BigCrush when applied to a counter.
 * <p>
 * <b>Threading and allocation:</b> static, pure, allocation free.
 */
public final class Hashing
{
    /**
     * The golden-ratio increment of SplitMix64: successive counters map to well separated inputs.
     */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /**
     * An odd constant separating independent streams drawn for the same index.
     */
    private static final long STREAM_GAMMA = 0xD6E8FEB86659FD93L;

    private Hashing()
    {
    }

    /**
     * The SplitMix64 finaliser: a bijection on 64-bit values with strong avalanche.
     *
     * @param value to mix.
     * @return the mixed value.
     */
    public static long mix64(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * 64 pseudo-random bits for (seed, index, stream).
     *
     * @param seed   the generator's seed.
     * @param index  the counter, e.g. the event number.
     * @param stream distinguishes independent draws for the same index (price, quantity, side, ...).
     * @return 64 bits that depend on all three arguments.
     */
    public static long hash(final long seed, final long index, final long stream)
    {
        return mix64(mix64(seed + GOLDEN_GAMMA * index) ^ (stream * STREAM_GAMMA));
    }

    /**
     * Map 64 random bits to {@code [0, bound)} by multiply-shift (no division, negligible bias for small bounds).
     *
     * @param bits  random bits.
     * @param bound exclusive upper bound, positive.
     * @return a value in {@code [0, bound)}.
     */
    public static int bounded(final long bits, final int bound)
    {
        return (int)(((bits >>> 33) * bound) >>> 31);
    }

    /**
     * Map 64 random bits to a double in {@code [0, 1)} using the top 53 bits.
     *
     * @param bits random bits.
     * @return a uniform double in {@code [0, 1)}.
     */
    public static double unit(final long bits)
    {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
