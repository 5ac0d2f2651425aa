package io.ferrite.connectors.kafka;

import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.engine.processor.MutableEvent;
import io.ferrite.engine.Source;
import io.ferrite.engine.SourceBatch;
import io.ferrite.engine.SourcePositions;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Reads events from every partition of a Kafka topic, one record value per event, decoded as a JSON line (or CSV
 * row without header) by an {@link EventTextCodec}. Never ends: the engine stops it.
 * <p>
 * <b>Position:</b> (partition, the next offset to read). The engine's journal, not Kafka's committed offsets, decides
 * where a restarted source resumes: it is assigned the partitions directly (no consumer group, nothing committed)
 * and seeks each to the offset after its last journaled record, or to the beginning on a first run.
 * <b>Note:</b> records of different partitions interleave in whatever order the consumer returns them; the journal
 * fixes that order for replay, but a run killed and resumed may interleave partitions differently from one that was
 * not. Use one partition where the order across keys matters.
 * <p>
 * A broker that goes away is waited for (the consumer reconnects): while polls come back empty the source asks the
 * broker for the partitions' end offsets every {@value #REACHABILITY_CHECK_SECONDS} s, logs one warning when it cannot
 * reach it and one line when it can again, and counts the outages ({@link #outages()}). Nothing is skipped or read
 * twice across an outage: the consumer's positions do not move while it waits. A record whose value does not decode
 * is handed to the engine as a rejected record naming topic, partition and offset.
 */
public final class KafkaSource implements Source
{
    /** How often an idle source checks that the broker is still reachable, in seconds. */
    public static final int REACHABILITY_CHECK_SECONDS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    private static final Duration REACHABILITY_TIMEOUT = Duration.ofMillis(500);

    private final String bootstrapServers;
    private final String topic;
    private final EventTextCodec codec;
    private final int maxPollRecords;
    private final Duration pollTimeout;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private KafkaConsumer<byte[], byte[]> consumer;
    private Iterator<ConsumerRecord<byte[], byte[]>> pending;
    private long nextReachabilityCheckNs;
    private boolean unreachable;
    private volatile long outages;

    /**
     * @param bootstrapServers HOST:PORT[,HOST:PORT...].
     * @param topic            the topic.
     * @param codec            decodes each record value.
     * @param maxPollRecords   records fetched per poll at most (the engine's source batch size is a good value).
     * @param pollTimeout      how long one poll may wait for records.
     */
    public KafkaSource(final String bootstrapServers, final String topic, final EventTextCodec codec,
        final int maxPollRecords, final Duration pollTimeout)
    {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.codec = codec;
        this.maxPollRecords = maxPollRecords;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public void open(final SourcePositions resume)
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferrite-source-" + topic);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try
        {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
            if (null == infos || infos.isEmpty())
            {
                throw new IllegalArgumentException("Kafka topic '" + topic + "' does not exist on " + bootstrapServers);
            }
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo info : infos)
            {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            for (final TopicPartition partition : partitions)
            {
                if (resume.contains(partition.partition()))
                {
                    consumer.seek(partition, resume.offset(partition.partition(), 0));
                }
                else
                {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            consumer = null;
            throw ex;
        }
    }

    @Override
    public int poll(final SourceBatch batch)
    {
        if (null == pending || !pending.hasNext())
        {
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
            if (records.isEmpty())
            {
                checkReachable();
                return 0;
            }
            if (unreachable)
            {
                reachableAgain();
            }
            nextReachabilityCheckNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(REACHABILITY_CHECK_SECONDS);
            pending = records.iterator();
        }
        int added = 0;
        while (batch.remaining() > 0 && pending.hasNext())
        {
            final ConsumerRecord<byte[], byte[]> record = pending.next();
            final byte[] value = record.value();
            final int partition = record.partition();
            final long next = record.offset() + 1;
            if (null == value)
            {
                batch.reject(partition, next, 0, "record without a value", view, 0, 0);
            }
            else
            {
                view.wrap(value);
                int length = value.length;
                while (length > 0 && (value[length - 1] == '\n' || value[length - 1] == '\r'))
                {
                    length--;
                }
                final MutableEvent event = batch.next();
                final String problem = codec.decode(view, 0, length, event);
                if (null == problem)
                {
                    batch.commit(partition, next, 0);
                }
                else
                {
                    batch.reject(partition, next, 0, problem, view, 0, length);
                }
            }
            added++;
        }
        return added;
    }

    /**
     * An empty poll cannot tell "no new records" from "no broker"; while idle, ask for the end offsets now and then.
     */
    private void checkReachable()
    {
        final long now = System.nanoTime();
        if (now - nextReachabilityCheckNs < 0)
        {
            return;
        }
        nextReachabilityCheckNs = now + TimeUnit.SECONDS.toNanos(REACHABILITY_CHECK_SECONDS);
        try
        {
            consumer.endOffsets(consumer.assignment(), REACHABILITY_TIMEOUT);
            if (unreachable)
            {
                reachableAgain();
            }
        }
        catch (final TimeoutException ex)
        {
            if (!unreachable)
            {
                unreachable = true;
                outages++;
                LOG.warn("Kafka source {}: broker {} unreachable; waiting for it, positions kept ({})", topic,
                    bootstrapServers, positions());
            }
        }
    }

    private void reachableAgain()
    {
        unreachable = false;
        LOG.info("Kafka source {}: broker {} reachable again; reading on from {}", topic, bootstrapServers,
            positions());
    }

    private String positions()
    {
        final StringBuilder text = new StringBuilder();
        for (final TopicPartition partition : consumer.assignment())
        {
            text.append(text.length() == 0 ? "" : ", ").append(partition).append(" offset ");
            try
            {
                text.append(consumer.position(partition, REACHABILITY_TIMEOUT));
            }
            catch (final TimeoutException ex)
            {
                text.append("not yet known");
            }
        }
        return text.toString();
    }

    /**
     * @return times the source found the broker unreachable and started waiting for it (any thread).
     */
    public long outages()
    {
        return outages;
    }

    @Override
    public String describePosition(final int partition, final long offset, final long aux)
    {
        return topic + "-" + partition + " offset " + (offset - 1);
    }

    @Override
    public void close()
    {
        if (null != consumer)
        {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
    }
}
