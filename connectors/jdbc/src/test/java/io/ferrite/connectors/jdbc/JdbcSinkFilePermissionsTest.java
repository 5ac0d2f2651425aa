package io.ferrite.connectors.jdbc;

import io.ferrite.examples.fraud.FraudWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A SQLite database the sink creates holds users' data: it and SQLite's files beside it are owner-only. */
class JdbcSinkFilePermissionsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCreateANewSqliteDatabaseOwnerOnly() throws Exception
    {
        final Path db = dir.resolve("out.db");
        final JdbcSink sink = new JdbcSink("jdbc:sqlite:" + db, "decisions", FraudWorkload.SCHEMA, 64,
            FraudWorkload.MAX_EVENT_LENGTH);
        try
        {
            assertEquals(0, sink.lastDeliveredSequence());
            try (Stream<Path> files = Files.list(dir))
            {
                final var all = files.toList();
                assertTrue(all.contains(db), all.toString());
                for (final Path file : all)
                {
                    // out.db and, while the sink is open, SQLite's out.db-wal and out.db-shm.
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file.toString());
                }
            }
        }
        finally
        {
            sink.close();
        }
    }

    @Test
    void shouldFindTheFileInTheUrlFormsSqliteTakes()
    {
        assertEquals(dir.resolve("a.db"), JdbcSink.createSqliteFileOwnerOnly("jdbc:sqlite:" + dir.resolve("a.db")));
        assertEquals(dir.resolve("b.db"),
            JdbcSink.createSqliteFileOwnerOnly("jdbc:sqlite:file:" + dir.resolve("b.db") + "?journal_mode=WAL"));
        assertTrue(Files.exists(dir.resolve("a.db")) && Files.exists(dir.resolve("b.db")));
        assertNull(JdbcSink.createSqliteFileOwnerOnly("jdbc:sqlite::memory:"));
        assertNull(JdbcSink.createSqliteFileOwnerOnly("jdbc:sqlite:file:" + dir.resolve("mem") + "?mode=memory"));
        assertTrue(Files.notExists(dir.resolve("mem")), "an in-memory database has no file");
        assertNull(JdbcSink.createSqliteFileOwnerOnly("jdbc:sqlite:"));
    }
}
