package io.ferrite.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer per journal, within a JVM. The other-process case is in {@link JournalProcessTest}.
 */
class JournalLockTest
{
    @TempDir
    Path dir;

    private JournalConfig config()
    {
        return new JournalConfig().directory(dir).minFreeSpaceBytes(0);
    }

    @Test
    void shouldRefuseASecondWriterInTheSameJvmNamingTheDirectory()
    {
        try (Journal first = Journal.open(config()))
        {
            final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(config()));
            assertEquals(JournalException.Category.LOCKED, ex.category());
            assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
            assertEquals(0, first.lastSequence(), "the first writer is unaffected");
        }
    }

    @Test
    void shouldAllowReadersBesideTheWriter()
    {
        try (Journal writer = Journal.open(config());
            Journal reader = Journal.open(config().readOnly(true)))
        {
            assertEquals(0, reader.lastSequence());
            assertEquals(0, writer.lastSequence());
        }
    }

    @Test
    void shouldAllowANewWriterOnceTheFirstIsClosed()
    {
        Journal.open(config()).close();
        try (Journal journal = Journal.open(config()))
        {
            assertEquals(0, journal.lastSequence());
        }
    }

    @Test
    void shouldReleaseTheLockWhenOpeningFails() throws Exception
    {
        java.nio.file.Files.writeString(dir.resolve("stray.txt"), "x");
        assertEquals(JournalException.Category.BAD_DIRECTORY,
            assertThrows(JournalException.class, () -> Journal.open(config())).category());
        java.nio.file.Files.delete(dir.resolve("stray.txt"));
        Journal.open(config()).close();
    }
}
