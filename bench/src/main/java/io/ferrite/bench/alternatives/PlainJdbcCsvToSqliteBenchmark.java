package io.ferrite.bench.alternatives;

import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.engine.CsvToSqliteBenchmark;
import io.ferrite.connectors.jdbc.JdbcSink;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.processor.EventSchema;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.Workload;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What a user would write by hand instead of {@link CsvToSqliteBenchmark}: read the CSV line by line, decode each
 * line with the same codec, call the fraud scorer directly on this thread, and insert its decisions into SQLite (WAL,
 * synchronous=NORMAL, as the sink) with a JDBC batch committed every {@link JdbcSink#BATCH_SIZE_DEFAULT} rows. No
 * journal, no recovery, no exactly-once position: the floor the engine's pipeline is compared with.
 */
public class PlainJdbcCsvToSqliteBenchmark extends BenchmarkDefaults
{
    /**
     * @param state the same file and fresh directories as the engine benchmark.
     * @return rows inserted.
     * @throws IOException  if the file cannot be read.
     * @throws SQLException if the database fails.
     */
    @Benchmark
    @OperationsPerInvocation(CsvToSqliteBenchmark.EVENTS)
    public long csvToSqlite(final CsvToSqliteBenchmark.CsvState state) throws IOException, SQLException
    {
        final Workload workload = state.workload();
        final EventSchema schema = workload.eventSchema();
        final EventTextCodec codec = new EventTextCodec(schema, TextFormat.CSV);
        final Processor scorer = workload.newPipeline().processors().get(0).processor();
        final String scorerName = workload.newPipeline().processors().get(0).name();
        final BareContext context = new BareContext(workload.maxEventLength());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + state.run().resolve("plain.db")))
        {
            try (Statement s = connection.createStatement())
            {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
            }
            connection.setAutoCommit(false);
            final List<EventSchema.EventType> outputs = schema.types().stream().filter(EventSchema.EventType::isOutput)
                .toList();
            final PreparedStatement[] inserts = new PreparedStatement[outputs.size()];
            try (Statement s = connection.createStatement())
            {
                for (int t = 0; t < outputs.size(); t++)
                {
                    final EventSchema.EventType type = outputs.get(t);
                    final StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(JdbcSink.tableName(type))
                        .append(" (input_sequence BIGINT NOT NULL, ordinal INTEGER NOT NULL, timestamp_ns BIGINT");
                    final StringBuilder insert = new StringBuilder("INSERT INTO ").append(JdbcSink.tableName(type))
                        .append(" VALUES (?, ?, ?");
                    for (final EventSchema.Field field : type.fields())
                    {
                        ddl.append(", ").append(field.name()).append(" BIGINT NOT NULL");
                        insert.append(", ?");
                    }
                    s.execute(ddl.append(", PRIMARY KEY (input_sequence, ordinal))").toString());
                    inserts[t] = connection.prepareStatement(insert.append(')').toString());
                }
            }
            final long[] rows = {0};
            context.outputListener((sequence, ordinal, type, buffer, offset, length) ->
                insert(outputs, inserts, rows, sequence, ordinal, context.timestamp(), type, buffer, offset));
            context.processorName(scorerName);
            final UnsafeBuffer line = new UnsafeBuffer(0, 0);
            long sequence = 0;
            try (BufferedReader reader = Files.newBufferedReader(state.csv(), StandardCharsets.US_ASCII))
            {
                final String header = reader.readLine();
                line.wrap(header.getBytes(StandardCharsets.US_ASCII));
                codec.readCsvHeader(line, 0, line.capacity());
                String text;
                while (null != (text = reader.readLine()))
                {
                    line.wrap(text.getBytes(StandardCharsets.US_ASCII));
                    context.reset(++sequence);
                    final String problem = codec.decode(line, 0, line.capacity(), context);
                    if (null != problem)
                    {
                        throw new IllegalStateException("line " + (sequence + 1) + ": " + problem);
                    }
                    scorer.onEvent(context);
                    if (rows[0] % JdbcSink.BATCH_SIZE_DEFAULT == 0 && rows[0] > 0)
                    {
                        flush(connection, inserts);
                    }
                }
            }
            flush(connection, inserts);
            for (final PreparedStatement insert : inserts)
            {
                insert.close();
            }
            if (rows[0] != CsvToSqliteBenchmark.EVENTS)
            {
                throw new IllegalStateException("inserted " + rows[0] + " rows, expected " +
                    CsvToSqliteBenchmark.EVENTS);
            }
            return rows[0];
        }
    }

    private static void insert(
        final List<EventSchema.EventType> outputs, final PreparedStatement[] inserts, final long[] rows,
        final long sequence, final int ordinal, final long timestamp, final int type, final DirectBuffer buffer,
        final int offset)
    {
        try
        {
            for (int t = 0; t < outputs.size(); t++)
            {
                if (outputs.get(t).id() == type)
                {
                    final PreparedStatement insert = inserts[t];
                    insert.setLong(1, sequence);
                    insert.setInt(2, ordinal);
                    insert.setLong(3, timestamp);
                    final List<EventSchema.Field> fields = outputs.get(t).fields();
                    for (int f = 0; f < fields.size(); f++)
                    {
                        insert.setLong(4 + f, fields.get(f).get(buffer, offset));
                    }
                    insert.addBatch();
                    rows[0]++;
                    return;
                }
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void flush(final Connection connection, final PreparedStatement[] inserts) throws SQLException
    {
        for (final PreparedStatement insert : inserts)
        {
            insert.executeBatch();
        }
        connection.commit();
    }
}
