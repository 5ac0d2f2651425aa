package io.ferrite.connectors.kafka;

import io.ferrite.connectors.file.test.ScratchEvent;
import io.ferrite.connectors.jdbc.JdbcSink;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.Engine;
import io.ferrite.examples.fraud.FraudGenerator;
import io.ferrite.examples.fraud.FraudWorkload;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import io.ferrite.journal.test.ChildJvm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka → fraud → Kafka and PostgreSQL, against a real KRaft broker (in this JVM) and a real PostgreSQL server,
 * with the engine (a child JVM) killed by SIGKILL at random moments mid-run and restarted each time. At the end the
 * journal holds exactly the topic's records in order, the output topic holds every output exactly once and in
 * order, the table holds exactly one row per (input sequence, ordinal), and the state digest equals an uncrashed
 * run's.
 */
@Tag("slow")
@Timeout(420)
class KafkaToPostgresCrashIT
{
    private static final int EVENTS = 120_000;
    private static final int KILLS = 4;
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the test kit's close() may throw InterruptedException: fine in a test
    void shouldDeliverExactlyOnceToKafkaAndPostgresAcrossSigkill() throws Exception
    {
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBaseDirectory(dir.resolve("kafka")).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start())
        {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            final String bootstrap = kafka.bootstrapServers();
            try (Admin admin = kafka.admin())
            {
                admin.createTopics(List.of(new NewTopic("transactions", 1, (short)1),
                    new NewTopic("decisions", 1, (short)1), new NewTopic("reference-decisions", 1, (short)1)))
                    .all().get();
            }
            final List<String> inputs = produceTransactions(bootstrap, 1, EVENTS);
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement())
            {
                s.execute("CREATE DATABASE reference");
                s.execute("CREATE DATABASE crashed");
            }
            final String referenceUrl = postgres.getJdbcUrl("postgres", "reference");
            final String url = postgres.getJdbcUrl("postgres", "crashed");

            final long referenceDigest = referenceRun(bootstrap, referenceUrl);

            final Path data = dir.resolve("crashed");
            final Random random = new Random(5);
            final List<String> recoveries = new ArrayList<>();
            for (int k = 0; k < KILLS; k++)
            {
                final long killAfter = (long)EVENTS * k / KILLS + 1 + random.nextInt(EVENTS / KILLS - 1);
                try (ChildJvm child = launch(data, bootstrap, url))
                {
                    recoveries.add(child.awaitLine(line -> line.startsWith("RECOVERED"), START));
                    child.awaitLine(line -> line.startsWith("PROGRESS ") &&
                        Long.parseLong(line.substring(9)) >= killAfter, START);
                    assertTrue(child.isAlive(), child.output());
                    child.kill();
                }
            }
            final String done;
            try (ChildJvm child = launch(data, bootstrap, url))
            {
                recoveries.add(child.awaitLine(line -> line.startsWith("RECOVERED"), START));
                done = child.awaitLine(line -> line.startsWith("DONE "), Duration.ofSeconds(120));
                assertEquals(0, child.waitFor(Duration.ofSeconds(30)), child.output());
            }
            final String[] parts = done.split(" ");
            assertEquals("ENDED", parts[3], done);
            assertEquals(EVENTS, Long.parseLong(parts[2]), done);
            assertEquals(Long.toHexString(referenceDigest), parts[1], "state digest vs the uncrashed run");

