package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class JournalDirectoryTest
{
    @TempDir
    Path root;

    private static JournalConfig config(final Path dir)
    {
        return new JournalConfig().directory(dir).minFreeSpaceBytes(0);
    }

    private static JournalException assertBadDirectory(final JournalConfig config, final String... mentions)
    {
        final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(config));
        assertEquals(JournalException.Category.BAD_DIRECTORY, ex.category(), ex.getMessage());
        for (final String mention : mentions)
        {
            assertTrue(ex.getMessage().contains(mention), ex.getMessage());
        }
        return ex;
    }

    @Test
    void shouldCreateAMissingDirectoryForAWriter()
    {
        final Path dir = root.resolve("a").resolve("b");
        try (Journal journal = Journal.open(config(dir)))
        {
            assertEquals(dir, journal.directory());
            assertEquals(0, journal.lastSequence());
            assertEquals(0, journal.firstSequence());
        }
        assertTrue(Files.isRegularFile(dir.resolve(JournalMetadata.FILE_NAME)));
    }

    @Test
    void shouldRejectAPathThatIsARegularFile() throws Exception
    {
        final Path file = Files.createFile(root.resolve("journal"));
        assertBadDirectory(config(file), file.toString(), "not a directory");
        assertBadDirectory(config(file).readOnly(true), file.toString(), "not a directory");
    }

    @Test
    void shouldRejectAMissingDirectoryWhenReadOnly()
    {
        final Path dir = root.resolve("missing");
        assertBadDirectory(config(dir).readOnly(true), dir.toString(), "does not exist");
        assertFalse(Files.exists(dir), "a read-only open must not create anything");
    }

    @Test
    void shouldRejectAnEmptyDirectoryWhenReadOnly()
    {
        assertBadDirectory(config(root).readOnly(true), root.toString(), "no journal");
    }

    @Test
    void shouldRejectAnUnreadableDirectory() throws Exception
    {
        final Path dir = Files.createDirectory(root.resolve("locked"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
        try
        {
            // Root reads any directory whatever its mode: the condition cannot be produced then.
            assumeFalse(Files.isReadable(dir), "running with privileges that bypass file permissions");
            assertBadDirectory(config(dir), dir.toString(), "not readable");
        }
        finally
        {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void shouldRejectADirectoryHoldingOtherFilesNamingTheFirst() throws Exception
    {
        Files.writeString(root.resolve("readme.txt"), "hello");
        assertBadDirectory(config(root), root.toString(), root.resolve("readme.txt").toString());
        try (java.util.stream.Stream<Path> files = Files.list(root))
        {
            assertEquals(1, files.count(), "nothing may be written into a foreign directory");
        }
    }

    @Test
    void shouldRejectADirectoryHoldingASubdirectory() throws Exception
    {
        final Path sub = Files.createDirectory(root.resolve("snapshots"));
        assertBadDirectory(config(root), sub.toString());
    }

    @Test
    void shouldRejectChronicleFilesWithoutFerriteMetadata() throws Exception
    {
        try (Journal journal = Journal.open(config(root)))
        {
            journal.appender().append(1, 1, 1, new UnsafeBuffer(new byte[8]), 0, 8);
        }
        Files.delete(root.resolve(JournalMetadata.FILE_NAME));
        assertBadDirectory(config(root), root.toString(), "not a Ferrite journal");
    }

    @Test
    void shouldRefuseAWriterWithADifferentRollCycleAndLetAReaderAdoptTheStoredOne()
    {
        try (Journal journal = Journal.open(config(root).rollCycle(JournalRollCycle.HOURLY)))
        {
            journal.appender().append(1, 1, 1, new UnsafeBuffer(new byte[8]), 0, 8);
        }

        final JournalException ex = assertThrows(
            JournalException.class, () -> Journal.open(config(root).rollCycle(JournalRollCycle.DAILY)));
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("HOURLY") && ex.getMessage().contains("DAILY"), ex.getMessage());

        try (Journal journal = Journal.open(config(root).rollCycle(JournalRollCycle.DAILY).readOnly(true)))
        {
            assertEquals(JournalRollCycle.HOURLY, journal.rollCycle());
            assertEquals(1, journal.lastSequence());
        }
    }

    @Test
    void shouldKeepTheLargestMaxPayloadLengthSoOlderLargeRecordsStayReadable()
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[1000]);
        try (Journal journal = Journal.open(config(root).maxPayloadLength(1000)))
        {
            journal.appender().append(1, 1, 1, payload, 0, 1000);
        }
        try (Journal journal = Journal.open(config(root).maxPayloadLength(16)))
        {
            final JournalException ex = assertThrows(
                JournalException.class, () -> journal.appender().append(2, 2, 2, payload, 0, 17));
            assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
            journal.appender().append(2, 2, 2, payload, 0, 16);
        }
        try (Journal journal = Journal.open(config(root).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            assertTrue(reader.next(record));
            assertEquals(1000, record.length());
            assertTrue(reader.next(record));
            assertEquals(16, record.length());
        }
    }

    @Test
    void shouldRejectAnInvalidConfigurationNamingTheSetting()
    {
        final JournalException ex = assertThrows(
            JournalException.class, () -> Journal.open(config(root).maxPayloadLength(-1)));
        assertEquals(JournalException.Category.INVALID_ARGUMENT, ex.category());
        assertTrue(ex.getMessage().contains("maxPayloadLength"), ex.getMessage());
    }
}
