package io.ferrite.connectors.jdbc;

import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.Engine;
import io.ferrite.journal.test.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CSV → fraud → SQLite, with the engine (a child JVM) killed by SIGKILL at random moments mid-run and restarted each
 * time: at the end the journal holds exactly the file's records in order, the tables exactly one row per (input
 * sequence, ordinal), identical to an uncrashed run's, and the state digest equals the uncrashed run's.
 */
@Tag("slow")
@Timeout(240)
class CsvToSqliteCrashIT
{
    private static final long EVENTS = 200_000;
    private static final int KILLS = 5;
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryRecordAndRowExactlyOnceAcrossSigkill() throws Exception
    {
        final Path csv = dir.resolve("transactions.csv");
        FraudCsv.write(csv, TextFormat.CSV, EVENTS, 7);

        final String referenceUrl = "jdbc:sqlite:" + dir.resolve("reference.db");
        final long referenceDigest;
        final Engine reference = SourceToSinkChild.build(dir.resolve("reference"), csv, referenceUrl);
        reference.start();
        while (!reference.sourcesDone())
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(reference.stop(Duration.ofSeconds(60)));
        referenceDigest = reference.stateDigest();
        assertEquals(EVENTS, reference.lastPublishedSequence());
        reference.close();

        final Path data = dir.resolve("crashed");
        final String url = "jdbc:sqlite:" + dir.resolve("crashed.db");
        final Random random = new Random(11);
        final List<String> recoveries = new ArrayList<>();
        int kills = 0;
        for (int k = 0; k < KILLS; k++)
        {
            // Kill somewhere in the next slice of the input, so every kill lands mid-run.
            final long killAfter = EVENTS * k / KILLS + 1 + random.nextInt((int)(EVENTS / KILLS) - 1);
            try (ChildJvm child = launch(data, csv, url))
            {
                recoveries.add(child.awaitLine(line -> line.startsWith("RECOVERED"), START));
                child.awaitLine(line -> line.startsWith("PROGRESS ") &&
                    Long.parseLong(line.substring(9)) >= killAfter, START);
                assertTrue(child.isAlive(), child.output());
                child.kill();
                kills++;
            }
        }
        final String done;
        try (ChildJvm child = launch(data, csv, url))
        {
            recoveries.add(child.awaitLine(line -> line.startsWith("RECOVERED"), START));
            done = child.awaitLine(line -> line.startsWith("DONE "), Duration.ofSeconds(120));
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)), child.output());
        }
        assertEquals(KILLS, kills);
        assertTrue(recoveries.stream().anyMatch(r -> !r.contains("replayed 0 events")), recoveries.toString());

        final String[] parts = done.split(" ");
        assertEquals("ENDED", parts[3], done);
        assertEquals(EVENTS, Long.parseLong(parts[2]), done);
        assertEquals(Long.toHexString(referenceDigest), parts[1], "state digest vs the uncrashed run");

        Verify.journalHoldsExactly(data, Verify.dataLines(csv));
        Verify.oneRowPerInput(url, EVENTS);
        for (final String table : List.of("decision", "rejected", "block_list_updated"))
        {
            assertEquals(Verify.rows(referenceUrl, table), Verify.rows(url, table), table);
        }
    }

    private static ChildJvm launch(final Path data, final Path csv, final String url)
    {
        return ChildJvm.builder(SourceToSinkChild.class).jvmArg("-Xmx256m")
            .args(data.toString(), csv.toString(), url).start();
    }
}
