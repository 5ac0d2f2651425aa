package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.util.Util;

/**
 * What a processor polls to learn how far it may go: the input ring's published cursor (first stage without a
 * journal), the journaller's sequence (first stage), or the slowest processor of the previous stage.
 */
final class Upstream
{
    private final InputRing ring;
    private final Sequence[] sequences;

    private Upstream(final InputRing ring, final Sequence[] sequences)
    {
        this.ring = ring;
        this.sequences = sequences;
    }

    /** The first stage of an engine without a journal reads the producers' published slots directly. */
    static Upstream ofRing(final InputRing ring)
    {
        return new Upstream(ring, null);
    }

    /** Any other stage waits for every agent of the stage before it (or the journaller). */
    static Upstream of(final Sequence... sequences)
    {
        return new Upstream(null, sequences.clone());
    }

    /** @return the highest ring position from {@code next} on that may be handled, or next - 1 if none yet. */
    long availableFrom(final long next)
    {
        if (null != sequences)
        {
            return sequences.length == 1 ? sequences[0].get() : Util.getMinimumSequence(sequences);
        }
        return ring.publishedUpTo(next);
    }
}
