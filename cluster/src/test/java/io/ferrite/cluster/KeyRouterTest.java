package io.ferrite.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRouterTest
{
    @Test
    void shouldKeepTheSameShardForAKeyAcrossReleases()
    {
        // Pinned values: a change to the hash would move keys to shards whose state does not hold them.
        final long[] keys = {0, 1, 2, 3, 42, -1};
        final int[][] expected = {{0, 0, 0}, {0, 2, 0}, {1, 0, 5}, {0, 2, 2}, {0, 0, 3}, {1, 1, 5}};
        for (int i = 0; i < keys.length; i++)
        {
            assertArrayEquals(expected[i], new int[]{
                KeyRouter.shardOf(keys[i], 2), KeyRouter.shardOf(keys[i], 3), KeyRouter.shardOf(keys[i], 7)},
                "key " + keys[i]);
        }
    }

    @Test
    void shouldSpreadNeighbouringKeysOverShards()
    {
        final int shards = 4;
        final int[] counts = new int[shards];
        for (long key = 0; key < 4_000; key++)
        {
            counts[KeyRouter.shardOf(key, shards)]++;
        }
        for (int shard = 0; shard < shards; shard++)
        {
            assertTrue(counts[shard] > 900 && counts[shard] < 1_100, "shard " + shard + " got " + counts[shard]);
        }
    }

    @Test
    void shouldRefuseIncompleteShardedSettings()
    {
        final FerriteClusterClient.Context shard = new FerriteClusterClient.Context()
            .members(ClusterMembers.parse("127.0.0.1:20000"));
        assertThrows(IllegalArgumentException.class, () -> new ShardedClusterClient.Context().conclude());
        assertThrows(IllegalArgumentException.class,
            () -> new ShardedClusterClient.Context().addShard(shard).conclude());
        assertThrows(IllegalArgumentException.class, () -> new ShardedClusterClient.Context()
            .addShard(shard).router((type, buffer, offset, length, shards) -> 0).queueCapacity(5000).conclude(),
            "queue capacity not a power of two");
    }
}
