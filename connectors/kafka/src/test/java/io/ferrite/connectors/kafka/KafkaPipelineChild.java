package io.ferrite.connectors.kafka;

import io.ferrite.connectors.jdbc.JdbcSink;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.Engine;
import io.ferrite.engine.RecoveryReport;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.SourceSpec;
import io.ferrite.examples.fraud.FraudWorkload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM of the Kafka crash loop: Kafka topic → fraud scorer → Kafka topic and PostgreSQL, until the journal holds
 * N events. Prints RECOVERED, PROGRESS n, DONE digest lastSequence state. Args: dataDir bootstrap inTopic outTopic
 * jdbcUrl events.
 */
public final class KafkaPipelineChild
{
    private KafkaPipelineChild()
    {
    }

    /**
     * @param args dataDir bootstrap inTopic outTopic jdbcUrl events.
     */
    public static void main(final String[] args)
    {
        final KafkaSink kafkaSink = new KafkaSink(args[1], args[3],
            new OutputTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL));
        final JdbcSink jdbcSink = new JdbcSink(args[4], "decisions", FraudWorkload.SCHEMA,
            JdbcSink.BATCH_SIZE_DEFAULT, FraudWorkload.MAX_EVENT_LENGTH);
        final Engine engine = build(Path.of(args[0]), args[1], args[2], Long.parseLong(args[5]))
            .sink("kafka", kafkaSink)
            .sink("jdbc", jdbcSink)
            .build();
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
            " " + source.state() + " " + source.failure() + " kafka-skipped " + kafkaSink.skipped() +
            " jdbc-skipped " + jdbcSink.skipped());
        engine.close();
        kafkaSink.close();
        jdbcSink.close();
    }

    static io.ferrite.engine.EngineBuilder build(final Path dataDir, final String bootstrap, final String inTopic,
        final long events)
    {
        return Engine.builder()
            .dataDirectory(dataDir)
            .maxEventLength(FraudWorkload.MAX_EVENT_LENGTH)
            .ringSize(4096)
            .pipeline(new FraudWorkload().newPipeline())
            .snapshotEvery(10_000)
            .digestEvery(10_000)
            .source(new SourceSpec("transactions", new KafkaSource(bootstrap, inTopic,
                new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL), 256, Duration.ofMillis(100)),
                BadRecordPolicy.HALT, null, events, 256));
    }
}
