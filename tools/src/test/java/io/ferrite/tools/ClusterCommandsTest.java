package io.ferrite.tools;

import io.ferrite.cluster.NodeStatus;
import io.ferrite.engine.processor.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
        final int port = unusedBasePort();
        final Ferrite.Result result = Ferrite.run("cluster", "status", "--json", "--timeout-ms", "500",
            "--members", "127.0.0.1:" + port);

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("{\"ok\":false"), result::toString);
        assertTrue(result.out().contains("\"answered\":false"), result::toString);
        assertTrue(result.err().contains("not every member answered"), result::toString);
    }

    @Test
    void shouldRejectATimeoutThatIsNotPositiveAsBadUsage()
    {
        for (final String timeout : new String[]{"-5", "0"})
        {
            final Ferrite.Result result = Ferrite.run("cluster", "status", "--timeout-ms", timeout,
                "--members", "127.0.0.1:20000,127.0.0.1:20010,127.0.0.1:20020");

            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("--timeout-ms must be > 0, was " + timeout), result::toString);
            assertEquals("", result.out(), result::toString);
        }
    }

    @Test
    void shouldSayThereWasNothingToCompareWhenNoMemberAnswered() throws IOException
    {
        final int port = unusedBasePort();
        final Ferrite.Result result = Ferrite.run("cluster", "status", "--timeout-ms", "500",
            "--members", "127.0.0.1:" + port);

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        assertTrue(result.out().contains("digests        nothing to compare: no member answered"), result::toString);
        assertFalse(result.out().contains("agree"), result::toString);
    }

    /** A base port whose status port (base + 5) nothing listens on. */
    private static int unusedBasePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return probe.getLocalPort() - 5;
        }
    }

    @Test
    void shouldRefuseAStandaloneRunsDataDirectory(@TempDir final Path tempDir) throws IOException
    {
        final Path data = tempDir.resolve("standalone");
        final Ferrite.Result run =
            Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events", "100");
        assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run::toString);

        final Ferrite.Result result = node(data, "trading");

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("holds the journal of a standalone `ferrite run` of workload 'trading'"),
            result::toString);
        assertFalse(Files.exists(data.resolve("member.lock")), "nothing added to the directory");
        assertFalse(Files.exists(data.resolve("archive")), "nothing added to the directory");
        assertEquals(DataIdentity.RUN, DataIdentity.read(data).role, "its identity is left alone");

        // The same directory as a run before identities were recorded.
        Files.delete(data.resolve(DataIdentity.FILE_NAME));
        final Ferrite.Result older = node(data, "trading");
        assertEquals(FerriteMain.EXIT_USAGE, older.exitCode(), older::toString);
        assertTrue(older.err().contains("holds the journal of a standalone `ferrite run`, not a cluster member's"),
            older::toString);
        assertFalse(Files.exists(data.resolve(DataIdentity.FILE_NAME)), "no identity recorded for it");
    }

    @Test
    void shouldRefuseAMemberDirectoryOfAnotherWorkloadNamingBoth(@TempDir final Path tempDir)
    {
        final Path data = tempDir.resolve("member");
        assertNull(ClusterDataDirectory.checkIdentity(workload("trading"), data), "a new directory is accepted");
        assertNull(DataIdentity.read(data), "checking records nothing");
        assertNull(ClusterDataDirectory.recordIdentity(workload("trading"), data));
        final DataIdentity recorded = DataIdentity.read(data);
        assertEquals(DataIdentity.CLUSTER_MEMBER, recorded.role, "and recorded as a member's");
        assertEquals("trading", recorded.workload);
        assertNull(ClusterDataDirectory.checkIdentity(workload("trading"), data), "the same workload again");

        final Ferrite.Result result = node(data, "fraud");

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("holds workload 'trading'"), result::toString);
        assertTrue(result.err().contains("not 'fraud'"), result::toString);
        assertFalse(Files.exists(data.resolve("member.lock")), "the member did not start");

        final Ferrite.Result run =
            Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events", "100");
        assertEquals(FerriteMain.EXIT_USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("belongs to a cluster member"), run::toString);
        assertFalse(Files.exists(data.resolve(DataLayout.JOURNAL)), "run wrote nothing there");
    }

    @Test
    void shouldRecordNothingInADirectoryWhoseMemberLockIsHeld(@TempDir final Path tempDir) throws IOException
    {
        // A member's directory from before identities were recorded, its member running (the lock held).
        final Path data = tempDir.resolve("member");
        Files.createDirectories(data.resolve(ClusterDataDirectory.CLUSTER));
        try (FileChannel lockFile = FileChannel.open(data.resolve("member.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock held = lockFile.lock())
        {
            final Ferrite.Result result = node(data, "fraud");
            assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
            assertTrue(held.isValid());
        }
        assertNull(DataIdentity.read(data), "a node that never held the lock recorded nothing");
    }

    @Test
    void shouldRefuseToRunInAMemberDirectoryFromBeforeIdentitiesWereRecorded(@TempDir final Path tempDir)
        throws IOException
    {
        final Path data = tempDir.resolve("member");
        Files.createDirectories(data.resolve(ClusterDataDirectory.CLUSTER));
        final Ferrite.Result run =
            Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events", "100");
        assertEquals(FerriteMain.EXIT_USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("belongs to a cluster member"), run::toString);
        assertNull(DataIdentity.read(data), "nothing recorded");
        assertFalse(Files.exists(data.resolve(DataLayout.JOURNAL)), "run wrote nothing there");
    }

    /**
     * {@code cluster node} on a directory it must refuse; bounded, since a member it wrongly accepted would run until
     * signalled.
     */
    private static Ferrite.Result node(final Path data, final String workload)
    {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Ferrite.run("cluster", "node", "--id", "0",
            "--members", "127.0.0.1:20000", "--data", data.toString(), "--workload", workload));
    }

    private static Workload workload(final String name)
    {
        return Workloads.load(ClusterCommandsTest.class.getClassLoader()).find(name);
    }
}
