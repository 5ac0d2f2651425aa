package io.ferrite.cluster;

import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.EventTypes;
import io.ferrite.engine.ReplayReport;
import io.ferrite.engine.Replayer;
import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Sink;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers and egress on a real three-member cluster (child JVMs, loopback), with {@link TimerWorkload}: processors in
 * two stages whose timers fall due together and cascade.
 * <ul>
 *   <li><b>Timers:</b> every member journals the timer events at the same sequences as a standalone INVOKER engine
 *   fed the same events with the same in-line discipline (publish, drain, fire due timers one at a time), records the
 *   same digests and replays to the same state; that holds for a member killed with SIGKILL and restarted after a
 *   cluster snapshot (its pending timers come back from its journal and Ferrite snapshots).</li>
 *   <li><b>Egress:</b> a client listening to outputs while the leader is killed receives no output twice and none
 *   that differs from the standalone run's; it receives every output of every event up to the last sequence the old
 *   leader acknowledged to it, and every output from the first sequence the new leader acknowledged on. Outputs in
 *   between (committed, but not acknowledged before the kill) may be missing: egress is at most once per leader.</li>
 * </ul>
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterTimersEgressIT
{
    private static final long EVENTS = 12_000;
    private static final long DIGEST_EVERY = 1_000;
    private static final long SEED = 5;
    private static final long CLIENT_ID = 11;

    @TempDir
    Path tempDir;

    /** One output: its key (processor index, causing sequence, ordinal) and content. */
    record Out(int processor, long sequence, int ordinal, int type, long a, long b)
    {
    }

    @Test
    void timersFireAtTheSameSequencesEverywhereAndOutputsReachTheClientThroughAFailover() throws Exception
    {
        final TimerWorkload workload = new TimerWorkload();
        final long startNanos = System.nanoTime();
        final Path standaloneDir = tempDir.resolve("standalone");
        final List<Out> expectedOutputs = new ArrayList<>();
        final long standaloneDigest = runStandalone(workload, standaloneDir, expectedOutputs);
        final List<Long> expectedTimers = timerSequences(standaloneDir);
        final long lastSequence = EVENTS + expectedTimers.size();
        phase(startNanos, "standalone: " + expectedTimers.size() + " timer events, " + expectedOutputs.size() +
            " outputs, last sequence " + lastSequence);
        assertTrue(expectedTimers.size() > EVENTS / 10, "the workload fires timers: " + expectedTimers.size());
        assertTrue(hasRun(expectedTimers, 3), "some timers fire back to back (due together or cascading)");

        final Map<Long, Out> expectedByKey = new HashMap<>();
        for (final Out out : expectedOutputs)
        {
            expectedByKey.put(key(out.processor(), out.sequence(), out.ordinal()), out);
        }

        final List<Out> received = new ArrayList<>();
        final OutputListener listener = output -> received.add(new Out(output.processorIndex(), output.sequence(),
            output.ordinal(), output.type(), output.buffer().getLong(output.payloadOffset()),
            output.buffer().getLong(output.payloadOffset() + 8)));

        try (ClusterHarness cluster = new ClusterHarness(tempDir, 3, workload.name(),
            "--digest-every", Long.toString(DIGEST_EVERY), "--snapshot-every", "2000",
            "--heartbeat-timeout-ms", "3000"))
        {
            cluster.startAll();
            final long[] oldLeaderAcked = {-1};
            final long[] newLeaderFirstAck = {-1};
            final long[] seenBeforeNewLeader = {-1};
            final int[] killed = {-1};
            final int finalLeader;
            try (FerriteClusterClient client = cluster.connect(new FerriteClusterClient.Context()
                .members(cluster.members())
                .clientId(CLIENT_ID)
                .maxPayloadLength(workload.maxEventLength())
                .outputListener(listener)
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(60))))
            {
                phase(startNanos, "client connected to leader " + client.leaderMemberId());
                final long[] snapshotRequestedAt = {-1};
                final long[] snapshotSeenAt = {-1};
                ClusterHarness.drive(client, workload, SEED, EVENTS, 120, acknowledged ->
                {
                    if (snapshotSeenAt[0] < 0 && acknowledged >= EVENTS / 4 &&
                        acknowledged - snapshotRequestedAt[0] >= 500)
                    {
                        // A cluster snapshot before the kill, which the restarted member must load. The request is
                        // asynchronous (and may be refused): ask again until the leader reports one taken.
                        if (snapshotRequestedAt[0] >= 0 &&
                            cluster.status(client.leaderMemberId()).snapshotSequence() > 0)
                        {
                            snapshotSeenAt[0] = acknowledged;
                        }
                        else if (client.requestSnapshot())
                        {
                            snapshotRequestedAt[0] = acknowledged;
                        }
                    }
                    if (killed[0] < 0 && snapshotSeenAt[0] >= 0 && acknowledged >= Math.max(EVENTS / 2,
                        snapshotSeenAt[0] + 500))
                    {
                        // Everything up to here was acknowledged by the old leader, after it sent the outputs.
                        oldLeaderAcked[0] = client.lastAcknowledgedSequence();
                        killed[0] = client.leaderMemberId();
                        cluster.kill(killed[0]);
                    }
                    else if (killed[0] >= 0 && newLeaderFirstAck[0] < 0)
                    {
                        // Acknowledgements the old leader sent just before it died may still be read after the
                        // kill: count only those that arrive once the client follows the new leader.
                        final int leader = client.leaderMemberId();
                        if (leader >= 0 && leader != killed[0])
                        {
                            if (seenBeforeNewLeader[0] < 0)
                            {
                                seenBeforeNewLeader[0] = client.lastAcknowledgedSequence();
                            }
                            else if (client.lastAcknowledgedSequence() > seenBeforeNewLeader[0])
                            {
                                newLeaderFirstAck[0] = client.lastAcknowledgedSequence();
                            }
                        }
                    }
                });
                assertTrue(killed[0] >= 0, "the leader was killed during the run (snapshot seen at " +
                    snapshotSeenAt[0] + ")");
                finalLeader = client.leaderMemberId();
                assertNotEquals(killed[0], finalLeader, "the client follows the new leader");
                phase(startNanos, "acknowledged " + EVENTS + "; killed leader " + killed[0] + " after sequence " +
                    oldLeaderAcked[0] + ", new leader " + finalLeader + " first acknowledged " + newLeaderFirstAck[0] +
                    "; outputs delivered " + client.outputsDelivered() + ", duplicates dropped " +
                    client.outputDuplicates() + ", reconnects " + client.reconnects());
            }

            for (int member = 0; member < 3; member++)
            {
                if (member != killed[0])
                {
                    cluster.awaitApplied(member, lastSequence, 60_000);
                }
            }
            cluster.start(killed[0]);
            cluster.awaitApplied(killed[0], lastSequence, 90_000);
            phase(startNanos, "restarted member " + killed[0] + " caught up");
            assertTrue(cluster.status(killed[0]).snapshotSequence() > 0,
                "the restarted member recovered from a cluster snapshot; its log:\n" + cluster.tail(killed[0]));

            final List<NodeStatus.Report.Digest> expectedDigests = NodeStatus.readDigests(standaloneDir);
            assertEquals(2 * (lastSequence / DIGEST_EVERY), expectedDigests.size(), "standalone digests recorded");
            for (int member = 0; member < 3; member++)
            {
                final NodeStatus.Report report = cluster.status(member);
                assertEquals(lastSequence, report.appliedSequence(), "member " + member + ": events and timers");
                assertEquals(expectedDigests, report.digests(), "member " + member + " recorded the standalone " +
                    "run's digests at the same sequences");
            }
            assertNull(ClusterStatus.firstDivergence(ClusterStatus.query(cluster.members(), 2_000)));

            for (int member = 0; member < 3; member++)
            {
                phase(startNanos, "member " + member + ": " + statusText(cluster, member).lines()
                    .filter(line -> line.startsWith("egress") || line.startsWith("term") || line.startsWith("role"))
                    .toList());
            }
            for (int member = 0; member < 3; member++)
            {
                cluster.stop(member);
            }
            for (int member = 0; member < 3; member++)
            {
                final Path data = cluster.dataDirectory(member);
                assertEquals(expectedTimers, timerSequences(data), "member " + member + " journaled the timer " +
                    "events at the standalone run's sequences");
                final ReplayReport replay = Replayer.replay(data, workload.newPipeline(), 0, false);
                assertEquals(lastSequence, replay.lastSequence());
                assertNull(replay.divergence(), "member " + member + ": recorded digests replay identically");
                assertEquals(standaloneDigest, replay.stateDigest(), "member " + member + " ends in the standalone state");
            }
            phase(startNanos, "journals and digests match");

            // Egress: nothing twice, nothing made up, nothing missing outside the failover window.
            final long[] lastKey = {-1, -1};
            final Map<Long, Out> receivedByKey = new HashMap<>();
            for (final Out out : received)
            {
                final long k = key(out.processor(), out.sequence(), out.ordinal());
                assertEquals(expectedByKey.get(k), out, "a received output is the standalone run's output");
                assertTrue(k > lastKey[out.processor()], "outputs of a processor arrive once, in order: " + out);
                lastKey[out.processor()] = k;
                receivedByKey.put(k, out);
            }
            assertTrue(oldLeaderAcked[0] > 0 && newLeaderFirstAck[0] > oldLeaderAcked[0],
                "acknowledgements from both leaders: " + oldLeaderAcked[0] + ", " + newLeaderFirstAck[0]);
            long missing = 0;
            final List<Long> missingSequences = new ArrayList<>();
            for (final Out out : expectedOutputs)
            {
                if (!receivedByKey.containsKey(key(out.processor(), out.sequence(), out.ordinal())))
                {
                    missingSequences.add(out.sequence());
                }
            }
            System.out.println("missing: " + missingSequences.size() + " " +
                missingSequences.subList(0, Math.min(40, missingSequences.size())) + " ... " +
                missingSequences.subList(Math.max(0, missingSequences.size() - 10), missingSequences.size()));
            for (final Out out : expectedOutputs)
            {
                final boolean gotIt = receivedByKey.containsKey(key(out.processor(), out.sequence(), out.ordinal()));
                if (out.sequence() <= oldLeaderAcked[0] || out.sequence() >= newLeaderFirstAck[0])
                {
                    assertTrue(gotIt, "output outside the failover window received: " + out);
                }
                else if (!gotIt)
                {
                    missing++;
                }
            }
            phase(startNanos, "egress: " + received.size() + " of " + expectedOutputs.size() + " outputs received, " +
                missing + " missing, all between sequences " + oldLeaderAcked[0] + " and " + newLeaderFirstAck[0]);
        }
    }

    private static String statusText(final ClusterHarness cluster, final int member) throws Exception
    {
        final ClusterMembers members = cluster.members();
        try (java.io.InputStream in = java.net.URI.create("http://" + members.host(member) + ":" +
            members.statusPort(member) + "/status").toURL().openStream())
        {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static long key(final int processor, final long sequence, final int ordinal)
    {
        return (sequence << 16) | ((long)processor << 12) | ordinal;
    }

    private static boolean hasRun(final List<Long> sequences, final int length)
    {
        int run = 1;
        for (int i = 1; i < sequences.size(); i++)
        {
            run = sequences.get(i) == sequences.get(i - 1) + 1 ? run + 1 : 1;
            if (run >= length)
            {
                return true;
            }
        }
        return false;
    }

    private static List<Long> timerSequences(final Path data)
    {
        final List<Long> sequences = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalConfig().directory(data.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            while (reader.next(record))
            {
                if (record.type() == EventTypes.TIMER)
                {
                    sequences.add(record.sequence());
                }
            }
        }
        return sequences;
    }

    /**
     * The same events through a standalone INVOKER engine with host-fired timers, driven the way the clustered service
     * drives it: publish, drain, fire due timers one at a time (draining after each).
     */
    private static long runStandalone(final TimerWorkload workload, final Path dir, final List<Out> outputs)
    {
        final EventGenerator generator = workload.newGenerator(SEED);
        final Sink sink = (OutputView output, boolean endOfBatch) -> outputs.add(new Out(
            output.processorName().equals(TimerWorkload.SESSIONS) ? 0 : 1, output.inputSequence(), output.ordinal(),
            output.type(), output.buffer().getLong(output.payloadOffset()),
            output.buffer().getLong(output.payloadOffset() + 8)));
        try (Engine engine = Engine.builder()
            .dataDirectory(dir)
            .pipeline(workload.newPipeline())
            .maxEventLength(workload.maxEventLength())
            .digestEvery(DIGEST_EVERY)
            .threadingMode(ThreadingMode.INVOKER)
            .hostFiresTimers(true)
            .sink("outputs", sink)
            .build())
        {
            engine.start();
            final EventClaim claim = new EventClaim();
            final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());
            for (long n = 1; n <= EVENTS; n++)
            {
                generator.generate(event.reset(n));
                engine.claim(claim);
                claim.type(event.type());
                claim.timestamp(event.timestamp());
                claim.buffer().putBytes(claim.payloadOffset(), event.buffer(), 0, event.length());
                claim.length(event.length());
                claim.commit();
                assertTrue(engine.drainInvoker());
                while (engine.fireNextDueTimer(event.timestamp()) >= 0)
                {
                    assertTrue(engine.drainInvoker());
                }
            }
            assertTrue(engine.stop(Duration.ofSeconds(30)));
            return engine.stateDigest();
        }
    }

    private static void phase(final long startNanos, final String what)
    {
        System.out.printf("ClusterTimersEgressIT %6.1f s  %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }
}
