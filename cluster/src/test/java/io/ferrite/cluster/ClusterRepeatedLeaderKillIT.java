package io.ferrite.cluster;

import io.ferrite.engine.processor.Workload;
import io.ferrite.examples.trading.TradingWorkload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three successive leader kills in one run: kill -9 the leader, let the client follow the new one, restart the killed
 * member, hold new events back until it has caught up (so the cluster has three up-to-date members again), and do it
 * again, three times; each kill lands while the client publishes as fast as the cluster takes events. Then every
 * member at once (a whole-cluster power loss), restarted together: the new leader starts a fresh term without the
 * client's session, and the client must find it, connect afresh and resubmit. Every member must end with exactly the
 * events of a standalone run (each applied once), the standalone run's digests, and a journal that verifies.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterRepeatedLeaderKillIT
{
    private static final int KILLS = 3;
    private static final long EVENTS = 120_000;
    private static final long DIGEST_EVERY = 10_000;
    private static final long SEED = 23;
    /** Least number of events acknowledged between a member's return and the next kill. */
    private static final long MIN_GAP = 10_000;
    /** The client's wait for a new leader's event (its default, named so the phase log can say what it waited for). */
    private static final long NEW_LEADER_TIMEOUT_NS = FerriteClusterClient.Context.NEW_LEADER_TIMEOUT_DEFAULT_NS;

    @TempDir
    Path tempDir;

    @Test
    void shouldSurviveThreeSuccessiveLeaderKillsAndAWholeClusterRestart() throws Exception
    {
        final Workload workload = new TradingWorkload();
        final long startNanos = System.nanoTime();
        final ClusterChecks.Standalone standalone = ClusterChecks.runStandalone(
            workload, SEED, EVENTS, DIGEST_EVERY, tempDir.resolve("standalone"), event -> true);
        final List<NodeStatus.Report.Digest> expectedDigests = NodeStatus.readDigests(tempDir.resolve("standalone"));
        final Random random = new Random();
        final long firstKill = 10_000 + random.nextInt(10_000);

        try (ClusterHarness cluster = new ClusterHarness(tempDir, 3, workload.name(),
            "--digest-every", Long.toString(DIGEST_EVERY), "--heartbeat-timeout-ms", "3000"))
        {
            cluster.startAll();
            final KillPlan plan = new KillPlan(cluster, firstKill, random);
            try (FerriteClusterClient client = cluster.connect(new FerriteClusterClient.Context()
                .members(cluster.members())
                .clientId(5)
                .maxPayloadLength(workload.maxEventLength())
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(60))))
            {
                phase(startNanos, "client connected to leader " + client.leaderMemberId());
                ClusterHarness.drive(client, workload, SEED, EVENTS, 150,
                    acknowledged -> plan.onAcknowledged(client, acknowledged, startNanos));
                phase(startNanos, "client acknowledged " + client.lastAcknowledged() + "; kills " + plan.kills +
                    "; " + client.reconnects() + " leader changes or reconnects");
                assertEquals(EVENTS, client.lastAcknowledged());
                assertEquals(KILLS, plan.kills.size(), "three leaders were killed during the run: " + plan.kills);
                assertTrue(plan.wholeClusterKilledAt > 0, "every member was killed once during the run");
                assertTrue(plan.resumedAt > 0,
                    "the client had acknowledgements again after the whole cluster restarted");
                // Each single leader kill left a restarted member time to leave its election before the next, so
                // the client followed every new leader in the session it opened first; only the whole-cluster
                // restart made it connect afresh.
                assertEquals(1, plan.sessionsBeforeWholeKill, "sessions opened before the whole-cluster kill");
                assertTrue(client.sessionsOpened() > 1, "the client opened a new session after the whole-cluster kill");
                assertEquals(awaitLeader(cluster), client.leaderMemberId(),
                    "the client follows the leader of the restarted cluster");
            }
            if (plan.down >= 0 && !cluster.isAlive(plan.down))
            {
                cluster.start(plan.down);
            }
            for (int member = 0; member < 3; member++)
            {
                cluster.awaitApplied(member, EVENTS, 90_000);
            }
            phase(startNanos, "every member applied " + EVENTS);
            for (int member = 0; member < 3; member++)
            {
                final NodeStatus.Report report = cluster.status(member);
                assertEquals(EVENTS, report.appliedSequence(), "member " + member + " applied every event once");
                assertEquals(expectedDigests, report.digests(),
                    "member " + member + " recorded the standalone run's digests at the same sequences");
            }
            assertNull(ClusterStatus.firstDivergence(ClusterStatus.query(cluster.members(), 2_000)));
            for (int member = 0; member < 3; member++)
            {
                cluster.kill(member);
            }
            for (int member = 0; member < 3; member++)
            {
                ClusterChecks.assertMemberData("member " + member, cluster.dataDirectory(member), workload, EVENTS,
                    standalone.stateDigest());
            }
            phase(startNanos, "journals replayed and verified");
            int timedOutLogged = 0;
            // Every member started at least twice (the whole-cluster restart) and finished an election each time;
            // its output says so, as ClusterNodeMain logs each election state change.
            for (int member = 0; member < 3; member++)
            {
                final String log = Files.readString(cluster.log(member), StandardCharsets.UTF_8);
                final String prefix = "member " + member + " election ";
                final long closed = log.lines()
                    .filter(line -> line.contains(prefix) &&
                        line.endsWith(" -> " + NodeStatus.ELECTION_CLOSED))
                    .count();
                assertTrue(closed >= 2, "member " + member + " logged " + closed + " finished elections:\n" + log);
                if (log.contains("member " + member + " closed ") && log.contains(" client session(s) that timed out"))
                {
                    timedOutLogged++;
                }
            }
            // The restarted cluster's leader closed the client's old session for a timeout, and said so.
            assertTrue(timedOutLogged >= 1, "no member logged the client session it closed after the restart");
        }
    }

    /**
     * Kill the leader, restart it once a new leader acknowledges, and allow the next kill only after the restarted
     * member has caught up: killing a second member of three while one is down would leave no majority.
     */
    private static final class KillPlan
    {
        record Kill(int member, long atAcknowledged)
        {
        }

        private final ClusterHarness cluster;
        private final Random random;
        private final List<Kill> kills = new ArrayList<>();
        private long nextKillAt;
        private int down = -1;
        private boolean restarted;
        private long wholeClusterKilledAt;
        private long reconnectsBeforeWholeKill;
        private long sessionsBeforeWholeKill;
        private long resumedAt;

        KillPlan(final ClusterHarness cluster, final long firstKillAt, final Random random)
        {
            this.cluster = cluster;
            this.nextKillAt = firstKillAt;
            this.random = random;
        }

        void onAcknowledged(final FerriteClusterClient client, final long acknowledged, final long startNanos)
            throws Exception
        {
            if (down < 0)
            {
                if (wholeClusterKilledAt > 0)
                {
                    // Acknowledgements sent before the kill may still be read after it: resumed means acknowledged
                    // again after the client found the restarted cluster's leader.
                    if (0 == resumedAt && acknowledged > wholeClusterKilledAt &&
                        client.reconnects() > reconnectsBeforeWholeKill)
                    {
                        resumedAt = acknowledged;
                        phase(startNanos, "client resumed with leader " + client.leaderMemberId() + " (new-leader " +
                            "timeout " + TimeUnit.NANOSECONDS.toSeconds(NEW_LEADER_TIMEOUT_NS) + " s)");
                    }
                    return;
                }
                if (kills.size() == KILLS && acknowledged >= nextKillAt)
                {
                    wholeClusterKilledAt = acknowledged;
                    reconnectsBeforeWholeKill = client.reconnects();
                    sessionsBeforeWholeKill = client.sessionsOpened();
                    for (int member = 0; member < 3; member++)
                    {
                        cluster.kill(member);
                    }
                    cluster.startAll();
                    phase(startNanos, "killed every member at " + acknowledged + " and restarted them");
                    return;
                }
                if (kills.size() < KILLS && acknowledged >= nextKillAt && client.leaderMemberId() >= 0)
                {
                    down = client.leaderMemberId();
                    cluster.kill(down);
                    restarted = false;
                    kills.add(new Kill(down, acknowledged));
                    phase(startNanos, "killed leader " + down + " at " + acknowledged);
                }
                return;
            }
            final int leader = client.leaderMemberId();
            if (!restarted)
            {
                if (leader >= 0 && leader != down)
                {
                    // A new leader is acknowledging: bring the killed member back as a follower.
                    cluster.start(down);
                    restarted = true;
                    phase(startNanos, "new leader " + leader + "; restarting " + down);
                }
                return;
            }
            // The client holds back new events (polling, so its session stays alive) until the restarted member has
            // applied everything acknowledged: a member still replaying a backlog when the next leader dies would
            // have to finish it before the cluster could acknowledge anything again.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true)
            {
                final NodeStatus.Report report = cluster.status(down);
                if (null != report && null != report.failure())
                {
                    throw new AssertionError("member " + down + " failed: " + report.failure() + "\n" +
                        cluster.tail(down));
                }
                // Caught up, and joined the live log: until its first election ends, a restarted member that wins the
                // next one takes over as if the whole cluster had restarted and drops every client session (see
                // FerriteClusterClient.Context.NEW_LEADER_TIMEOUT_DEFAULT_NS); an operator restarting members one
                // by one waits for the same two things in `ferrite cluster status`.
                if (null != report && report.processedSequence() >= client.lastAcknowledged() &&
                    NodeStatus.ELECTION_CLOSED.equals(report.election()))
                {
                    phase(startNanos, "member " + down + " caught up to " + report.processedSequence() +
                        " and joined the live log");
                    down = -1;
                    nextKillAt = client.lastAcknowledged() + MIN_GAP + random.nextInt((int)MIN_GAP);
                    return;
                }
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("member " + down + " did not catch up in 90 s\n" + cluster.describe());
                }
                final long pollUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                while (System.nanoTime() < pollUntil)
                {
                    client.poll();
                    Thread.sleep(5);
                }
            }
        }
    }

    /** The member that reports itself LEADER, polled for up to 30 s (a status query may miss on a loaded machine). */
    private static int awaitLeader(final ClusterHarness cluster) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true)
        {
            for (final ClusterStatus.Member member : ClusterStatus.query(cluster.members(), 2_000))
            {
                if (null != member.report() && "LEADER".equals(member.report().role()))
                {
                    return member.memberId();
                }
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("no member reports itself leader\n" + cluster.describe());
            }
            Thread.sleep(100);
        }
    }

    private static void phase(final long startNanos, final String what)
    {
        System.out.printf("ClusterRepeatedLeaderKillIT %6.1f s  %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }
}
