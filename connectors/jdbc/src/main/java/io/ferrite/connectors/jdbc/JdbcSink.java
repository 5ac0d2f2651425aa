package io.ferrite.connectors.jdbc;

import io.ferrite.engine.processor.EventSchema;
import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Sink;
import io.ferrite.journal.DataFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A <b>tracked</b> database sink over JDBC: each output becomes a row of the table of its type, written in batches,
 * and every transaction also stores the last delivered (input sequence, ordinal) in {@code ferrite_sink_position}.
 * Rows and position commit together, so after any crash the table holds exactly the outputs up to the stored
 * position, recovery re-delivers from there and this sink drops what it already holds: every output lands once.
 * <pre>
 *   CREATE TABLE IF NOT EXISTS decision (                 -- one per output type of the schema, lower case
 *       input_sequence BIGINT NOT NULL, ordinal INTEGER NOT NULL, processor VARCHAR(128) NOT NULL,
 *       timestamp_ns BIGINT NOT NULL, &lt;one BIGINT per field&gt;, PRIMARY KEY (input_sequence, ordinal))
 *   CREATE TABLE IF NOT EXISTS ferrite_sink_position (
 *       sink VARCHAR(128) PRIMARY KEY, input_sequence BIGINT NOT NULL, ordinal INTEGER NOT NULL)
 *   CREATE TABLE IF NOT EXISTS ferrite_unknown_output (...)  -- outputs of a type the schema lacks, payload in hex
 * </pre>
 * <b>Back-pressure:</b> a failing, slow or unreachable database makes {@link #onOutput} retry (rollback, reconnect,
 * back off up to 2 s) until the batch commits; meanwhile the output ring fills and the processors wait. Nothing is
 * dropped or written twice. SQLite files are opened in WAL mode with synchronous=NORMAL: a committed transaction
 * survives a process kill (only an OS crash may lose the last ones, which the engine then re-delivers).
 * <p>
 * <b>Threading:</b> the engine's sink thread only; counters readable from any thread. Rows are staged in a
 * preallocated buffer: no allocation per output beyond the JDBC driver's own.
 */
public final class JdbcSink implements Sink
{
    /** Default rows per transaction at most. */
    public static final int BATCH_SIZE_DEFAULT = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSITION_TABLE = "ferrite_sink_position";
    private static final String UNKNOWN_TABLE = "ferrite_unknown_output";

    private final String url;
    private final String name;
    private final EventSchema schema;
    private final int batchSize;
    private final int maxLength;
    private final List<EventSchema.EventType> outputTypes = new ArrayList<>();
    private final long[] sequences;
    private final int[] ordinals;
    private final String[] processors;
    private final long[] timestamps;
    private final int[] types;
    private final int[] lengths;
    private final UnsafeBuffer payloads;
    private int staged;
    private Connection connection;
    private PreparedStatement[] inserts;
    private PreparedStatement unknownInsert;
    private PreparedStatement positionUpdate;
    private long skipUpToSequence = -1;
    private int skipUpToOrdinal = -1;
    private volatile long delivered;
    private volatile long skipped;
    private volatile long retries;
    /** Set by {@link #selectStoredPosition()}. */
    private long storedSequence;
    private int storedOrdinal;
    private volatile long transactions;
    private volatile String lastError;

    /**
     * @param url       the JDBC URL: {@code jdbc:sqlite:PATH}, {@code jdbc:postgresql://HOST:PORT/DB?user=...}.
     * @param name      the sink's name: its row in {@code ferrite_sink_position}.
     * @param schema    the workload's schema: one table per output type.
     * @param batchSize rows per transaction at most.
     * @param maxLength the engine's maxEventLength.
     */
    public JdbcSink(final String url, final String name, final EventSchema schema, final int batchSize,
        final int maxLength)
    {
        this.url = url;
        this.name = name;
        this.schema = schema;
        this.batchSize = batchSize;
        this.maxLength = maxLength;
        for (final EventSchema.EventType type : schema.types())
        {
            if (type.isOutput())
            {
                outputTypes.add(type);
            }
        }
        sequences = new long[batchSize];
        ordinals = new int[batchSize];
        processors = new String[batchSize];
        timestamps = new long[batchSize];
        types = new int[batchSize];
        lengths = new int[batchSize];
        payloads = new UnsafeBuffer(ByteBuffer.allocateDirect(batchSize * maxLength));
    }

