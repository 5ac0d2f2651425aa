package io.ferrite.journal;

import io.ferrite.journal.test.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Another process fills the disk under a journal writer (issue 11, item 2): the writer must get a clear
 * STORAGE_SPACE error, never die of SIGBUS on a mapped page the file system cannot back. Runs on a small tmpfs mounted
 * for the test, so it needs root (mount); elsewhere it is skipped.
 */
@Tag("slow")
class JournalDiskFullTest
{
    private static final int FILESYSTEM_MIB = 160;

    @TempDir
    Path dir;

    private boolean mounted;

    @AfterEach
    void unmount() throws Exception
    {
        if (mounted)
        {
            // Lazily: Chronicle may keep segments mapped in this JVM until their cleaners run.
            run("umount", "-l", dir.toString());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRefuseAppendsWithAClearErrorWhenAnotherProcessFillsTheDisk() throws Exception
    {
        final Path journalDir = mountJournalFileSystem();

        // The writer is appending flat out when another process takes every byte left.
        try (ChildJvm writer = startWriterAndFillDisk(journalDir, "appending"))
        {
            final int exit = writer.waitFor(Duration.ofSeconds(60));
            final String output = writer.output();
            assertEquals(0, exit, "the writer must end with a refused append, not a signal: " + output);
            assertTrue(output.contains("REFUSED STORAGE_SPACE"), output);
            assertTrue(output.contains("disk full") && output.contains(journalDir.toString()), output);
        }

        // What was appended before the refusal is intact.
        Files.delete(dir.resolve("filler"));
        try (Journal journal = Journal.open(new JournalConfig().directory(journalDir).readOnly(true)))
        {
            final VerifyReport report = journal.verify();
            assertTrue(report.ok(), String.valueOf(report));
            assertTrue(report.records() > 0, String.valueOf(report));
        }
    }

    /**
     * The disk is already full when the writer's first segment starts: Chronicle would write the new segment's header
     * into a sparse file the file system cannot back (SIGBUS inside the VM, exit 134), so the appender must create
     * the segment with its head reserved first, and refuse the append when it cannot.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRefuseTheFirstAppendOfANewSegmentWhenTheDiskIsAlreadyFull() throws Exception
    {
        final Path journalDir = mountJournalFileSystem();

        try (ChildJvm writer = startWriterAndFillDisk(journalDir, "new-segment"))
        {
            writer.send("GO");
            // Tried twice on the full disk: the second attempt must be refused the same way, not fault.
            final int[] refusals = {0};
            writer.awaitLine(line -> line.startsWith("APPENDED") || line.startsWith("REFUSED") && 2 == ++refusals[0],
                Duration.ofSeconds(30));
            final List<String> refused = writer.output().lines().filter(line -> line.startsWith("REFUSED"))
                .collect(Collectors.toList());
            assertEquals(2, refused.size(), writer.output());
            for (final String refusal : refused)
            {
                assertTrue(refusal.startsWith("REFUSED STORAGE_SPACE append of sequence 1 refused: disk full"),
                    refusal);
                assertTrue(refusal.contains(journalDir.toString()) && refusal.contains(".cq4"), refusal);
            }
            // Nothing of the refused segment is left for the next open to set aside.
            assertEquals(List.of(), journalFiles(journalDir, ".cq4", ".precreated"));

            // With space again, the same writer takes the batch it was refused.
            Files.delete(dir.resolve("filler"));
            writer.send("RETRY");
            final int exit = writer.waitFor(Duration.ofSeconds(60));
            final String output = writer.output();
            assertEquals(0, exit, "the writer must append on once space is back: " + output);
            assertTrue(output.contains("APPENDED 64"), output);
        }
        try (Journal journal = Journal.open(new JournalConfig().directory(journalDir).readOnly(true)))
        {
            assertTrue(journal.verify().ok());
            assertEquals(64, journal.lastSequence());
        }
    }

    /**
     * Opening for writing re-creates a segment whose creation was cut short (its writer died): Chronicle writes that
     * header too, so on a full disk the open must refuse, not die of SIGBUS, and succeed once space is back.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRefuseToRepairAnUnfinishedSegmentWhenTheDiskIsFull() throws Exception
    {
        final Path journalDir = mountJournalFileSystem();
        final TestClock clock = new TestClock();
        try (Journal journal = Journal.open(
            new JournalConfig().directory(journalDir).epochMillisClock(clock).minFreeSpaceBytes(0)))
        {
            journal.appender().append(1, 1, 1, new UnsafeBuffer(new byte[64]), 0, 64);
        }
        // The next day's segment, as a writer killed while creating it leaves it: no completed header.
        final int cycle = (int)(TestClock.START_MILLIS / JournalRollCycle.DAILY.lengthMillis());
        final String unfinished = RollCycleMapping.fileName(JournalRollCycle.DAILY, cycle + 1, 0);
        Files.write(journalDir.resolve(unfinished), new byte[1 << 16]);
        // Full but for 8 KiB: enough for the open's own small files (lock, framing record), not for the segment's
        // head (without the reservation Chronicle's header write then faults: InternalError or SIGBUS).
        final Path spare = dir.resolve("spare");
        Files.write(spare, new byte[8 * 1024]);
        fill(dir.resolve("filler"));
        Files.delete(spare);

        try (ChildJvm writer = ChildJvm.builder(DiskFillMain.class).args(journalDir.toString(), "open").start())
        {
            final int exit = writer.waitFor(Duration.ofSeconds(60));
            final String output = writer.output();
            assertEquals(0, exit, "the open must be refused, not killed by a signal: " + output);
            assertTrue(output.contains("REFUSED STORAGE_SPACE") && output.contains("disk full") &&
                output.contains(unfinished), output);
        }

        Files.delete(dir.resolve("filler"));
        try (Journal journal = Journal.open(new JournalConfig().directory(journalDir).minFreeSpaceBytes(0)))
        {
            assertEquals(1, journal.lastSequence());
            assertTrue(journal.verify().ok());
        }
        assertEquals(List.of(), journalFiles(journalDir, ".precreated"));
    }

    private static List<String> journalFiles(final Path journalDir, final String... suffixes) throws IOException
    {
        try (Stream<Path> files = Files.list(journalDir))
        {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> Stream.of(suffixes).anyMatch(name::endsWith))
                .sorted()
                .collect(Collectors.toList());
        }
    }

    /**
     * Start {@link DiskFillMain} in {@code mode}, wait until it is ready, then fill the file system.
     */
    private ChildJvm startWriterAndFillDisk(final Path journalDir, final String mode) throws IOException
    {
        final ChildJvm writer = ChildJvm.builder(DiskFillMain.class).args(journalDir.toString(), mode).start();
        try
        {
            writer.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(30));
            fill(dir.resolve("filler"));
            return writer;
        }
        catch (final IOException | RuntimeException ex)
        {
            writer.close();
            throw ex;
        }
    }

    private Path mountJournalFileSystem()
    {
        mounted = 0 == run("mount", "-t", "tmpfs", "-o", "size=" + FILESYSTEM_MIB + "m", "tmpfs", dir.toString());
        assumeTrue(mounted, "needs permission to mount a tmpfs");
        return dir.resolve("journal");
    }

    private static void fill(final Path file) throws IOException
    {
        final byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file))
        {
            while (true)
            {
                out.write(chunk);
            }
        }
        catch (final IOException expected)
        {
            // No space left on device: the file system is full.
        }
    }

    private static int run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
