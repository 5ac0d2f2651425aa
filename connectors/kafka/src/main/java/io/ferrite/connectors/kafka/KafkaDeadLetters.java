package io.ferrite.connectors.kafka;

import io.ferrite.engine.DeadLetterChannel;
import org.agrona.DirectBuffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Dead letters as records of a Kafka topic: the raw value, with headers {@code ferrite.source},
 * {@code ferrite.position} and {@code ferrite.reason}. Each send is waited for before the skip is recorded.
 */
public final class KafkaDeadLetters implements DeadLetterChannel
{
    private final String bootstrapServers;
    private final String topic;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param bootstrapServers HOST:PORT[,...].
     * @param topic            the dead-letter topic.
     */
    public KafkaDeadLetters(final String bootstrapServers, final String topic)
    {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public void deadLetter(
        final String sourceName, final String position, final String reason, final DirectBuffer record,
        final int offset, final int length)
    {
        if (null == producer)
        {
            final Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        final byte[] value = new byte[length];
        record.getBytes(offset, value);
        final RecordHeaders headers = new RecordHeaders();
        headers.add("ferrite.source", sourceName.getBytes(StandardCharsets.UTF_8));
        headers.add("ferrite.position", position.getBytes(StandardCharsets.UTF_8));
        headers.add("ferrite.reason", reason.getBytes(StandardCharsets.UTF_8));
        try
        {
            producer.send(new ProducerRecord<byte[], byte[]>(topic, null, null, (byte[])null, value, headers)).get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + position + " to " + topic, ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("cannot dead-letter " + position + " to Kafka topic " + topic + ": " +
                ex.getCause(), ex);
        }
    }

    @Override
    public String describe()
    {
        return "kafka://" + bootstrapServers + "/" + topic;
    }

    @Override
    public void close()
    {
        if (null != producer)
        {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