            assertJournalHolds(data, inputs);
            final List<String> expected = outputs(bootstrap, "reference-decisions");
            assertEquals(EVENTS, expected.size());
            assertEquals(expected, outputs(bootstrap, "decisions"), "output topic: every output once, in order");
            assertOneRowPerInput(url);
            assertEquals(rows(referenceUrl), rows(url), "decision table vs the uncrashed run");
        }
    }

    private long referenceRun(final String bootstrap, final String referenceUrl)
    {
        final KafkaSink kafkaSink = new KafkaSink(bootstrap, "reference-decisions",
            new io.ferrite.connectors.text.OutputTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL));
        final JdbcSink jdbcSink = new JdbcSink(referenceUrl, "decisions", FraudWorkload.SCHEMA,
            JdbcSink.BATCH_SIZE_DEFAULT, FraudWorkload.MAX_EVENT_LENGTH);
        final Engine engine = KafkaPipelineChild.build(dir.resolve("reference"), bootstrap, "transactions", EVENTS)
            .sink("kafka", kafkaSink).sink("jdbc", jdbcSink).build();
        engine.start();
        while (!engine.sourcesDone())
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(engine.stop(Duration.ofSeconds(60)));
        assertEquals(EVENTS, engine.lastPublishedSequence());
        final long digest = engine.stateDigest();
        engine.close();
        kafkaSink.close();
        jdbcSink.close();
        return digest;
    }

    /** Produce the fraud generator's transactions from..to (seed 9) as JSON lines; returns the lines. */
    static List<String> produceTransactions(final String bootstrap, final long from, final long to)
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL);
        final FraudGenerator generator = new FraudGenerator(9);
        final ScratchEvent event = new ScratchEvent(64);
        final List<String> lines = new ArrayList<>();
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()))
        {
            for (long i = from; i <= to; i++)
            {
                event.sequence = i;
                generator.generate(event);
                final int length = codec.encode(event.type, event.timestamp, event.buffer, 0, event.length);
                final String line = codec.line().getStringWithoutLengthAscii(0, length - 1);
                lines.add(line);
                producer.send(new ProducerRecord<>("transactions", line.getBytes(StandardCharsets.US_ASCII)));
            }
            producer.flush();
        }
        return lines;
    }

    static void assertJournalHolds(final Path data, final List<String> inputs)
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL);
        int count = 0;
        try (Journal journal = Journal.open(new JournalConfig().directory(data.resolve("journal")).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final JournalRecord record = new JournalRecord();
            while (reader.next(record))
            {
                final int length = codec.encode(record.type(), record.timestamp(), record.buffer(),
                    record.payloadOffset(), record.length());
                assertEquals(inputs.get(count), codec.line().getStringWithoutLengthAscii(0, length - 1),
                    "journal record " + record.sequence());
                count++;
            }
        }
        assertEquals(inputs.size(), count, "records in the journal");
    }

    /**
     * Every record of partition 0 as "sequence/ordinal value", checking as it goes that output k names input k with
     * ordinal 0 (the fraud scorer emits exactly one output per input): a duplicate, a gap or a reordering fails.
     */
    static List<String> outputs(final String bootstrap, final String topic)
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)))
                {
                    final long sequence =
                        ByteBuffer.wrap(record.headers().lastHeader(KafkaSink.SEQUENCE_HEADER).value()).getLong();
                    final int ordinal =
                        ByteBuffer.wrap(record.headers().lastHeader(KafkaSink.ORDINAL_HEADER).value()).getInt();
                    assertEquals(values.size() + 1, sequence, "output " + record.offset() + " of " + topic);
                    assertEquals(0, ordinal, "the fraud scorer emits one output per input: output " +
                        record.offset() + " of " + topic);
                    values.add(sequence + "/" + ordinal + " " + new String(record.value(), StandardCharsets.US_ASCII));
                }
            }
        }
        return values;
    }

    private static void assertOneRowPerInput(final String url) throws Exception
    {
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement();
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
            assertEquals(EVENTS, expected - 1, "rows");
        }
    }

    private static List<String> rows(final String url) throws Exception
    {
        final List<String> rows = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM decision ORDER BY input_sequence, ordinal"))
        {
            final int columns = rs.getMetaData().getColumnCount();
            while (rs.next())
            {
                final StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++)
                {
                    row.append(rs.getString(i)).append(',');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static ChildJvm launch(final Path data, final String bootstrap, final String url)
    {
        return ChildJvm.builder(KafkaPipelineChild.class).jvmArg("-Xmx256m")
            .args(data.toString(), bootstrap, "transactions", "decisions", url, Integer.toString(EVENTS)).start();
    }
}
