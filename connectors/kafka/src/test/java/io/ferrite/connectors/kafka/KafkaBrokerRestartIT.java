package io.ferrite.connectors.kafka;

import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.Engine;
import io.ferrite.engine.SourceSpec;
import io.ferrite.examples.fraud.FraudWorkload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka → fraud → Kafka with the broker (a child JVM) killed by SIGKILL in the middle of a run and started again on
 * the same port and log directory. While it is down the source and the sink both wait and say so (each counts an
 * outage); the engine does not crash. Records produced only after the restart must still arrive. At the end the
 * journal holds exactly the topic's records in order, the output topic holds exactly one output per (input sequence,
 * ordinal) in order, and the state digest equals a run that saw no outage.
 */
@Tag("slow")
@Timeout(300)
class KafkaBrokerRestartIT
{
    private static final int BEFORE_OUTAGE = 20_000;
    private static final int EVENTS = 30_000;
    /**
     * Room for every record produced before the outage: a sink waiting for the broker holds up the pipeline behind it
     * (back-pressure), and the source must still reach the end of what it fetched and meet the outage itself.
     */
    private static final int RING = 32_768;

    @TempDir
    Path dir;

    @Test
    void shouldWaitForARestartedBrokerAndLoseOrRepeatNothing() throws Exception
    {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.format(dir.resolve("kafka")))
        {
            broker.start();
            final String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))
            {
                admin.createTopics(List.of(new NewTopic("transactions", 1, (short)1),
                    new NewTopic("decisions", 1, (short)1), new NewTopic("reference-decisions", 1, (short)1)))
                    .all().get(60, TimeUnit.SECONDS);
            }
            final List<String> inputs =
                new ArrayList<>(KafkaToPostgresCrashIT.produceTransactions(bootstrap, 1, BEFORE_OUTAGE));

            final KafkaSource source = source(bootstrap);
            final KafkaSink sink = new KafkaSink(bootstrap, "decisions",
                new OutputTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL));
            final Path data = dir.resolve("data");
            final Engine engine = engine(data, source, sink);
            final long digest;
            try
            {
                engine.start();
                // Kill while outputs are on their way to the broker, so the sink (not only the source) meets the
                // outage with sends in flight.
                await(() -> sink.delivered() >= BEFORE_OUTAGE / 10 &&
                    sink.delivered() + 1024 < engine.lastPublishedSequence(), "the source running ahead of the sink");
                final long publishedAtKill = engine.lastPublishedSequence();
                broker.kill();

                await(() -> source.outages() > 0, "the source to report the broker unreachable");
                await(() -> sink.waits() > 0, "the sink to report it is waiting for acknowledgements");
                assertTrue(engine.lastPublishedSequence() <= BEFORE_OUTAGE, "published " +
                    engine.lastPublishedSequence() + " (killed at " + publishedAtKill + ")");
                assertTrue(sink.delivered() < engine.lastPublishedSequence(), "the sink cannot deliver while the " +
                    "broker is down: delivered " + sink.delivered());

                broker.start();
                inputs.addAll(KafkaToPostgresCrashIT.produceTransactions(bootstrap, BEFORE_OUTAGE + 1, EVENTS));
                await(engine::sourcesDone, "the source to read every record, the last ones produced after restart");
                assertTrue(engine.stop(Duration.ofSeconds(60)), "engine stopped and drained");
                assertEquals(EVENTS, engine.lastPublishedSequence());
                digest = engine.stateDigest();
            }
            finally
            {
                engine.close();
                sink.close();
            }
            final long referenceDigest = referenceRun(bootstrap);
            assertEquals(Long.toHexString(referenceDigest), Long.toHexString(digest),
                "state digest vs a run without an outage");

            KafkaToPostgresCrashIT.assertJournalHolds(data, inputs);
            final List<String> expected = KafkaToPostgresCrashIT.outputs(bootstrap, "reference-decisions");
            assertEquals(EVENTS, expected.size());
            assertEquals(expected, KafkaToPostgresCrashIT.outputs(bootstrap, "decisions"),
                "output topic: every output once, in order");
        }
    }

    private long referenceRun(final String bootstrap)
    {
        final KafkaSink sink = new KafkaSink(bootstrap, "reference-decisions",
            new OutputTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL));
        final Engine engine = engine(dir.resolve("reference"), source(bootstrap), sink);
        try
        {
            engine.start();
            await(engine::sourcesDone, "the reference run to read every record");
            assertTrue(engine.stop(Duration.ofSeconds(60)));
            assertEquals(EVENTS, engine.lastPublishedSequence());
            return engine.stateDigest();
        }
        finally
        {
            engine.close();
            sink.close();
        }
    }

    private static KafkaSource source(final String bootstrap)
    {
        return new KafkaSource(bootstrap, "transactions", new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL),
            256, Duration.ofMillis(100));
    }

    private static Engine engine(final Path data, final KafkaSource source, final KafkaSink sink)
    {
        return Engine.builder()
            .dataDirectory(data)
            .maxEventLength(FraudWorkload.MAX_EVENT_LENGTH)
            .ringSize(RING)
            .pipeline(new FraudWorkload().newPipeline())
            .snapshotEvery(10_000)
            .digestEvery(10_000)
            .sink("kafka", sink)
            .source(new SourceSpec("transactions", source, BadRecordPolicy.HALT, null, EVENTS, 256))
            .build();
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
