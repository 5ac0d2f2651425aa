package io.ferrite.bench.engine;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.alternatives.PlainKafkaFraudLoopBenchmark;
import io.ferrite.connectors.kafka.KafkaSink;
import io.ferrite.connectors.kafka.KafkaSource;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.SourceSpec;
import io.ferrite.engine.processor.Workload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Kafka topic → fraud scorer → Kafka topic through the engine: a {@link KafkaSource}, the journal, the scorer and a
 * tracked {@link KafkaSink} (idempotent producer, acks=all, every batch acknowledged before the next),
 * {@value #EVENTS} transactions per invocation into a fresh data directory and a fresh output topic. Side by side with
 * {@link PlainKafkaFraudLoopBenchmark#kafkaToKafka}: the same topic consumed, decoded by the same codec, scored by the
 * same processor and produced with the same producer settings by a hand-written loop on one thread, with no journal
 * and no exactly-once bookkeeping.
 * <p>
 * The broker is a real single-node KRaft Kafka in the benchmark's own JVM ({@code KafkaClusterTestKit}), on
 * loopback: it shares the cores with what is measured, equally for both sides.
 */
public class KafkaFraudBenchmark extends BenchmarkDefaults
{
    /**
     * Transactions in the input topic, and per invocation: large enough that starting the engine (or the plain
     * loop's clients) is a small part of an invocation, small enough for several invocations in a {@code --fast} run.
     */
    public static final int EVENTS = 50_000;
    /** The input topic (one partition). */
    public static final String INPUT_TOPIC = "transactions";

    /**
     * A broker and the input topic (per trial); a fresh output topic and run directory (per invocation).
     */
    @State(Scope.Thread)
    public static class KafkaState
    {
        private KafkaClusterTestKit kafka;
        private Path files;
        private Path run;
        private Workload workload;
        private String outputTopic;
        private int invocation;
        private int events = EVENTS;

        /**
         * Start the broker and fill the input topic with the fraud workload's first {@value #EVENTS} events as JSON
         * lines.
         *
         * @throws Exception if the broker cannot start or the topic cannot be filled.
         */
        @Setup(Level.Trial)
        public void startBroker() throws Exception
        {
            workload = Workloads.find("fraud");
            files = BenchFiles.newDirectory("kafka-broker");
            kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBaseDirectory(files).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            createTopic(INPUT_TOPIC);
            produceTransactions(workload, bootstrapServers(), events);
        }

        /**
         * A fresh output topic (the tracked sink takes a topic's tail as delivered) and data directory.
         *
         * @throws Exception if the topic cannot be created.
         */
        @Setup(Level.Invocation)
        public void newRun() throws Exception
        {
            outputTopic = "decisions-" + (++invocation);
            createTopic(outputTopic);
            run = BenchFiles.newDirectory("kafka-run");
        }

        /**
         * Delete the invocation's topic and files.
         *
         * @throws Exception if the topic cannot be deleted.
         */
        @TearDown(Level.Invocation)
        public void deleteRun() throws Exception
        {
            try (Admin admin = admin())
            {
                admin.deleteTopics(List.of(outputTopic)).all().get(60, TimeUnit.SECONDS);
            }
            BenchFiles.delete(run);
        }

        /**
         * Stop the broker and delete its files.
         *
         * @throws Exception if the broker does not stop.
         */
        @TearDown(Level.Trial)
        public void stopBroker() throws Exception
        {
            kafka.close();
            BenchFiles.delete(files);
        }

        /**
         * @return HOST:PORT of the broker.
         */
        public String bootstrapServers()
        {
            return kafka.bootstrapServers();
        }

        /**
         * @return events per invocation: {@value #EVENTS} unless a test set fewer.
         */
        public int events()
        {
            return events;
        }

        /**
         * For the test that checks both sides once: fewer events than a measurement needs. Call before
         * {@link #startBroker()}.
         *
         * @param events events per invocation.
         */
        void events(final int events)
        {
            this.events = events;
        }

        /**
         * @return this invocation's output topic.
         */
        public String outputTopic()
        {
            return outputTopic;
        }

        /**
         * @return this invocation's directory.
         */
        public Path run()
        {
            return run;
        }

        /**
         * @return the fraud workload.
         */
        public Workload workload()
        {
            return workload;
        }

        private Admin admin()
        {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        }

        private void createTopic(final String topic) throws Exception
        {
            try (Admin admin = admin())
            {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short)1))).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * @param state the broker, topics and directories.
     * @return outputs delivered.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long kafkaToKafka(final KafkaState state)
    {
        final Workload workload = state.workload;
        final KafkaSink sink = new KafkaSink(state.bootstrapServers(), state.outputTopic,
            new OutputTextCodec(workload.eventSchema(), TextFormat.JSONL));
        ConnectorRuns.runToEnd(workload, state.run, "kafka", sink, sink::delivered,
            new SourceSpec("transactions", new KafkaSource(state.bootstrapServers(), INPUT_TOPIC,
                new EventTextCodec(workload.eventSchema(), TextFormat.JSONL), 500, Duration.ofMillis(100)),
                BadRecordPolicy.HALT, null, state.events(), 500),
            state.events(), "records");
        final long delivered = sink.delivered();
        sink.close();
        return delivered;
    }

    /**
     * Produce a workload's first events into {@value #INPUT_TOPIC} as JSON lines.
     *
     * @param workload  the workload (its generator and schema).
     * @param bootstrap the broker.
     * @param events    how many.
     * @throws IOException never in practice: sending only queues the record.
     */
    static void produceTransactions(final Workload workload, final String bootstrap, final int events)
        throws IOException
    {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()))
        {
            // A record holds the line without its newline.
            ConnectorRuns.encodeEvents(workload, new EventTextCodec(workload.eventSchema(), TextFormat.JSONL), events,
                (line, length) -> producer.send(
                    new ProducerRecord<>(INPUT_TOPIC, 0, null, Arrays.copyOf(line, length - 1))));
            producer.flush();
        }
    }
}
