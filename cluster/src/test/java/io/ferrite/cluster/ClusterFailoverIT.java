package io.ferrite.cluster;

import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.ReplayReport;
import io.ferrite.engine.Replayer;
import io.ferrite.engine.processor.Workload;
import io.ferrite.examples.trading.TradingWorkload;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.VerifyReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members in three child JVMs on loopback, the trading workload driven through {@link FerriteClusterClient};
 * the leader is killed with SIGKILL at a random moment. The client must fail over and finish; every survivor must
 * end with exactly the events of a standalone run (same workload, seed, count), the same digests at the same
 * sequences, and a journal that verifies; the killed member, restarted, must catch up to the same state.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterFailoverIT
{
    /** The acceptance count (it fits the CI budget with the default idle strategies on 2 cores). */
    private static final long EVENTS = 300_000;
    private static final long DIGEST_EVERY = 25_000;
    private static final long SEED = 42;
    private static final long CLIENT_ID = 7;

    @TempDir
    Path tempDir;

    @Test
    void shouldFailOverWhenLeaderIsKilledAndMatchStandaloneRun() throws Exception
    {
        final Workload workload = new TradingWorkload();
        final Path standalone = tempDir.resolve("standalone");
        final long startNanos = System.nanoTime();
        final long standaloneDigest = runStandalone(workload, standalone);
        phase(startNanos, "standalone run");

        final long killAt = EVENTS / 5 + new Random().nextInt((int)(EVENTS / 3));
        try (ClusterHarness cluster = new ClusterHarness(tempDir, 3, workload.name(),
            "--digest-every", Long.toString(DIGEST_EVERY), "--heartbeat-timeout-ms", "3000"))
        {
            cluster.startAll();
            phase(startNanos, "members launched");
            final int killed;
            try (FerriteClusterClient client = cluster.connect(new FerriteClusterClient.Context()
                .members(cluster.members())
                .clientId(CLIENT_ID)
                .maxPayloadLength(workload.maxEventLength())
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(60))))
            {
                phase(startNanos, "client connected to leader " + client.leaderMemberId());
                assertEquals(0, client.lastAcknowledged(), "a fresh cluster has applied nothing for this client");
                killed = drive(client, workload, killAt, cluster);
                phase(startNanos, "client acknowledged " + EVENTS + " after killing member " + killed + " at " +
                    killAt + "; " + client.reconnects() + " leader changes or reconnects");
                assertEquals(EVENTS, client.lastAcknowledged());
                assertNotEquals(killed, client.leaderMemberId(), "the client follows the new leader");
            }

            for (int member = 0; member < 3; member++)
            {
                if (member != killed)
                {
                    cluster.awaitApplied(member, EVENTS, 60_000);
                }
            }
            phase(startNanos, "survivors applied " + EVENTS);
            cluster.start(killed);
            cluster.awaitApplied(killed, EVENTS, 90_000);
            phase(startNanos, "restarted member caught up");
            final long snapshotSequence = cluster.status(killed).snapshotSequence();
            assertTrue(snapshotSequence > 0 && snapshotSequence < killAt,
                "the restarted member recovered from the cluster snapshot taken before the kill: " + snapshotSequence);

            final List<NodeStatus.Report.Digest> expectedDigests = NodeStatus.readDigests(standalone);
            assertEquals(EVENTS / DIGEST_EVERY, expectedDigests.size(), "standalone run recorded its digests");
            for (int member = 0; member < 3; member++)
            {
                final NodeStatus.Report report = cluster.status(member);
                assertEquals(EVENTS, report.appliedSequence(), "member " + member + " applied every event once");
                assertEquals(EVENTS, report.processedSequence(), "member " + member + " processed every event");
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
                final Path data = cluster.dataDirectory(member);
                final ReplayReport replay = Replayer.replay(data, workload.newPipeline(), 0, false);
                assertEquals(EVENTS, replay.events(), "member " + member + ": every event journaled exactly once");
                assertEquals(EVENTS, replay.lastSequence());
                assertNull(replay.divergence(), "member " + member + ": recorded digests replay identically");
                assertEquals(standaloneDigest, replay.stateDigest(), "member " + member + " ends in the standalone state");
                try (Journal journal = Journal.open(new JournalConfig().directory(data.resolve("journal")).readOnly(true)))
                {
                    final VerifyReport verify = journal.verify();
                    assertTrue(verify.ok(), "member " + member + ": " + verify);
                }
            }
            phase(startNanos, "journals replayed and verified");
        }
    }

    /**
     * Publish events 1..EVENTS, ask for a cluster snapshot half-way to the kill, kill the leader with SIGKILL once
     * {@code killAt} are acknowledged, and return the member killed.
     */
    private static int drive(
        final FerriteClusterClient client, final Workload workload, final long killAt, final ClusterHarness cluster)
        throws Exception
    {
        final int[] killed = {-1};
        final boolean[] snapshotRequested = {false};
        try
        {
            driveAndKill(client, workload, killAt, cluster, killed, snapshotRequested);
        }
        catch (final AssertionError ex)
        {
            // Once seen on a loaded CI host (no leader for the client in 120 s): say what each member was doing.
            throw new AssertionError(ex.getMessage() + " (killed member " + killed[0] + ")\n" + cluster.describe(), ex);
        }
        assertTrue(killed[0] >= 0, "the leader was killed during the run");
        return killed[0];
    }

    private static void driveAndKill(
        final FerriteClusterClient client,
        final Workload workload,
        final long killAt,
        final ClusterHarness cluster,
        final int[] killed,
        final boolean[] snapshotRequested) throws Exception
    {
        ClusterHarness.drive(client, workload, SEED, EVENTS, 120, acknowledged ->
        {
            if (!snapshotRequested[0] && acknowledged >= killAt / 2)
            {
                // A cluster snapshot before the kill: the restarted member must load it and replay only the rest.
                snapshotRequested[0] = client.requestSnapshot();
            }
            if (killed[0] < 0 && acknowledged >= killAt)
            {
                killed[0] = client.leaderMemberId();
                cluster.kill(killed[0]);
            }
        });
    }

    private static void phase(final long startNanos, final String what)
    {
        System.out.printf("ClusterFailoverIT %6.1f s  %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }

    private static long runStandalone(final Workload workload, final Path dir)
    {
        final EventGenerator generator = workload.newGenerator(SEED);
        try (Engine engine = Engine.builder()
            .dataDirectory(dir)
            .pipeline(workload.newPipeline())
            .maxEventLength(workload.maxEventLength())
            .digestEvery(DIGEST_EVERY)
            .build())
        {
            engine.start();
            final EventClaim claim = new EventClaim();
            for (long i = 1; i <= EVENTS; i++)
            {
                engine.claim(claim);
                generator.generate(claim);
                claim.commit();
            }
            assertTrue(engine.stop(Duration.ofSeconds(30)));
            return engine.stateDigest();
        }
    }
}
