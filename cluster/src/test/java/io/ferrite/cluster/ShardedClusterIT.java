package io.ferrite.cluster;

import io.ferrite.engine.ReplayReport;
import io.ferrite.engine.Replayer;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Workload;
import io.ferrite.examples.trading.TradingWorkload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Scale-out by key: two shards, each an independent one-member cluster in its own child JVM, the trading workload
 * routed by instrument through {@link ShardedClusterClient}. Shard 1 is killed (kill -9) mid-run; shard 0 must keep
 * accepting and processing every one of its events, and each shard's state must equal a standalone run of exactly the
 * events routed to it (for the killed shard, restarted on its own: the prefix its journal holds, which covers every
 * event it acknowledged).
 */
@Tag("slow")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShardedClusterIT
{
    private static final long EVENTS = 60_000;
    private static final long DIGEST_EVERY = 5_000;
    private static final long SEED = 31;

    @TempDir
    Path tempDir;

    @Test
    void shouldKeepOtherShardRunningWhenOneShardDies() throws Exception
    {
        final Workload workload = new TradingWorkload();
        final long killAt = EVENTS / 4 + new Random().nextInt((int)(EVENTS / 4));
        Files.createDirectories(tempDir.resolve("shard-0"));
        Files.createDirectories(tempDir.resolve("shard-1"));
        try (ClusterHarness shard0 = new ClusterHarness(tempDir.resolve("shard-0"), 1, workload.name(),
            "--digest-every", Long.toString(DIGEST_EVERY));
            ClusterHarness shard1 = new ClusterHarness(tempDir.resolve("shard-1"), 1, workload.name(),
                "--digest-every", Long.toString(DIGEST_EVERY)))
        {
            shard0.startAll();
            shard1.startAll();
            final ShardedClusterClient.Context context = new ShardedClusterClient.Context()
                .router(new TradingKeyRouter())
                // Large enough to hold every event the dead shard is sent, so the producer never waits for it.
                .queueCapacity(4 * 1024 * 1024);
            for (final ClusterHarness shard : new ClusterHarness[]{shard0, shard1})
            {
                context.addShard(new FerriteClusterClient.Context()
                    .members(shard.members())
                    .clientId(3)
                    .maxPayloadLength(workload.maxEventLength())
                    .connectTimeoutNs(TimeUnit.SECONDS.toNanos(5)));
            }

            final long[] queuedAtKill = new long[2];
            final long[] acknowledgedAtKill = new long[2];
            long refused = 0;
            try (ShardedClusterClient client = ShardedClusterClient.start(context))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (client.leaderMemberId(0) < 0 || client.leaderMemberId(1) < 0)
                {
                    if (System.nanoTime() > deadline)
                    {
                        fail("shards not connected: " + shard0.describe() + shard1.describe());
                    }
                    Thread.sleep(20);
                }
                final EventGenerator generator = workload.newGenerator(SEED);
                final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());
                for (long i = 1; i <= EVENTS; i++)
                {
                    generator.generate(event.reset(i));
                    if (i == killAt)
                    {
                        while (client.acknowledged(1) == 0 && System.nanoTime() < deadline)
                        {
                            Thread.sleep(1); // the kill should land while shard 1 is applying events
                        }
                        shard1.kill(0);
                        for (int s = 0; s < 2; s++)
                        {
                            queuedAtKill[s] = client.queued(s);
                            acknowledgedAtKill[s] = client.acknowledged(s);
                        }
                    }
                    while (client.tryPublish(event.type(), event.timestamp(), event.buffer(), 0, event.length()) < 0)
                    {
                        if (i > killAt && client.lastShard() == 1)
                        {
                            refused++; // the dead shard's queue is full: set its event aside, go on with the others
                            break;
                        }
                        if (System.nanoTime() > deadline)
                        {
                            fail("event " + i + " not taken for shard " + client.lastShard() + " in 60 s");
                        }
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                    }
                }
                while (client.acknowledged(0) < client.queued(0))
                {
                    if (System.nanoTime() > deadline)
                    {
                        fail("shard 0 acknowledged " + client.acknowledged(0) + " of " + client.queued(0) +
                            "\n" + shard0.describe());
                    }
                    Thread.sleep(20);
                }
                System.out.printf("ShardedClusterIT: shard 1 killed at event %d; at the kill shards had queued %d/%d," +
                    " acknowledged %d/%d; at the end queued %d/%d, acknowledged %d/%d; %d refused%n", killAt,
                    queuedAtKill[0], queuedAtKill[1], acknowledgedAtKill[0], acknowledgedAtKill[1],
                    client.queued(0), client.queued(1), client.acknowledged(0), client.acknowledged(1), refused);
                assertTrue(acknowledgedAtKill[1] > 0, "shard 1 was taking events before it died");
                assertTrue(client.acknowledged(0) > queuedAtKill[0] + EVENTS / 10,
                    "shard 0 went on accepting and applying events after shard 1 died");
                assertTrue(client.acknowledged(1) < client.queued(1), "the dead shard did not take what followed");
                assertTrue(client.leaderMemberId(0) >= 0, "shard 0 still connected");
            }

            // Shard 0: every one of its events, in routing order, as a standalone engine fed only those.
            shard0.awaitApplied(0, EVENTS / 4, 30_000);
            final ClusterChecks.Standalone expected0 = ClusterChecks.runStandalone(workload, SEED, EVENTS,
                DIGEST_EVERY, tempDir.resolve("standalone-0"), routedTo(0, Long.MAX_VALUE));
            shard0.awaitApplied(0, expected0.events(), 30_000);
            shard0.kill(0);
            ClusterChecks.assertMemberData("shard 0", shard0.dataDirectory(0), workload, expected0.events(),
                expected0.stateDigest());

            // Shard 1: restarted alone, it journals from its Raft log what its journal missed at the kill (an event is
            // acknowledged once committed and applied, its journal write may still be pending); what its journal then
            // holds is a prefix of its events covering all it acknowledged.
            shard1.start(0);
            shard1.awaitApplied(0, acknowledgedAtKill[1], 60_000);
            shard1.kill(0);
            final ReplayReport journaled = Replayer.replay(shard1.dataDirectory(0), workload.newPipeline(), 0, false);
            assertTrue(journaled.events() >= acknowledgedAtKill[1],
                "shard 1 journaled every event it acknowledged: " + journaled.events());
            final ClusterChecks.Standalone expected1 = ClusterChecks.runStandalone(workload, SEED, EVENTS,
                DIGEST_EVERY, tempDir.resolve("standalone-1"), routedTo(1, journaled.events()));
            assertEquals(journaled.events(), expected1.events());
            ClusterChecks.assertMemberData("shard 1", shard1.dataDirectory(0), workload, expected1.events(),
                expected1.stateDigest());
        }
    }

    /** The events a fresh {@link TradingKeyRouter} sends to {@code shard}, the first {@code limit} of them. */
    private static java.util.function.Predicate<GeneratedEvent> routedTo(final int shard, final long limit)
    {
        final TradingKeyRouter router = new TradingKeyRouter();
        final long[] taken = {0};
        return event ->
        {
            final boolean mine = router.shard(event.type(), event.buffer(), 0, event.length(), 2) == shard;
            if (mine && taken[0] < limit)
            {
                taken[0]++;
                return true;
            }
            return false;
        };
    }
}
