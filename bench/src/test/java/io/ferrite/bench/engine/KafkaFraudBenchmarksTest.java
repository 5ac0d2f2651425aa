package io.ferrite.bench.engine;

import io.ferrite.bench.alternatives.PlainKafkaFraudLoopBenchmark;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both sides of the Kafka comparison, once each against one real broker: each delivers every decision, and the
 * engine's output topic and the plain loop's hold the same records in the same order (same topic in, same scorer).
 */
@Tag("slow")
@Timeout(240)
class KafkaFraudBenchmarksTest
{
    private static final int EVENTS = 10_000;

    @Test
    void theEngineAndThePlainLoopShouldProduceTheSameDecisions() throws Exception
    {
        final KafkaFraudBenchmark.KafkaState state = new KafkaFraudBenchmark.KafkaState();
        // Enough to cross many source batches (500 records) and sink flushes; the benchmark itself runs 50,000.
        state.events(EVENTS);
        state.startBroker();
        try
        {
            state.newRun();
            assertEquals(EVENTS, new KafkaFraudBenchmark().kafkaToKafka(state));
            final List<String> engine = values(state);
            state.deleteRun();

            state.newRun();
            assertEquals(EVENTS, new PlainKafkaFraudLoopBenchmark().kafkaToKafka(state));
            final List<String> plain = values(state);
            state.deleteRun();

            assertEquals(EVENTS, engine.size());
            assertEquals(engine, plain, "same topic, same scorer: the same decisions in the same order");
        }
        finally
        {
            state.stopBroker();
        }
    }

    private static List<String> values(final KafkaFraudBenchmark.KafkaState state)
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, state.bootstrapServers());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            final TopicPartition partition = new TopicPartition(state.outputTopic(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)))
                {
                    values.add(new String(record.value(), StandardCharsets.US_ASCII));
                }
            }
        }
        return values;
    }
}
