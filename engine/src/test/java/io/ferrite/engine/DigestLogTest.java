package io.ferrite.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DigestLogTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatWasAppended()
    {
        try (DigestLog log = DigestLog.openForAppend(dir, "p", Long.MAX_VALUE))
        {
            log.append(100, 0xAAL);
            log.append(200, 0xBBL);
        }
        try (DigestLog log = DigestLog.openReadOnly(dir, "p"))
        {
            assertEquals(200, log.lastRecordedSequence());
            assertEquals(100, log.seek(1));
            assertEquals(0xAAL, log.digestAtCursor());
            assertEquals(200, log.advance());
            assertEquals(0xBBL, log.digestAtCursor());
            assertEquals(Long.MAX_VALUE, log.advance());
        }
    }

    @Test
    void shouldDropDigestsBeyondTheJournalTailWhenOpenedForAppend() throws Exception
    {
        try (DigestLog log = DigestLog.openForAppend(dir, "p", Long.MAX_VALUE))
        {
            log.append(100, 1);
            log.append(200, 2);
            log.append(300, 3);
        }
        // The journal lost its tail (flush NONE across a machine crash): digests past it describe events that are gone.
        try (DigestLog log = DigestLog.openForAppend(dir, "p", 250))
        {
            assertEquals(200, log.lastRecordedSequence());
            log.append(300, 33);
        }
        try (DigestLog log = DigestLog.openReadOnly(dir, "p"))
        {
            assertEquals(300, log.seek(300));
            assertEquals(33, log.digestAtCursor());
        }
        assertEquals(3 * 16, Files.size(DigestLog.fileOf(dir, "p")));
    }

    @Test
    void shouldSeekToTheFirstDigestAtOrAfterASequence()
    {
        try (DigestLog log = DigestLog.openForAppend(dir, "p", Long.MAX_VALUE))
        {
            for (long s = 1_000; s <= 10_000; s += 1_000)
            {
                log.append(s, s * 3);
            }
            assertEquals(5_000, log.seek(4_001));
            assertEquals(15_000, log.digestAtCursor());
            assertEquals(Long.MAX_VALUE, log.seek(10_001));
        }
    }

    @Test
    void shouldKeepProcessorNamesInsideTheDigestsDirectory()
    {
        final Path file = DigestLog.fileOf(dir, "../../etc/passwd");
        assertEquals(dir.resolve(DigestLog.SUBDIRECTORY), file.getParent());
    }
}
