package io.ferrite.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@SuppressWarnings("try") // logs opened only to read their resume positions
class SourcePositionLogTest
{
    @TempDir
    Path dir;

    @Test
    void shouldResumeAfterTheLastEntryAtOrBelowTheJournalTailAndDropEntriesWrittenAhead()
    {
        final SourcePositions first = new SourcePositions();
        try (SourcePositionLog log = SourcePositionLog.open(dir, "in", 0, 8, false, first))
        {
            assertTrue(first.isEmpty());
            log.add(1, 0, SourcePositionLog.KIND_RECORD, 100, 2);
            log.add(2, 0, SourcePositionLog.KIND_RECORD, 200, 3);
            log.add(3, 1, SourcePositionLog.KIND_RECORD, 50, 0);
            log.write();
            // Written ahead of sequences the journaller never appended (the process died first).
            log.add(4, 0, SourcePositionLog.KIND_RECORD, 300, 4);
            log.add(5, 1, SourcePositionLog.KIND_RECORD, 60, 0);
            log.write();
        }

        final SourcePositions resume = new SourcePositions();
        try (SourcePositionLog log = SourcePositionLog.open(dir, "in", 3, 8, false, resume))
        {
            assertEquals(200, resume.offset(0, -1));
            assertEquals(3, resume.aux(0, -1));
            assertEquals(50, resume.offset(1, -1));
            assertFalse(resume.contains(2));
            // A new run appends after the compacted entries; a skip at the last published sequence moves the
            // position on without a new sequence.
            log.add(4, 0, SourcePositionLog.KIND_RECORD, 250, 4);
            log.add(4, 0, SourcePositionLog.KIND_SKIPPED, 280, 5);
            log.write();
        }

        final SourcePositions again = new SourcePositions();
        try (SourcePositionLog ignored = SourcePositionLog.open(dir, "in", 4, 8, false, again))
        {
            assertEquals(280, again.offset(0, -1), "the skip is journaled with the record before it");
            assertEquals(5, again.aux(0, -1));
            assertEquals(50, again.offset(1, -1));
        }
    }

    @Test
    void shouldIgnoreATornTrailingEntryAndKeepTheFileOwnerOnly() throws Exception
    {
        try (SourcePositionLog log = SourcePositionLog.open(dir, "in", 0, 8, true, new SourcePositions()))
        {
            log.add(1, 0, SourcePositionLog.KIND_RECORD, 10, 1);
            log.write();
        }
        final Path file = dir.resolve("sources").resolve("in.positions");
        Files.write(file, new byte[]{2, 0, 0, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        final SourcePositions resume = new SourcePositions();
        try (SourcePositionLog ignored = SourcePositionLog.open(dir, "in", 10, 8, false, resume))
        {
            assertEquals(10, resume.offset(0, -1));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sources"))));
        assertEquals(SourcePositionLog.HEADER_LENGTH + SourcePositionLog.ENTRY_LENGTH, Files.size(file),
            "compacted to one entry per partition");
    }
}
