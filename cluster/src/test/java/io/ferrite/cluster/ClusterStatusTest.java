package io.ferrite.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ClusterStatusTest
{
    private static ClusterStatus.Member member(final int id, final long... sequenceDigestPairs)
    {
        final StringBuilder text = new StringBuilder("member " + id + "\nrole FOLLOWER\napplied 30\nprocessed 30\n");
        for (int i = 0; i < sequenceDigestPairs.length; i += 2)
        {
            text.append(String.format("digest matching %d 0x%016x%n", sequenceDigestPairs[i], sequenceDigestPairs[i + 1]));
        }
        return new ClusterStatus.Member(id, "http://x", NodeStatus.Report.parse(text.toString()), null);
    }

    @Test
    void shouldParseWhatTheEndpointRenders()
    {
        final NodeStatus.Report report = NodeStatus.Report.parse(
            "member 2\nrole LEADER\nelection LEADER_REPLAY\nleader 2\nterm 4\napplied 30\nprocessed 20\nsnapshot 10\n" +
            "failure journal ends at 5\ndigest matching 10 0xfffffffffffffffe\nfuture-field 1\n");
        assertEquals(2, report.memberId());
        assertEquals("LEADER", report.role());
        assertEquals("LEADER_REPLAY", report.election());
        assertEquals(4, report.leadershipTermId());
        assertEquals(30, report.appliedSequence());
        assertEquals(20, report.processedSequence());
        assertEquals(10, report.snapshotSequence());
        assertEquals("journal ends at 5", report.failure());
        assertEquals(List.of(new NodeStatus.Report.Digest("matching", 10, -2L)), report.digests());
    }

    @Test
    void shouldRenderTheElectionStateAndReadItAsUnknownFromAnOlderNode(@TempDir final Path dir) throws IOException
    {
        final NodeStatus status = new NodeStatus(1, dir);
        assertEquals(NodeStatus.UNKNOWN, NodeStatus.Report.parse(status.render()).election());
        status.electionState(() -> "FOLLOWER_CATCHUP");
        assertEquals("FOLLOWER_CATCHUP", NodeStatus.Report.parse(status.render()).election());
        // An older node's report has no election line.
        assertEquals(NodeStatus.UNKNOWN, member(0).report().election());
    }

    @Test
    void shouldFindNoDivergenceWhenSharedSequencesAgree()
    {
        // Member 2 is behind: only the sequences every reporting member holds are compared per sequence.
        assertNull(ClusterStatus.firstDivergence(List.of(
            member(0, 10, 1, 20, 2), member(1, 10, 1, 20, 2), member(2, 10, 1),
            new ClusterStatus.Member(3, "http://y", null, "refused"))));
    }

    @Test
    void shouldNameTheMinorityMemberAtTheFirstDivergentSequence()
    {
        final ClusterStatus.Divergence divergence = ClusterStatus.firstDivergence(List.of(
            member(0, 10, 1, 20, 2, 30, 3), member(1, 10, 1, 20, 9, 30, 9), member(2, 10, 1, 20, 2, 30, 7)));
        assertEquals(20, divergence.sequence());
        assertEquals("matching", divergence.processor());
        assertEquals(List.of(1), divergence.divergent());
    }

    @Test
    void shouldNameEveryDifferingMemberWithoutAMajority()
    {
        final ClusterStatus.Divergence divergence = ClusterStatus.firstDivergence(List.of(
            member(0, 10, 1), member(1, 10, 2), member(2, 10, 3)));
        assertEquals(10, divergence.sequence());
        assertEquals(List.of(0, 1, 2), divergence.divergent());
    }
}
