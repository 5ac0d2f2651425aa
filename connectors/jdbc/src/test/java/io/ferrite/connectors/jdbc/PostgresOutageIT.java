package io.ferrite.connectors.jdbc;

import io.ferrite.connectors.file.FileSource;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.Engine;
import io.ferrite.engine.SourceSpec;
import io.ferrite.examples.fraud.FraudWorkload;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real PostgreSQL server stopped in the middle of a run and started again: the JDBC sink retries, the pipeline waits
 * behind it (the source stops reading), and when the server is back every output lands exactly once.
 */
@Tag("slow")
@Timeout(240)
class PostgresOutageIT
{
    private static final int EVENTS = 40_000;

    @TempDir
    Path dir;

    @Test
    void shouldBackPressureWhileTheDatabaseIsDownAndLoseNothing() throws Exception
    {
        final Path csv = dir.resolve("transactions.csv");
        FraudCsv.write(csv, TextFormat.CSV, EVENTS, 3);
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final Path pgData = dir.resolve("pg");
        EmbeddedPostgres postgres = start(pgData, port);
        final String url = postgres.getJdbcUrl("postgres", "postgres");
        final JdbcSink sink = new JdbcSink(url, "decisions", FraudWorkload.SCHEMA, 500,
            FraudWorkload.MAX_EVENT_LENGTH);
        final Engine engine = Engine.builder()
            .dataDirectory(dir.resolve("data"))
            .maxEventLength(FraudWorkload.MAX_EVENT_LENGTH)
            .ringSize(1024)
            .pipeline(new FraudWorkload().newPipeline())
            .sink("jdbc", sink)
            .source(SourceSpec.of("transactions",
                FileSource.ofFile(csv, new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.CSV))))
            .build();
        try
        {
            engine.start();
            await(() -> sink.delivered() >= 2_000, "first rows delivered");
            postgres.close();
            await(() -> sink.retries() > 0, "the sink noticed the outage");
            final long stalledAt = engine.lastPublishedSequence();
            assertTrue(stalledAt < EVENTS, "the source must wait behind the database, published " + stalledAt);

            postgres = start(pgData, port);
            await(engine::sourcesDone, "the source reached the end of the file");
            assertTrue(engine.stop(Duration.ofSeconds(60)));
            assertEquals(EVENTS, engine.lastPublishedSequence());
            assertEquals(EVENTS, sink.delivered(), "every output committed once");
            Verify.oneRowPerInput(url, EVENTS);
        }
        finally
        {
            engine.close();
            sink.close();
            postgres.close();
        }
    }

    private static EmbeddedPostgres start(final Path data, final int port) throws java.io.IOException
    {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
