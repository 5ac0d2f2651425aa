package io.ferrite.tools;

import io.ferrite.cluster.NodeStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferrite cluster ...} without a running cluster: help, usage errors and an unreachable member. The commands
 * against real members run in the cluster module's slow tests and by hand (README).
 */
class ClusterCommandsTest
{
    @Test
    void shouldDocumentEveryPortOffsetInNodeHelp()
    {
        final Ferrite.Result result = Ferrite.run("cluster", "node", "--help");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        for (final String offset : new String[] {"P+0", "P+1", "P+2", "P+3", "P+4", "P+5"})
        {
            assertTrue(result.out().contains(offset), () -> "help lacks " + offset + ": " + result);
        }
    }

    @Test
    void shouldNeedASubcommand()
    {
        final Ferrite.Result result = Ferrite.run("cluster");

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("node, run, status"), result::toString);
    }

    @Test
    void shouldRejectMalformedMembersAsBadUsage()
    {
        final Ferrite.Result result = Ferrite.run("cluster", "status", "--members", "localhost");

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'localhost' is not HOST:PORT"), result::toString);
        assertFalse(result.err().contains("Exception"), result::toString);
    }

    @Test
    void shouldRejectMemberIdOutsideMembersAsBadUsage()
    {
        final Ferrite.Result result = Ferrite.run("cluster", "node", "--id", "3", "--members",
            "localhost:20000,localhost:20010,localhost:20020", "--data", "unused", "--workload", "trading");

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("member id 3 outside [0, 3)"), result::toString);
    }

    @Test
    void shouldSayWhenAMemberIsInAnElectionOrStoppedButNotWhenItFollowsTheLog()
    {
        assertEquals("", ClusterStatusCommand.electionNote(NodeStatus.ELECTION_CLOSED));
        assertEquals("", ClusterStatusCommand.electionNote(NodeStatus.UNKNOWN));
        assertEquals("in election (FOLLOWER_CATCHUP), ", ClusterStatusCommand.electionNote("FOLLOWER_CATCHUP"));
        assertEquals("consensus module STOPPED, ", ClusterStatusCommand.electionNote(NodeStatus.ELECTION_STOPPED));
    }

    @Test
    void shouldFailAndNameTheMemberThatDoesNotAnswer() throws IOException
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort() - 5;
        }
        final Ferrite.Result result = Ferrite.run("cluster", "status", "--json", "--timeout-ms", "500",
            "--members", "127.0.0.1:" + port);

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("{\"ok\":false"), result::toString);
        assertTrue(result.out().contains("\"answered\":false"), result::toString);
        assertTrue(result.err().contains("not every member answered"), result::toString);
    }
}
