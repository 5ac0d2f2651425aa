package io.ferrite.cluster;

import org.agrona.DirectBuffer;

/**
 * Chooses the shard that owns an event, for {@link ShardedClusterClient}: scale-out by key, each shard an independent
 * cluster (or engine) owning a share of the keys (the instrument of an order, the card of a payment).
 * <p>
 * A router must be <b>stable</b>: the same event stream gives the same shards on every run, in every JVM, so a
 * shard's log holds the same events whenever the stream is replayed (use {@link #shardOf(long, int)}, never
 * {@link Object#hashCode()} of an object whose hash is not defined by its value). It may keep state learned from
 * earlier events (for example which shard an order went to, so its cancel follows it), but then asking twice for the
 * same event must give the same answer: {@link ShardedClusterClient#tryPublish} asks again when the caller retries.
 * <p>
 * <b>Threading:</b> called on the publishing thread only. <b>Allocation:</b> should allocate nothing per event.
 */
@FunctionalInterface
public interface KeyRouter
{
    /**
     * @param type   the event type.
     * @param buffer the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @param shards how many shards there are.
     * @return the shard that owns the event, in {@code [0, shards)}.
     */
    int shard(int type, DirectBuffer buffer, int offset, int length, int shards);

    /**
     * The stable hash every router should use: a 64-bit finaliser (the MurmurHash3 {@code fmix64} constants) so
     * neighbouring keys spread over the shards, then reduced to {@code [0, shards)}. Defined here, not by the JDK, so
     * it cannot change between versions.
     *
     * @param key    the key (instrument id, card id).
     * @param shards how many shards there are (>= 1).
     * @return the shard that owns the key.
     */
    static int shardOf(final long key, final int shards)
    {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int)Long.remainderUnsigned(h, shards);
    }
}
