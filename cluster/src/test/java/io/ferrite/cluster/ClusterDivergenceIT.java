package io.ferrite.cluster;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A processor that reads the wall clock, replicated on three members: replication is exact, so each member applies
 * the same events, yet their recorded digests differ; the status comparison must name the first digest sequence.
 */
@Tag("slow")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterDivergenceIT
{
    private static final long DIGEST_EVERY = 1_000;
    private static final long EVENTS = 3 * DIGEST_EVERY;

    @TempDir
    Path tempDir;

    @Test
    void shouldNameFirstDivergentSequenceWhenProcessorReadsWallClock() throws Exception
    {
        final WallClockWorkload workload = new WallClockWorkload();
        try (ClusterHarness cluster = new ClusterHarness(tempDir, 3, WallClockWorkload.NAME,
            "--digest-every", Long.toString(DIGEST_EVERY), "--heartbeat-timeout-ms", "3000"))
        {
            cluster.startAll();
            try (FerriteClusterClient client = cluster.connect(new FerriteClusterClient.Context()
                .members(cluster.members())
                .clientId(1)
                .maxPayloadLength(workload.maxEventLength())
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(60))))
            {
                final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());
                final io.ferrite.engine.processor.EventGenerator generator = workload.newGenerator(3);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (client.lastAcknowledged() < EVENTS && System.nanoTime() < deadline)
                {
                    final long next = client.nextMessageId();
                    client.poll();
                    if (next <= EVENTS)
                    {
                        generator.generate(event.reset(next));
                        if (client.tryPublish(event.type(), event.timestamp(), event.buffer(), 0, event.length()) < 0)
                        {
                            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                        }
                    }
                    else
                    {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                    }
                }
                assertEquals(EVENTS, client.lastAcknowledged());
            }
            for (int member = 0; member < 3; member++)
            {
                cluster.awaitApplied(member, EVENTS, 60_000);
            }

            final List<ClusterStatus.Member> status = ClusterStatus.query(cluster.members(), 2_000);
            for (final ClusterStatus.Member member : status)
            {
                assertNull(member.error(), "member " + member.memberId() + " answered");
                assertEquals(EVENTS, member.report().processedSequence(), "the same events reached every member");
            }
            final ClusterStatus.Divergence divergence = ClusterStatus.firstDivergence(status);
            assertNotNull(divergence, "wall-clock state must not look replicated");
            assertEquals(DIGEST_EVERY, divergence.sequence(), "the first recorded digest already differs");
            assertEquals(WallClockWorkload.PROCESSOR, divergence.processor());
            assertEquals(3, divergence.digests().size());
            assertTrue(divergence.divergent().size() >= 2, "no majority: every differing member is named");
        }
    }
}
