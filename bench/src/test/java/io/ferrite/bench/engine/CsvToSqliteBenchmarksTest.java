package io.ferrite.bench.engine;

import io.ferrite.bench.alternatives.PlainJdbcCsvToSqliteBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(180)
class CsvToSqliteBenchmarksTest
{
    @Test
    void theEngineAndThePlainLoopShouldStoreTheSameDecisions() throws Exception
    {
        final CsvToSqliteBenchmark.CsvState state = new CsvToSqliteBenchmark.CsvState();
        state.writeFile();
        try
        {
            state.newRun();
            assertEquals(CsvToSqliteBenchmark.EVENTS, new CsvToSqliteBenchmark().csvToSqlite(state));
            assertEquals(CsvToSqliteBenchmark.EVENTS, new PlainJdbcCsvToSqliteBenchmark().csvToSqlite(state));
            assertEquals(decisions("out.db", state), decisions("plain.db", state),
                "same file, same scorer: the same decisions");
            state.deleteRun();
        }
        finally
        {
            state.deleteFile();
        }
    }

    private static String decisions(final String file, final CsvToSqliteBenchmark.CsvState state) throws Exception
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.run().resolve(file));
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(input_sequence * 31 + score * 7 + decision), " +
                "SUM(rules) FROM decision"))
        {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
        }
    }
}
