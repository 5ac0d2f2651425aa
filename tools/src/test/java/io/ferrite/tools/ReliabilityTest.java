package io.ferrite.tools;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input and data-directory faults found by the fuzzing and bad-input pass of issue 11, end to end in this JVM.
 */
class ReliabilityTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldRefuseAWorkloadPathThatIsNotAJar() throws Exception
    {
        final Path notAJar = tempDir.resolve("random.jar");
        final byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Files.write(notAJar, bytes);
        final Path data = tempDir.resolve("data");

        for (final String[] args : new String[][]{
            {"workloads", "--workload-path", notAJar.toString()},
            {"run", "--workload", CounterWorkload.NAME, "--data", data.toString(), "--events", "10",
                "--workload-path", notAJar.toString()},
            {"replay", data.toString(), "--workload", CounterWorkload.NAME, "--workload-path", notAJar.toString()}})
        {
            final Ferrite.Result result = Ferrite.run(args);
            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("neither a directory nor a jar"), result::toString);
            assertTrue(result.err().contains(notAJar.toString()), result::toString);
            assertFalse(result.err().contains("\tat "), "no stack trace for a user mistake");
        }
        assertFalse(Files.exists(data), "nothing was created for a refused command");
    }

    @Test
    void shouldRefuseADataPathThatIsARegularFile() throws Exception
    {
        final Path file = Files.writeString(tempDir.resolve("notes.txt"), "not a data directory");

        final Ferrite.Result result = Ferrite.run(
            "run", "--workload", CounterWorkload.NAME, "--data", file.toString(), "--events", "10");

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains(file + " is a file"), result::toString);
        assertFalse(result.err().contains("Exception"), result::toString);
        assertEquals("not a data directory", Files.readString(file));
    }

    @Test
    void shouldRefuseAnotherWorkloadOrSeedOnADataDirectoryNamingBoth()
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(CounterWorkload.NAME, data, 500, "--seed", "1").exitCode());

        final Ferrite.Result otherWorkload = run(DriftingWorkload.NAME, data, 600, "--seed", "1");
        assertEquals(FerriteMain.EXIT_USAGE, otherWorkload.exitCode(), otherWorkload::toString);
        assertTrue(otherWorkload.err().contains("'" + CounterWorkload.NAME + "'"), otherWorkload::toString);
        assertTrue(otherWorkload.err().contains("'" + DriftingWorkload.NAME + "'"), otherWorkload::toString);

        final Ferrite.Result otherReplay = Ferrite.run("replay", data.toString(), "--workload", DriftingWorkload.NAME);
        assertEquals(FerriteMain.EXIT_USAGE, otherReplay.exitCode(), otherReplay::toString);
        assertTrue(otherReplay.err().contains("'" + CounterWorkload.NAME + "'"), otherReplay::toString);

        final Ferrite.Result otherSeed = run(CounterWorkload.NAME, data, 600, "--seed", "2");
        assertEquals(FerriteMain.EXIT_USAGE, otherSeed.exitCode(), otherSeed::toString);
        assertTrue(otherSeed.err().contains("--seed 1") && otherSeed.err().contains("--seed 2"), otherSeed::toString);
        assertTrue(otherSeed.err().contains("--allow-seed-change"), otherSeed::toString);
        assertFalse(otherSeed.err().contains("\tat "), "no stack trace for a user mistake");

        final Ferrite.Result deliberate = run(CounterWorkload.NAME, data, 600, "--seed", "2", "--allow-seed-change");
        assertEquals(FerriteMain.EXIT_OK, deliberate.exitCode(), deliberate::toString);
        assertEquals(600L, deliberate.json().get("lastSequence"));
        final Ferrite.Result sameAgain = run(CounterWorkload.NAME, data, 700, "--seed", "2");
        assertEquals(FerriteMain.EXIT_OK, sameAgain.exitCode(), "the new seed is now the directory's: " + sameAgain);
    }

    @Test
    void shouldNotRewriteTheSeedOfADataDirectoryAnotherWriterHolds() throws Exception
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(CounterWorkload.NAME, data, 500, "--seed", "1").exitCode());
        final Path identity = data.resolve(DataIdentity.FILE_NAME);
        final String recorded = Files.readString(identity);

        // The journal's writer lock held, as a live engine holds it.
        try (Journal live = Journal.open(new JournalConfig().directory(data.resolve("journal"))))
        {
            final Ferrite.Result refused =
                run(CounterWorkload.NAME, data, 600, "--seed", "9", "--allow-seed-change");
            assertEquals(FerriteMain.EXIT_FAILURE, refused.exitCode(), refused::toString);
            assertTrue(refused.err().contains("already open for writing"), refused::toString);
            assertEquals(recorded, Files.readString(identity), "a run refused as locked records nothing");
            assertEquals(500, live.lastSequence());
        }

        final Ferrite.Result sameSeed = run(CounterWorkload.NAME, data, 600, "--seed", "1");
        assertEquals(FerriteMain.EXIT_OK, sameSeed.exitCode(), sameSeed::toString);
    }

    @Test
    void shouldNeitherCreateNorRecordADataDirectoryForARunRefusedAsBadUsage() throws Exception
    {
        final Path fresh = tempDir.resolve("fresh");
        for (final String[] mistake : new String[][]{
            {"--sink", "bogus:x"},
            {"--source", "ftp://x"},
            {"--dead-letter", tempDir.resolve("dead.txt").toString()},
            {"--ring-size", "1000"},
            {"--on-bad-record", "skip"},
            {"--warmup", String.valueOf(RunOptionChecks.MAX_WARMUP_EVENTS + 1)}})
        {
            final Ferrite.Result result = run(CounterWorkload.NAME, fresh, 100, mistake);
            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertFalse(Files.exists(fresh), "nothing created for " + String.join(" ", mistake) + ": " + result);
        }

        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(CounterWorkload.NAME, data, 100, "--seed", "1").exitCode());
        final String recorded = Files.readString(data.resolve(DataIdentity.FILE_NAME));
        final Ferrite.Result refused =
            run(CounterWorkload.NAME, data, 200, "--seed", "9", "--allow-seed-change", "--sink", "bogus:x");
        assertEquals(FerriteMain.EXIT_USAGE, refused.exitCode(), refused::toString);
        assertEquals(recorded, Files.readString(data.resolve(DataIdentity.FILE_NAME)));
    }

    @Test
    void shouldRefuseAnEmptyDataPath()
    {
        for (final String empty : new String[]{"", "  "})
        {
            final Ferrite.Result result = Ferrite.run(
                "run", "--workload", CounterWorkload.NAME, "--data", empty, "--events", "10");
            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("--data must not be empty"), result::toString);
        }
        assertFalse(Files.exists(Path.of(DataIdentity.FILE_NAME)), "nothing written to the working directory");
    }

    @Test
    void shouldRefuseADataPathThatCannotBeCreatedNamingWhy() throws Exception
    {
        final Path file = Files.writeString(tempDir.resolve("afile"), "not a directory");
        for (final Path below : List.of(file.resolve("sub"), file.resolve("a").resolve("b")))
        {
            final Ferrite.Result result = Ferrite.run(
                "run", "--workload", CounterWorkload.NAME, "--data", below.toString(), "--events", "10");
            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("--data " + below + ": cannot create it: " + file + " is a file"),
                result::toString);
            assertFalse(result.err().contains("Exception"), result::toString);
        }
        assertEquals("not a directory", Files.readString(file));

        final Path proc = Path.of("/proc/ferrite-no-such-entry/data");
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        final Ferrite.Result result = Ferrite.run(
            "run", "--workload", CounterWorkload.NAME, "--data", proc.toString(), "--events", "10");
        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--data " + proc + ": cannot create it in /proc (no such file or directory)"),
            result::toString);
        assertFalse(result.err().contains("Exception"), result::toString);
    }

    @Test
    void shouldCreateEveryDataFileOwnerOnly() throws Exception
    {
        final Path data = tempDir.resolve("data");
        final Ferrite.Result result = run(CounterWorkload.NAME, data, 2_000, "--snapshot-every", "500");
        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);

        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(data))
        {
            paths = walk.collect(Collectors.toList());
        }
        final Set<String> seen = new TreeSet<>();
        for (final Path path : paths)
        {
            final String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------", mode, path::toString);
            seen.add(data.relativize(path).toString().replaceAll("[0-9]+", "N"));
        }
        for (final String expected : List.of("journal", "snapshots", "digests", "counters.dat",
            DataIdentity.FILE_NAME, "journal/metadata.cqNt", "journal/ferrite-journal.meta"))
        {
            assertTrue(seen.contains(expected), () -> expected + " among " + seen);
        }
        assertTrue(seen.stream().anyMatch(name -> name.startsWith("snapshots/")), seen::toString);
        assertTrue(seen.contains("journal/NL.cqN"), seen::toString);
    }

    @Test
    void shouldSayTheDiskIsFullWhereAndWhatWasUsableInOneLine() throws Exception
    {
        final Path data = tempDir.resolve("data");
        // A floor above what the file system has free: the journal's first free-space check refuses.
        final long floor = Files.getFileStore(tempDir).getUsableSpace() + (1L << 40);

        final Ferrite.Result result = Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data",
            data.toString(), "--events", "1000", "--min-free-space", String.valueOf(floor));

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        final String err = result.err().trim();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains("the disk is full"), err);
        assertTrue(err.contains(data.resolve("journal").toAbsolutePath().toString()), err);
        assertTrue(err.matches(".* has [0-9]+ bytes usable.*"), err);
        assertTrue(err.contains("floor of " + floor + " bytes (--min-free-space)"), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void shouldRefuseABadMinFreeSpace()
    {
        final Ferrite.Result result = Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data",
            tempDir.resolve("data").toString(), "--events", "10", "--min-free-space", "lots");
        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--min-free-space"), result::toString);
    }

    @Test
    void shouldCountAFailedSnapshotInTheSummaryAndLeaveNoTempFile() throws Exception
    {
        final Path data = tempDir.resolve("data");
        // A non-empty directory where the snapshot at 500 must go: writing succeeds, the atomic rename fails.
        final Path blocker = data.resolve("snapshots").resolve(String.format("snapshot-%020d.snap", 500));
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("in-the-way"), "x");

        final Ferrite.Result result = run(CounterWorkload.NAME, data, 1_000, "--snapshot-every", "500");

        final Map<String, Object> snapshots = object(result.json(), "snapshots");
        assertEquals(1L, snapshots.get("failed"), result::toString);
        assertTrue(String.valueOf(snapshots.get("firstFailure")).contains("sequence 500"), result::toString);
        assertEquals(List.of(), tempFiles(data), "a failed snapshot leaves no temp file");
    }

    @Test
    void shouldRemoveSnapshotTempFilesLeftBehindAtTheNextStart() throws Exception
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(CounterWorkload.NAME, data, 500).exitCode());
        final Path snapshots = Files.createDirectories(data.resolve("snapshots"));
        Files.write(snapshots.resolve(String.format(".snapshot-%020d.snap.tmp", 400)), new byte[3 << 20]);
        Files.write(snapshots.resolve(String.format(".snapshot-%020d.snap.tmp", 450)), new byte[0]);

        final Ferrite.Result result = run(CounterWorkload.NAME, data, 600);

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        assertEquals(List.of(), tempFiles(data));
        assertTrue(object(result.json(), "recovery").get("notes").toString().contains("removed 2 temp file"),
            result::toString);
    }

    @Test
    void shouldRefuseToRebuildADeletedJournalNamingWhatRecordsMore() throws Exception
    {
        final Path data = tempDir.resolve("data");
        assertEquals(FerriteMain.EXIT_OK, run(CounterWorkload.NAME, data, 1_000).exitCode());
        try (Stream<Path> segments = Files.list(data.resolve("journal")))
        {
            for (final Path segment : segments.filter(file -> file.toString().endsWith(".cq4"))
                .collect(Collectors.toList()))
            {
                Files.delete(segment);
            }
        }

        final Ferrite.Result result = Ferrite.run("run", "--workload", CounterWorkload.NAME, "--data",
            data.toString(), "--events", "1500", "--digest-every", "100");

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        final String err = result.err();
        assertTrue(err.contains("holds no record, but it once held more"), err);
        assertTrue(err.contains("digests up to sequence 1000"), err);
        assertTrue(err.contains("journaled up to sequence 1000"), err);
        assertTrue(err.contains("Records 1..1000 are missing"), err);
        try (Stream<Path> left = Files.list(data.resolve("journal")))
        {
            assertTrue(left.noneMatch(file -> file.toString().endsWith(".cq4")), "nothing was rebuilt");
        }
    }

    private static List<Path> tempFiles(final Path data) throws Exception
    {
        try (Stream<Path> files = Files.list(data.resolve("snapshots")))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final Map<String, Object> json, final String field)
    {
        return (Map<String, Object>)json.get(field);
    }

    private static Ferrite.Result run(
        final String workload, final Path data, final long events, final String... more)
    {
        final String[] base = {
            "run", "--workload", workload, "--data", data.toString(), "--events", String.valueOf(events),
            "--digest-every", "100", "--ring-size", "1024", "--json"};
        final String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Ferrite.run(args);
    }
}
