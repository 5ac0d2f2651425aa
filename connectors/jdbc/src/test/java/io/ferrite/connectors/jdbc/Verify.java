package io.ferrite.connectors.jdbc;

import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.examples.fraud.FraudWorkload;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks shared by the connector system tests.
 */
final class Verify
{
    private Verify()
    {
    }

    /**
     * The journal holds exactly the source's records, in order: each journaled event encodes back to the same line.
     */
    static void journalHoldsExactly(final Path dataDir, final List<String> expectedLines) throws IOException
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.CSV);
        long count = 0;
        try (Journal journal = Journal.open(new JournalConfig().directory(dataDir.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            while (reader.next(record))
            {
                final int length = codec.encode(record.type(), record.timestamp(), record.buffer(),
                    record.payloadOffset(), record.length());
                final String line = codec.line().getStringWithoutLengthAscii(0, length - 1);
                assertEquals(count + 1, record.sequence());
                assertEquals(expectedLines.get((int)count), line, "journal record " + record.sequence());
                count++;
            }
        }
        assertEquals(expectedLines.size(), count, "records in the journal");
    }

    static List<String> dataLines(final Path csv) throws IOException
    {
        final List<String> lines = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.US_ASCII));
        lines.remove(0);
        return lines;
    }

    /**
     * @return every row of the table as text, ordered by (input_sequence, ordinal).
     */
    static List<String> rows(final String url, final String table) throws SQLException
    {
        final List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY input_sequence, ordinal"))
        {
            final int columns = rs.getMetaData().getColumnCount();
            while (rs.next())
            {
                final StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++)
                {
                    row.append(rs.getString(i)).append(i < columns ? "," : "");
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /**
     * Exactly one row per (input_sequence, ordinal) across all output tables, covering 1..events with ordinal 0 (the
     * fraud scorer emits one output per input).
     */
    static void oneRowPerInput(final String url, final long events) throws SQLException
    {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT input_sequence, ordinal FROM decision UNION ALL " +
                "SELECT input_sequence, ordinal FROM rejected UNION ALL " +
                "SELECT input_sequence, ordinal FROM block_list_updated ORDER BY 1, 2"))
        {
            long expected = 1;
            while (rs.next())
            {
                assertEquals(expected, rs.getLong(1), "rows out of step (a duplicate or a gap)");
                assertEquals(0, rs.getInt(2));
                expected++;
            }
            assertEquals(events, expected - 1, "rows");
        }
    }
}
