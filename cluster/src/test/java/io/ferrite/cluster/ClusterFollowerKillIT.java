package io.ferrite.cluster;

import io.ferrite.engine.processor.Workload;
import io.ferrite.examples.trading.TradingWorkload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Killing a follower (SIGKILL) mid-run must cost no election: the leader and its term stay, the client never changes
 * leader, acknowledgements never pause as long as the leader heartbeat timeout (the least an election would take),
 * and the restarted follower catches up to the same digests as the others.
 */
@Tag("slow")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterFollowerKillIT
{
    private static final long EVENTS = 30_000;
    private static final long DIGEST_EVERY = 10_000;
    private static final long HEARTBEAT_TIMEOUT_MS = 3_000;

    @TempDir
    Path tempDir;

    @Test
    void shouldKeepLeaderAndTermWhenFollowerIsKilled() throws Exception
    {
        final Workload workload = new TradingWorkload();
        final long killAt = EVENTS / 5 + new Random().nextInt((int)(EVENTS / 3));
        try (ClusterHarness cluster = new ClusterHarness(tempDir, 3, workload.name(),
            "--digest-every", Long.toString(DIGEST_EVERY), "--heartbeat-timeout-ms", Long.toString(HEARTBEAT_TIMEOUT_MS)))
        {
            cluster.startAll();
            final int leader;
            final int follower;
            final long term;
            final long longestStallMs;
            try (FerriteClusterClient client = cluster.connect(new FerriteClusterClient.Context()
                .members(cluster.members())
                .clientId(11)
                .maxPayloadLength(workload.maxEventLength())
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(60))))
            {
                leader = client.leaderMemberId();
                follower = (leader + 1) % 3;
                term = cluster.status(leader).leadershipTermId();
                final boolean[] killed = {false};
                longestStallMs = ClusterHarness.drive(client, workload, 9, EVENTS, 90, acknowledged ->
                {
                    if (!killed[0] && acknowledged >= killAt)
                    {
                        cluster.kill(follower);
                        killed[0] = true;
                    }
                });
                assertTrue(killed[0]);
                assertEquals(leader, client.leaderMemberId(), "no leader change");
                assertEquals(0, client.reconnects(), "the client never had to follow a new leader");
            }
            System.out.printf("ClusterFollowerKillIT: follower %d killed at %d; longest acknowledgement pause %d ms%n",
                follower, killAt, longestStallMs);
            // An election needs the heartbeat timeout to pass first: a pause that long would mean the kill stopped
            // the stream. Two of three members are still a majority, so commits must go on.
            assertTrue(longestStallMs < HEARTBEAT_TIMEOUT_MS, "longest pause in acknowledgements " + longestStallMs +
                " ms reached the leader heartbeat timeout " + HEARTBEAT_TIMEOUT_MS + " ms");
            final int other = 3 - leader - follower;
            assertEquals(term, cluster.status(leader).leadershipTermId(), "no election on the leader");
            assertEquals(term, cluster.status(other).leadershipTermId(), "no election on the other follower");

            cluster.start(follower);
            for (int member = 0; member < 3; member++)
            {
                cluster.awaitApplied(member, EVENTS, 60_000);
            }
            final NodeStatus.Report reference = cluster.status(leader);
            assertEquals(EVENTS / DIGEST_EVERY, reference.digests().size());
            for (int member = 0; member < 3; member++)
            {
                final NodeStatus.Report report = cluster.status(member);
                assertEquals(EVENTS, report.appliedSequence(), "member " + member + " applied every event once");
                assertEquals(reference.digests(), report.digests(), "member " + member + " digests");
            }
            assertNull(ClusterStatus.firstDivergence(ClusterStatus.query(cluster.members(), 2_000)));
        }
    }
}
