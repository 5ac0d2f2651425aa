package io.ferrite.connectors.jdbc;

import io.ferrite.connectors.file.FileSource;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.Engine;
import io.ferrite.engine.RecoveryReport;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.SourceSpec;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.examples.fraud.FraudWorkload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM of the crash loops: CSV file → fraud scorer → JDBC sink, printing RECOVERED, then PROGRESS n every
 * few milliseconds while the source runs, then DONE digest lastSequence. Args: dataDir csvFile jdbcUrl.
 */
public final class SourceToSinkChild
{
    private SourceToSinkChild()
    {
    }

    /**
     * @param args dataDir csvFile jdbcUrl.
     */
    public static void main(final String[] args)
    {
        final Engine engine = build(Path.of(args[0]), Path.of(args[1]), args[2]);
        final RecoveryReport report = engine.start();
        System.out.println("RECOVERED " + report.describe());
        while (!engine.sourcesDone())
        {
            System.out.println("PROGRESS " + engine.lastPublishedSequence());
            LockSupport.parkNanos(5_000_000);
        }
        final SourceStatus source = engine.sources().get(0);
        engine.stop(Duration.ofSeconds(60));
        System.out.println("DONE " + Long.toHexString(engine.stateDigest()) + " " + engine.lastPublishedSequence() +
            " " + source.state() + " " + source.failure());
        engine.close();
    }

    static Engine build(final Path dataDir, final Path csv, final String jdbcUrl)
    {
        final FraudWorkload workload = new FraudWorkload();
        final JdbcSink sink = new JdbcSink(jdbcUrl, "decisions", FraudWorkload.SCHEMA, JdbcSink.BATCH_SIZE_DEFAULT,
            FraudWorkload.MAX_EVENT_LENGTH);
        return Engine.builder()
            .dataDirectory(dataDir)
            .maxEventLength(FraudWorkload.MAX_EVENT_LENGTH)
            .ringSize(4096)
            .waitStrategy(WaitStrategyType.SLEEPING)
            .pipeline(workload.newPipeline())
            .snapshotEvery(15_000)
            .digestEvery(10_000)
            .sink("jdbc", sink)
            .source(SourceSpec.of("transactions",
                FileSource.ofFile(csv, new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.CSV))))
            .build();
    }
}