    /**
     * @param type an output type.
     * @return its table name.
     */
    public static String tableName(final EventSchema.EventType type)
    {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Connect, create the tables that are missing, and read this sink's stored position. Retries for up to a minute
     * while the database is unreachable.
     */
    @Override
    public long lastDeliveredSequence()
    {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long backoff = TimeUnit.MILLISECONDS.toNanos(50);
        while (true)
        {
            try
            {
                connect();
                return readPosition();
            }
            catch (final SQLException ex)
            {
                closeQuietly();
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("JDBC sink '" + name + "': cannot prepare " + redact(url) + ": " +
                        ex.getMessage(), ex);
                }
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        }
    }

    private long readPosition() throws SQLException
    {
        if (selectStoredPosition())
        {
            skipUpToSequence = storedSequence;
            skipUpToOrdinal = storedOrdinal;
        }
        if (skipUpToSequence < 0)
        {
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + POSITION_TABLE + " (sink, input_sequence, ordinal) VALUES (?, 0, -1)"))
            {
                insert.setString(1, name);
                insert.executeUpdate();
            }
            connection.commit();
            skipUpToSequence = 0;
            skipUpToOrdinal = -1;
            return 0;
        }
        connection.commit();
        // The last input may have more outputs than the stored one: have it replayed, and drop what is held.
        return Math.max(0, skipUpToSequence - 1);
    }

    /**
     * A database file that does not exist yet is created empty and owner-only before SQLite opens it: outputs are
     * users' data, and SQLite gives its journal and WAL files the database file's permissions. An existing file, an
     * in-memory database and a path that cannot be created (the driver then says why) are left to SQLite.
     *
     * @param url a {@code jdbc:sqlite:} URL: {@code jdbc:sqlite:PATH} or {@code jdbc:sqlite:file:PATH?options}.
     * @return the file, or null where the URL names none.
     */
    static Path createSqliteFileOwnerOnly(final String url)
    {
        String rest = url.substring(SQLITE_PREFIX.length());
        final boolean uri = rest.startsWith("file:");
        if (uri)
        {
            rest = rest.substring("file:".length());
        }
        final int query = rest.indexOf('?');
        if (query >= 0)
        {
            if (rest.substring(query).contains("mode=memory"))
            {
                return null;
            }
            rest = rest.substring(0, query);
        }
        if (rest.isEmpty() || rest.startsWith(":") || (uri && rest.contains("%")))
        {
            // In memory; or a file: URI with escapes, whose path SQLite decodes itself.
            return null;
        }
        final Path file = Path.of(rest);
        try
        {
            DataFiles.createFileIfAbsent(file);
        }
        catch (final IOException ex)
        {
            // SQLite's own open of the same path reports the cause in its words.
        }
        return file;
    }

    private void connect() throws SQLException
    {
        final boolean sqlite = url.startsWith(SQLITE_PREFIX);
        if (sqlite)
        {
            createSqliteFileOwnerOnly(url);
        }
        connection = DriverManager.getConnection(url);
        if (sqlite)
        {
            try (Statement s = connection.createStatement())
            {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
            }
        }
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement())
        {
            s.execute("CREATE TABLE IF NOT EXISTS " + POSITION_TABLE + " (sink VARCHAR(128) PRIMARY KEY, " +
                "input_sequence BIGINT NOT NULL, ordinal INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + UNKNOWN_TABLE + " (input_sequence BIGINT NOT NULL, " +
                "ordinal INTEGER NOT NULL, processor VARCHAR(128) NOT NULL, timestamp_ns BIGINT NOT NULL, " +
                "type INTEGER NOT NULL, payload_hex VARCHAR(1024) NOT NULL, PRIMARY KEY (input_sequence, ordinal))");
            for (final EventSchema.EventType type : outputTypes)
            {
                final StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(tableName(type))
                    .append(" (input_sequence BIGINT NOT NULL, ordinal INTEGER NOT NULL, ")
                    .append("processor VARCHAR(128) NOT NULL, timestamp_ns BIGINT NOT NULL");
                for (final EventSchema.Field field : type.fields())
                {
                    ddl.append(", ").append(field.name()).append(" BIGINT NOT NULL");
                }
                s.execute(ddl.append(", PRIMARY KEY (input_sequence, ordinal))").toString());
            }
        }
        connection.commit();
        inserts = new PreparedStatement[outputTypes.size()];
        for (int t = 0; t < outputTypes.size(); t++)
        {
            final EventSchema.EventType type = outputTypes.get(t);
            final StringBuilder sql = new StringBuilder("INSERT INTO ").append(tableName(type))
                .append(" (input_sequence, ordinal, processor, timestamp_ns");
            final StringBuilder values = new StringBuilder(") VALUES (?, ?, ?, ?");
            for (final EventSchema.Field field : type.fields())
            {
                sql.append(", ").append(field.name());
                values.append(", ?");
            }
            inserts[t] = connection.prepareStatement(sql.append(values).append(')').toString());
        }
        unknownInsert = connection.prepareStatement("INSERT INTO " + UNKNOWN_TABLE +
            " (input_sequence, ordinal, processor, timestamp_ns, type, payload_hex) VALUES (?, ?, ?, ?, ?, ?)");
        positionUpdate = connection.prepareStatement(
            "UPDATE " + POSITION_TABLE + " SET input_sequence = ?, ordinal = ? WHERE sink = ?");
    }

    @Override
    public void onOutput(final OutputView output, final boolean endOfBatch)
    {
        final long sequence = output.inputSequence();
        final int ordinal = output.ordinal();
        if (sequence < skipUpToSequence || (sequence == skipUpToSequence && ordinal <= skipUpToOrdinal))
        {
            skipped++;
        }
        else
        {
            final int i = staged++;
            sequences[i] = sequence;
            ordinals[i] = ordinal;
            processors[i] = output.processorName();
            timestamps[i] = output.timestamp();
            types[i] = output.type();
            final int length = Math.min(output.length(), maxLength);
            lengths[i] = length;
            payloads.putBytes(i * maxLength, output.buffer(), output.payloadOffset(), length);
        }
        if (staged > 0 && (endOfBatch || staged == batchSize))
        {
            commitStaged();
        }
    }

    /** Write the staged rows and the position in one transaction, retrying until it commits. */
    private void commitStaged()
    {
        long backoff = TimeUnit.MILLISECONDS.toNanos(20);
        while (true)
        {
            try
            {
                if (null == connection)
                {
                    connect();
                    if (storedPositionCoversStaged())
                    {
                        // The failed attempt's commit went through and only its answer was lost (the connection
                        // died with it): the rows are there, and writing them again would fail forever.
                        break;
                    }
                }
                writeStaged();
                connection.commit();
                break;
            }
            catch (final SQLException | RuntimeException ex)
            {
                retries++;
                lastError = ex.getMessage();
                if (retries == 1 || (retries & 63) == 0)
                {
                    LOG.warn("JDBC sink '{}': transaction of {} rows failed ({} retries so far), retrying: {}",
                        name, staged, retries, ex.toString());
                }
                rollbackAndClose();
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        }
        skipUpToSequence = sequences[staged - 1];
        skipUpToOrdinal = ordinals[staged - 1];
        delivered += staged;
        transactions++;
        for (int i = 0; i < staged; i++)
        {
            processors[i] = null;
        }
        staged = 0;
    }

    /**
     * Whether the stored position has reached the last staged row: rows and position commit together, so the whole
     * batch is then in the database.
     */
    private boolean storedPositionCoversStaged() throws SQLException
    {
        final long lastSequence = sequences[staged - 1];
        final int lastOrdinal = ordinals[staged - 1];
        final boolean covered = selectStoredPosition() && (storedSequence > lastSequence ||
            (storedSequence == lastSequence && storedOrdinal >= lastOrdinal));
        connection.commit();
        if (covered)
        {
            LOG.info("JDBC sink '{}': the transaction of {} rows up to sequence {} committed although its answer " +
                "was lost; going on after it", name, staged, lastSequence);
        }
        return covered;
    }

    /**
     * Read this sink's row of {@code ferrite_sink_position} into {@code storedSequence} and {@code storedOrdinal}.
     *
     * @return false if the row does not exist.
     */
    private boolean selectStoredPosition() throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT input_sequence, ordinal FROM " + POSITION_TABLE + " WHERE sink = ?"))
        {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery())
            {
                if (!rs.next())
                {
                    return false;
                }
                storedSequence = rs.getLong(1);
                storedOrdinal = rs.getInt(2);
                return true;
            }
        }
    }

    private void writeStaged() throws SQLException
    {
        final boolean[] used = new boolean[inserts.length + 1];
        for (int i = 0; i < staged; i++)
        {
            final int t = typeIndex(types[i], lengths[i]);
            final PreparedStatement insert = t < 0 ? unknownInsert : inserts[t];
            insert.setLong(1, sequences[i]);
            insert.setInt(2, ordinals[i]);
            insert.setString(3, processors[i]);
            insert.setLong(4, timestamps[i]);
            if (t < 0)
            {
                insert.setInt(5, types[i]);
                insert.setString(6, hex(i));
                used[inserts.length] = true;
            }
            else
            {
                final List<EventSchema.Field> fields = outputTypes.get(t).fields();
                for (int f = 0; f < fields.size(); f++)
                {
                    insert.setLong(5 + f, fields.get(f).get(payloads, i * maxLength));
                }
                used[t] = true;
            }
            insert.addBatch();
        }
        for (int t = 0; t < inserts.length; t++)
        {
            if (used[t])
            {
                inserts[t].executeBatch();
            }
        }
        if (used[inserts.length])
        {
            unknownInsert.executeBatch();
        }
        positionUpdate.setLong(1, sequences[staged - 1]);
        positionUpdate.setInt(2, ordinals[staged - 1]);
        positionUpdate.setString(3, name);
        if (positionUpdate.executeUpdate() != 1)
        {
            throw new SQLException("row of sink '" + name + "' missing from " + POSITION_TABLE);
        }
    }

    private int typeIndex(final int type, final int length)
    {
        for (int t = 0; t < outputTypes.size(); t++)
        {
            final EventSchema.EventType candidate = outputTypes.get(t);
            if (candidate.id() == type && candidate.length() == length)
            {
                return t;
            }
        }
        return -1;
    }

    private String hex(final int i)
    {
        final StringBuilder b = new StringBuilder(lengths[i] * 2);
        for (int k = 0; k < lengths[i]; k++)
        {
            final int v = payloads.getByte(i * maxLength + k) & 0xFF;
            b.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 0xF, 16));
        }
        return b.toString();
    }

    private void rollbackAndClose()
    {
        if (null != connection)
        {
            try
            {
                connection.rollback();
            }
            catch (final SQLException ignore)
            {
                // The connection is being replaced: a failed rollback leaves nothing committed.
            }
        }
        closeQuietly();
    }

    private void closeQuietly()
    {
        if (null != connection)
        {
            try
            {
                connection.close();
            }
            catch (final SQLException ignore)
            {
                // Closing a broken connection: nothing left to release that the driver will not.
            }
            connection = null;
        }
    }

    /**
     * Close the connection (after the engine stopped).
     */
    public void close()
    {
        closeQuietly();
    }

    /**
     * @return rows committed this run.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return replayed outputs dropped because the table already held them.
     */
    public long skipped()
    {
        return skipped;
    }

    /**
     * @return failed transactions retried this run.
     */
    public long retries()
    {
        return retries;
    }

    /**
     * @return transactions committed this run.
     */
    public long transactions()
    {
        return transactions;
    }

    /**
     * @return the last database error, or null.
     */
    public String lastError()
    {
        return lastError;
    }

    /**
     * @return the URL with any password removed, for reports.
     */
    public String describe()
    {
        return redact(url);
    }

    private static String redact(final String url)
    {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
