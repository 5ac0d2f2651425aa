package io.ferrite.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a running member leaves in its data directory is owner-only: every directory 0700, the files Ferrite creates
 * 0600, and no file reachable through a directory anyone else may enter; also after a restart over an older
 * member's wider files. One member, in this JVM (a cluster of one elects itself).
 */
class ClusterNodeFilesTest
{
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path tempDir;

    @Test
    void shouldKeepEverythingInTheDataDirectoryOwnerOnly() throws Exception
    {
        final Path dir = tempDir.resolve("member-0");
        final ClusterNode.Context context = new ClusterNode.Context()
            .memberId(0)
            .members(ClusterMembers.parse("127.0.0.1:" + ClusterHarness.freeBasePort(1)))
            .dataDirectory(dir)
            .workload(new TimerWorkload());
        runAndCheck(context, dir);

        // Restarted over the directory of a member from before files were owner-only: tightened.
        Files.setPosixFilePermissions(dir.resolve(ClusterNode.LOCK_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        for (final String member : new String[]{"archive", "cluster"})
        {
            Files.setPosixFilePermissions(dir.resolve(member), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        runAndCheck(context, dir);
    }

    private void runAndCheck(final ClusterNode.Context context, final Path dir) throws Exception
    {
        try (ClusterNode node = ClusterNode.launch(context))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!("CLOSED".equals(node.status().electionState()) && Files.isDirectory(dir.resolve("journal"))))
            {
                assertTrue(System.nanoTime() < deadline, "the member elected itself and started its engine");
                Thread.sleep(20);
            }

            final List<Path> directories = new ArrayList<>();
            final List<Path> files = new ArrayList<>();
            try (Stream<Path> all = Files.walk(dir))
            {
                all.forEach(path -> (Files.isDirectory(path) ? directories : files).add(path));
            }
            for (final String member : new String[]{"aeron", "archive", "cluster", "journal"})
            {
                assertTrue(directories.contains(dir.resolve(member)), member + "/ is there");
            }
            for (final Path directory : directories)
            {
                assertEquals(DIRECTORY, permissions(directory), directory + " is owner-only");
            }
            for (final Path file : files)
            {
                for (Path parent = file.getParent(); !parent.equals(tempDir); parent = parent.getParent())
                {
                    assertEquals(DIRECTORY, permissions(parent), file + " is reachable only by its owner");
                }
            }
            assertEquals(FILE, permissions(dir.resolve(ClusterNode.LOCK_FILE)), "member.lock");
            assertEquals(FILE, permissions(dir.resolve("aeron").resolve("cnc.dat")), "aeron/cnc.dat");
            try (Stream<Path> journal = Files.list(dir.resolve("journal")))
            {
                journal.forEach(file -> assertEquals(FILE, permissions(file), file.toString()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(final Path path)
    {
        try
        {
            return Files.getPosixFilePermissions(path);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(path + " vanished or cannot be read", ex);
        }
    }
}
