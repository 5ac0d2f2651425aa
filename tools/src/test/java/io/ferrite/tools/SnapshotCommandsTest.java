package io.ferrite.tools;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code ferrite snapshot list|verify DIR} on paths that are not a readable data directory: refused, never
 * "no snapshots". A data directory that simply has none still says so.
 */
class SnapshotCommandsTest
{
    @TempDir
    static Path tempDir;

    private static Path data;

    @BeforeAll
    static void writeDataDirectory()
    {
        data = tempDir.resolve("data");
        final Ferrite.Result run = Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data", data.toString(),
            "--events", "2000", "--snapshot-every", "700", "--ring-size", "1024");
        assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run::toString);
    }

    @Test
    void shouldListAndVerifyTheSnapshotsOfADataDirectory()
    {
        final Ferrite.Result verify = Ferrite.run("snapshot", "verify", data.toString());
        assertEquals(FerriteMain.EXIT_OK, verify.exitCode(), verify::toString);
        assertTrue(verify.out().startsWith("OK: 2 snapshot(s)"), verify::toString);
    }

    @Test
    void shouldRefuseTheSnapshotsDirectoryNamingItsDataDirectory()
    {
        for (final String command : new String[]{"list", "verify"})
        {
            final Ferrite.Result result = Ferrite.run("snapshot", command, data.resolve("snapshots").toString());

            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertEquals("", result.out(), result::toString);
            assertTrue(result.err().contains(data.resolve("snapshots") + " looks like a snapshots directory: " +
                "give its data directory, " + data.toAbsolutePath()), result::toString);
        }
    }

    @Test
    void shouldRefuseTheJournalDirectoryNamingItsDataDirectory()
    {
        final Ferrite.Result result = Ferrite.run("snapshot", "verify", data.resolve("journal").toString());

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("looks like a journal directory: give its data directory, " +
            data.toAbsolutePath()), result::toString);
    }

    @Test
    void shouldRefuseADirectoryThatIsNoDataDirectory() throws IOException
    {
        final Path empty = Files.createDirectories(tempDir.resolve("empty"));
        for (final String command : new String[]{"list", "verify"})
        {
            final Ferrite.Result result = Ferrite.run("snapshot", command, empty.toString());

            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains(empty + " is not a Ferrite data directory"), result::toString);
            assertFalse(result.out().contains("OK"), result::toString);
        }
    }

    @Test
    void shouldFailWhenTheSnapshotsPathIsAFile() throws IOException
    {
        final Path damaged = tempDir.resolve("damaged");
        Files.createDirectories(damaged.resolve("journal"));
        Files.writeString(damaged.resolve("snapshots"), "not a directory");

        final Ferrite.Result result = Ferrite.run("snapshot", "verify", damaged.toString());

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        assertTrue(result.err().contains(damaged.resolve("snapshots") + " is not a directory"), result::toString);
        assertFalse(result.out().contains("OK"), result::toString);
    }

    @Test
    void shouldSayNoSnapshotsForADataDirectoryThatHasNone()
    {
        final Path fresh = tempDir.resolve("fresh");
        final Ferrite.Result run = Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data", fresh.toString(),
            "--events", "100", "--ring-size", "1024");
        assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run::toString);

        final Ferrite.Result list = Ferrite.run("snapshot", "list", fresh.toString());
        assertEquals(FerriteMain.EXIT_OK, list.exitCode(), list::toString);
        assertTrue(list.out().startsWith("no snapshots in "), list::toString);
        final Ferrite.Result verify = Ferrite.run("snapshot", "verify", fresh.toString());
        assertEquals(FerriteMain.EXIT_OK, verify.exitCode(), verify::toString);
        assertTrue(verify.out().startsWith("OK: 0 snapshot(s)"), verify::toString);
    }

    @Test
    void shouldFailWhenTheDataDirectoryIsUnreadable() throws IOException
    {
        final Path locked = tempDir.resolve("locked");
        Files.createDirectories(locked.resolve("journal"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("-wx------"));
        try
        {
            assumeFalse(Files.isReadable(locked), "running with privileges that bypass file permissions");

            final Ferrite.Result result = Ferrite.run("snapshot", "verify", locked.toString());

            assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("data directory " + locked + " is not readable"), result::toString);
        }
        finally
        {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
