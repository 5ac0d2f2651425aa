package io.ferrite.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferrite run --source/--sink} and {@code journal dump --format}: round trips, bad input, usage errors.
 */
@Timeout(240)
class ConnectorsCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReproduceTheTradingDigestFromACsvDumpOfItsJournal() throws Exception
    {
        assertRoundTrip("trading", "csv", 20_000);
    }

    @Test
    void shouldReproduceTheFraudDigestFromAJsonLinesDumpOfItsJournal() throws Exception
    {
        assertRoundTrip("fraud", "jsonl", 20_000);
    }

    private void assertRoundTrip(final String workload, final String format, final int events) throws Exception
    {
        final Path original = dir.resolve(workload + "-original");
        final Ferrite.Result generated = Ferrite.run("run", "--workload", workload, "--data", original.toString(),
            "--events", Integer.toString(events), "--json");
        assertEquals(FerriteMain.EXIT_OK, generated.exitCode(), generated.toString());

        final Ferrite.Result dump = Ferrite.run("journal", "dump", original.toString(), "--workload", workload,
            "--format", format);
        assertEquals(FerriteMain.EXIT_OK, dump.exitCode(), dump.err());
        final Path file = dir.resolve(workload + "." + format);
        Files.writeString(file, dump.out(), StandardCharsets.US_ASCII);
        assertEquals(events + ("csv".equals(format) ? 1 : 0), dump.out().lines().count());

        final Path fed = dir.resolve(workload + "-fed");
        final Path sqlite = dir.resolve(workload + ".db");
        final Ferrite.Result replayed = Ferrite.run("run", "--workload", workload, "--data", fed.toString(),
            "--source", format + ":" + file, "--sink", "jdbc:sqlite:" + sqlite, "--json");
        assertEquals(FerriteMain.EXIT_OK, replayed.exitCode(), replayed.toString());
        final Map<String, Object> json = replayed.json();
        assertEquals(generated.json().get("stateDigest"), json.get("stateDigest"), "digest of the fed-back dump");
        assertEquals((long)events, ((Number)json.get("lastSequence")).longValue());
        final Map<?, ?> source = (Map<?, ?>)((List<?>)json.get("sources")).get(0);
        assertEquals((long)events, ((Number)source.get("records")).longValue());
        assertEquals("ended", source.get("state"));
        final Map<?, ?> sink = (Map<?, ?>)((List<?>)json.get("sinks")).get(0);
        assertEquals(json.get("outputs"), sink.get("delivered"), "every output reached the database");

        // The journal of the fed-back run dumps to the very same text.
        final Ferrite.Result again = Ferrite.run("journal", "dump", fed.toString(), "--workload", workload,
            "--format", format);
        assertEquals(dump.out(), again.out());
    }

    @Test
    void shouldHaltOnABadCsvLineNamingFileAndLineThenContinueOnceFixed() throws Exception
    {
        final Path reference = dir.resolve("reference");
        final Ferrite.Result generated = Ferrite.run("run", "--workload", "fraud", "--data", reference.toString(),
            "--events", "3000", "--json");
        final Ferrite.Result dump = Ferrite.run("journal", "dump", reference.toString(), "--workload", "fraud",
            "--format", "csv");
        final List<String> lines = new ArrayList<>(dump.out().lines().toList());
        final Path csv = dir.resolve("in.csv");
        final String good = lines.get(1499);
        lines.set(1499, good.replaceFirst("TRANSACTION,", "TRANSACTION,x"));
        Files.write(csv, lines);

        final Path data = dir.resolve("data");
        final Path out = dir.resolve("decisions.csv");
        final Ferrite.Result halted = Ferrite.run("run", "--workload", "fraud", "--data", data.toString(),
            "--source", "csv:" + csv, "--sink", "csv:" + out);
        assertEquals(FerriteMain.EXIT_FAILURE, halted.exitCode(), halted.toString());
        assertTrue(halted.err().contains(csv + " line 1500"), halted.err());
        assertTrue(halted.out().contains("1 bad"), halted.out());

        lines.set(1499, good);
        Files.write(csv, lines);
        final Ferrite.Result resumed = Ferrite.run("run", "--workload", "fraud", "--data", data.toString(),
            "--source", "csv:" + csv, "--sink", "csv:" + out, "--json");
        assertEquals(FerriteMain.EXIT_OK, resumed.exitCode(), resumed.toString());
        assertEquals(generated.json().get("stateDigest"), resumed.json().get("stateDigest"));
        final Map<?, ?> source = (Map<?, ?>)((List<?>)resumed.json().get("sources")).get(0);
        assertEquals(3000L - 1498, ((Number)source.get("records")).longValue(), "resumed at the bad line");
        final List<String> outputs = Files.readAllLines(out);
        assertEquals(3001, outputs.size(), "header + one output per input, none twice");
        for (int i = 1; i <= 3000; i++)
        {
            assertTrue(outputs.get(i).startsWith(i + ",0,"), outputs.get(i));
        }
    }

    @Test
    void shouldDeadLetterABadLineUnderSkipAndReportIt() throws Exception
    {
        final Path reference = dir.resolve("reference");
        Ferrite.run("run", "--workload", "fraud", "--data", reference.toString(), "--events", "1000");
        final Ferrite.Result dump = Ferrite.run("journal", "dump", reference.toString(), "--workload", "fraud",
            "--format", "csv");
        final List<String> lines = new ArrayList<>(dump.out().lines().toList());
        lines.add(500, "TRANSACTION,not-a-time,1,2,3,4,5,6,7,1,,,");
        final Path csv = dir.resolve("in.csv");
        Files.write(csv, lines);
        final Path dead = dir.resolve("dead.csv");
        final Path sqlite = dir.resolve("out.db");
        final Ferrite.Result run = Ferrite.run("run", "--workload", "fraud", "--data", dir.resolve("d").toString(),
            "--source", "csv:" + csv, "--on-bad-record", "skip", "--dead-letter", dead.toString(),
            "--sink", "jdbc:sqlite:" + sqlite, "--json");
        assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run.toString());
        final Map<?, ?> source = (Map<?, ?>)((List<?>)run.json().get("sources")).get(0);
        assertEquals(1L, ((Number)source.get("deadLettered")).longValue());
        assertEquals(1000L, ((Number)source.get("records")).longValue());
        assertEquals(List.of("TRANSACTION,not-a-time,1,2,3,4,5,6,7,1,,,"), Files.readAllLines(dead));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(input_sequence), MAX(input_sequence) FROM " +
                "(SELECT input_sequence FROM decision UNION ALL SELECT input_sequence FROM rejected UNION ALL " +
                "SELECT input_sequence FROM block_list_updated)"))
        {
            rs.next();
            assertEquals(1000, rs.getLong(1));
            assertEquals(1, rs.getLong(2));
            assertEquals(1000, rs.getLong(3));
        }
    }

    @Test
    void shouldReportConnectorMistakesAsUsageErrors()
    {
        final String data = dir.resolve("data").toString();
        final Ferrite.Result noEvents = Ferrite.run("run", "--workload", "fraud", "--data", data);
        assertEquals(FerriteMain.EXIT_USAGE, noEvents.exitCode(), noEvents.toString());
        assertTrue(noEvents.err().contains("--events N is required without --source"), noEvents.err());

        final Ferrite.Result badScheme = Ferrite.run("run", "--workload", "fraud", "--data", data, "--source",
            "xml:/tmp/x");
        assertEquals(FerriteMain.EXIT_USAGE, badScheme.exitCode(), badScheme.toString());
        assertTrue(badScheme.err().contains("unknown scheme 'xml'"), badScheme.err());

        final Ferrite.Result skipWithoutDeadLetter = Ferrite.run("run", "--workload", "fraud", "--data", data,
            "--source", "csv:/tmp/x.csv", "--on-bad-record", "skip");
        assertEquals(FerriteMain.EXIT_USAGE, skipWithoutDeadLetter.exitCode());
        assertTrue(skipWithoutDeadLetter.err().contains("--dead-letter"), skipWithoutDeadLetter.err());

        final Ferrite.Result badKafka = Ferrite.run("run", "--workload", "fraud", "--data", data, "--sink",
            "kafka://nohostport", "--events", "1");
        assertEquals(FerriteMain.EXIT_USAGE, badKafka.exitCode());
        assertTrue(badKafka.err().contains("expected kafka://HOST:PORT/TOPIC"), badKafka.err());

        final Ferrite.Result missingFile = Ferrite.run("run", "--workload", "fraud", "--data", data, "--source",
            "csv:" + dir.resolve("missing.csv"));
        assertEquals(FerriteMain.EXIT_FAILURE, missingFile.exitCode(), missingFile.toString());
        assertTrue(missingFile.err().contains("missing.csv does not exist"), missingFile.err());

        final Ferrite.Result dumpWithoutWorkload = Ferrite.run("journal", "dump", data, "--format", "csv");
        assertEquals(FerriteMain.EXIT_USAGE, dumpWithoutWorkload.exitCode());
    }
}
