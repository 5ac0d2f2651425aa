package io.ferrite.connectors.kafka;

import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Sink;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A <b>tracked</b> Kafka sink: each output becomes one record of partition 0 of a topic, its value a JSON line
 * ({@link OutputTextCodec}), its headers {@code ferrite.sequence} (8 bytes) and {@code ferrite.ordinal} (4 bytes, both
 * big endian) naming the input that caused it.
 * <p>
 * <b>Exactly once without transactions:</b> the topic's own tail is the sink's position. At start the sink reads the
 * last record of the partition and reports the input before it as delivered; recovery re-delivers from there and the
 * sink drops every output up to the (sequence, ordinal) the topic already holds. Within a run the producer is
 * idempotent (acks=all, ordered retries), so a send retried after a broker hiccup is not duplicated. If a send
 * fails for good (a broker down past the delivery timeout), the sink keeps every output it has not seen
 * acknowledged, re-reads the tail, and sends again only what the topic lacks: it never drops or duplicates, it
 * waits (and so back-pressures the pipeline) until the broker is back, logging a warning every
 * {@value #WAIT_LOG_SECONDS} s while a batch is unacknowledged and one line when it goes through.
 * <p>
 * Sends are asynchronous (no linger: the producer batches what accumulates while requests are in flight); the sink
 * waits for every acknowledgement at the end of each output batch. <b>Threading:</b> the engine's sink thread
 * only; counters readable from any thread. Allocates per output (Kafka records are objects).
 */
public final class KafkaSink implements Sink
{
    /** Header holding the causing input sequence. */
    public static final String SEQUENCE_HEADER = "ferrite.sequence";
    /** Header holding the output's ordinal. */
    public static final String ORDINAL_HEADER = "ferrite.ordinal";
    /** While a batch waits for the broker, a warning is logged this often, in seconds. */
    public static final int WAIT_LOG_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private static final int PARTITION = 0;

    private final String bootstrapServers;
    private final String topic;
    private final OutputTextCodec codec;
    private final TopicPartition partition;
    private final List<ProducerRecord<byte[], byte[]>> unacknowledged = new ArrayList<>();
    private KafkaProducer<byte[], byte[]> producer;
    private final BackoffIdleStrategy ackIdle = new BackoffIdleStrategy(
        16, 16, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(200));
    private Acks acks = new Acks();
    private Exception sendFailure;
    private long sent;
    private volatile long waits;
    private long skipUpToSequence = -1;
    private int skipUpToOrdinal = -1;
    private volatile long delivered;
    private volatile long skipped;
    private volatile long resends;

    /**
     * @param bootstrapServers HOST:PORT[,...].
     * @param topic            the output topic (must exist).
     * @param codec            encodes each output as the record value.
     */
    public KafkaSink(final String bootstrapServers, final String topic, final OutputTextCodec codec)
    {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.codec = codec;
        this.partition = new TopicPartition(topic, PARTITION);
    }

    @Override
    public long lastDeliveredSequence()
    {
        readTail();
        producer = newProducer();
        return Math.max(0, skipUpToSequence - 1);
    }

    /** A producer with fresh acknowledgement accounting (what the previous one sent is re-checked by the caller). */
    private KafkaProducer<byte[], byte[]> newProducer()
    {
        acks = new Acks();
        sent = 0;
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferrite-sink-" + topic);
        final KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        // Fetch the topic's metadata now: a first send() would otherwise block for it (up to max.block.ms) with the
        // broker gone, before the sink could say it is waiting.
        try
        {
            producer.partitionsFor(topic);
        }
        catch (final RuntimeException ex)
        {
            producer.close(Duration.ZERO);
            throw ex;
        }
        return producer;
    }

    /** Learn the (sequence, ordinal) of the last record the partition holds. */
    private void readTail()
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferrite-sink-tail-" + topic);
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            consumer.assign(List.of(partition));
            final Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(partition), Duration.ofSeconds(60));
            final Map<TopicPartition, Long> begins =
                consumer.beginningOffsets(List.of(partition), Duration.ofSeconds(60));
            final long end = ends.get(partition);
            if (end <= begins.get(partition))
            {
                skipUpToSequence = 0;
                skipUpToOrdinal = -1;
                return;
            }
            consumer.seek(partition, end - 1);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)))
                {
                    if (record.offset() == end - 1)
                    {
                        skipUpToSequence = longHeader(record, SEQUENCE_HEADER);
                        skipUpToOrdinal = (int)longHeader(record, ORDINAL_HEADER);
                        return;
                    }
                }
            }
            throw new IllegalStateException("Kafka sink: cannot read the last record (offset " + (end - 1) + ") of " +
                partition + " within 60 s");
        }
    }

    private static long longHeader(final ConsumerRecord<byte[], byte[]> record, final String key)
    {
        final Header header = record.headers().lastHeader(key);
        if (null == header)
        {
            throw new IllegalStateException("Kafka sink: record " + record.offset() + " of " + record.topic() + "-" +
                record.partition() + " has no " + key + " header: the topic holds records not written by a Ferrite " +
                "sink, so its tail cannot say what was delivered");
        }
        final ByteBuffer value = ByteBuffer.wrap(header.value());
        return header.value().length == 8 ? value.getLong() : value.getInt();
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
            final int length = codec.encode(output);
            final byte[] value = new byte[length - 1];
            codec.line().getBytes(0, value, 0, length - 1);
            final RecordHeaders headers = new RecordHeaders();
            headers.add(SEQUENCE_HEADER, ByteBuffer.allocate(8).putLong(sequence).array());
            headers.add(ORDINAL_HEADER, ByteBuffer.allocate(4).putInt(ordinal).array());
            final ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, PARTITION, null, null, value, headers);
            unacknowledged.add(record);
            if (null == sendFailure)
            {
                send(record);
            }
        }
        if (endOfBatch)
        {
            flushUntilAcknowledged();
        }
    }

    private void send(final ProducerRecord<byte[], byte[]> record)
    {
        sent++;
        try
        {
            producer.send(record, acks);
        }
        catch (final RuntimeException ex)
        {
            sendFailure = ex;
        }
    }

    /**
     * Counts the acknowledgements of one producer's sends (one instance per producer, so a late callback of a closed
     * producer cannot be taken for one of its successor's). Runs on that producer's I/O thread.
     */
    private static final class Acks implements Callback
    {
        volatile long acknowledged;
        volatile Exception failure;

        @Override
        public void onCompletion(final RecordMetadata metadata, final Exception exception)
        {
            if (null != exception && null == failure)
            {
                failure = exception;
            }
            acknowledged++;
        }
    }

    /**
     * Wait until every send so far is acknowledged or one failed (the producer retries on its own until its delivery
     * timeout), saying so while it takes long.
     */
    private void awaitAcknowledgements()
    {
        final long startNs = System.nanoTime();
        long nextLogNs = startNs + TimeUnit.SECONDS.toNanos(WAIT_LOG_SECONDS);
        boolean logged = false;
        ackIdle.reset();
        final Acks acks = this.acks;
        while (acks.acknowledged < sent && null == acks.failure && null == sendFailure)
        {
            ackIdle.idle();
            final long now = System.nanoTime();
            if (now - nextLogNs >= 0)
            {
                if (!logged)
                {
                    waits++;
                    logged = true;
                }
                LOG.warn("Kafka sink {}: waiting {} s for broker {} to acknowledge {} outputs; the pipeline waits " +
                    "behind this sink", topic, TimeUnit.NANOSECONDS.toSeconds(now - startNs), bootstrapServers,
                    sent - acks.acknowledged);
                nextLogNs = now + TimeUnit.SECONDS.toNanos(WAIT_LOG_SECONDS);
            }
        }
        if (null == sendFailure)
        {
            sendFailure = acks.failure;
        }
        if (logged && null == sendFailure)
        {
            LOG.info("Kafka sink {}: broker {} acknowledged after {} s; delivering on", topic, bootstrapServers,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs));
        }
    }

    /**
     * Wait for every send of the batch; if any failed, replace the producer, find what the topic holds and resend the
     * rest, until all are acknowledged.
     */
    private void flushUntilAcknowledged()
    {
        long backoff = TimeUnit.MILLISECONDS.toNanos(100);
        while (true)
        {
            awaitAcknowledgements();
            if (null == sendFailure)
            {
                break;
            }
            resends++;
            LOG.warn("Kafka sink {}: sends failed ({}), re-reading the topic tail and resending", topic,
                sendFailure.toString());
            if (null != producer)
            {
                producer.close(Duration.ZERO);
                producer = null;
            }
            LockSupport.parkNanos(backoff);
            backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toNanos(2));
            try
            {
                readTail();
                producer = newProducer();
                sendFailure = null;
                for (final ProducerRecord<byte[], byte[]> record : unacknowledged)
                {
                    final long sequence = ByteBuffer.wrap(record.headers().lastHeader(SEQUENCE_HEADER).value()).getLong();
                    final int ordinal = ByteBuffer.wrap(record.headers().lastHeader(ORDINAL_HEADER).value()).getInt();
                    if (sequence > skipUpToSequence || (sequence == skipUpToSequence && ordinal > skipUpToOrdinal))
                    {
                        send(record);
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                // The broker is still away (the tail or the metadata could not be read): try again after a pause.
                sendFailure = ex;
            }
        }
        delivered += unacknowledged.size();
        unacknowledged.clear();
    }

    /**
     * @return outputs acknowledged by the broker this run.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return replayed outputs dropped because the topic already held them.
     */
    public long skipped()
    {
        return skipped;
    }

    /**
     * @return times a failed batch was re-checked against the topic and resent.
     */
    public long resends()
    {
        return resends;
    }

    /**
     * @return batches that waited longer than {@value #WAIT_LOG_SECONDS} s for the broker (any thread).
     */
    public long waits()
    {
        return waits;
    }

    /**
     * @return where the outputs go.
     */
    public String describe()
    {
        return "kafka://" + bootstrapServers + "/" + topic;
    }

    /**
     * Close the producer (after the engine stopped).
     */
    public void close()
    {
        if (null != producer)
        {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
