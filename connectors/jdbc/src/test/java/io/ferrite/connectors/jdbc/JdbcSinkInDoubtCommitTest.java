package io.ferrite.connectors.jdbc;

import io.ferrite.engine.processor.OutputView;
import io.ferrite.examples.fraud.DecisionCodec;
import io.ferrite.examples.fraud.FraudEventType;
import io.ferrite.examples.fraud.FraudWorkload;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A transaction whose commit went through while its answer was lost (the connection died at that moment, as when
 * PostgreSQL is stopped mid-commit): the sink retries, finds the rows and its position already in the database, and
 * goes on after them instead of inserting them again (which a primary key refuses, forever). The database state is
 * made by a second connection committing the batch exactly as the sink would have, on a real SQLite file.
 */
class JdbcSinkInDoubtCommitTest
{
    private static final int BATCH = 10;

    @TempDir
    Path dir;

    @Test
    void shouldGoOnAfterABatchThatCommittedUnheard() throws Exception
    {
        final String url = "jdbc:sqlite:" + dir.resolve("out.db");
        final JdbcSink sink = new JdbcSink(url, "decisions", FraudWorkload.SCHEMA, BATCH,
            FraudWorkload.MAX_EVENT_LENGTH);
        try
        {
            assertEquals(0, sink.lastDeliveredSequence());
            final Decision output = new Decision();
            deliver(sink, output, 1, BATCH);
            assertEquals(BATCH, sink.delivered());

            // The next batch is in the database with the position after it, as if the sink's own commit of it had
            // gone through and its answer had been lost.
            commitBatchElsewhere(url, BATCH + 1, 2 * BATCH);

            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> deliver(sink, output, BATCH + 1, 2 * BATCH),
                "the sink must not retry the committed batch forever");
            assertEquals(2 * BATCH, sink.delivered());

            deliver(sink, output, 2 * BATCH + 1, 3 * BATCH);
        }
        finally
        {
            sink.close();
        }
        try (Connection c = DriverManager.getConnection(url);
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(input_sequence), MAX(input_sequence) FROM decision"))
        {
            rs.next();
            assertEquals(3 * BATCH, rs.getLong(1), "one row per output");
            assertEquals(1, rs.getLong(2));
            assertEquals(3 * BATCH, rs.getLong(3));
        }
    }

    private static void deliver(final JdbcSink sink, final Decision output, final long from, final long to)
    {
        for (long sequence = from; sequence <= to; sequence++)
        {
            output.sequence = sequence;
            sink.onOutput(output, sequence == to);
        }
    }

    private static void commitBatchElsewhere(final String url, final long from, final long to) throws SQLException
    {
        try (Connection c = DriverManager.getConnection(url))
        {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision (input_sequence, ordinal, " +
                "processor, timestamp_ns, transaction_id, card_id, merchant_id, amount_cents, score, rules, " +
                "decision) VALUES (?, 0, 'fraud-scorer', ?, 0, 0, 0, 0, 0, 0, 0)"))
            {
                for (long sequence = from; sequence <= to; sequence++)
                {
                    insert.setLong(1, sequence);
                    insert.setLong(2, sequence);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement position = c.prepareStatement(
                "UPDATE ferrite_sink_position SET input_sequence = ?, ordinal = 0 WHERE sink = 'decisions'"))
            {
                position.setLong(1, to);
                assertEquals(1, position.executeUpdate());
            }
            c.commit();
        }
    }

    /** One DECISION output of the fraud workload, all fields zero, at a settable input sequence. */
    private static final class Decision implements OutputView
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[DecisionCodec.LENGTH]);
        private long sequence;

        public long inputSequence()
        {
            return sequence;
        }

        public int ordinal()
        {
            return 0;
        }

        public String processorName()
        {
            return "fraud-scorer";
        }

        public long timestamp()
        {
            return sequence;
        }

        public int type()
        {
            return FraudEventType.DECISION;
        }

        public DirectBuffer buffer()
        {
            return buffer;
        }

        public int payloadOffset()
        {
            return 0;
        }

        public int length()
        {
            return DecisionCodec.LENGTH;
        }

        public boolean isReplay()
        {
            return false;
        }
    }
}
