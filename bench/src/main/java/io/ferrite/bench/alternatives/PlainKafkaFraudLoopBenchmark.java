package io.ferrite.bench.alternatives;

import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.engine.KafkaFraudBenchmark;
import io.ferrite.connectors.kafka.KafkaSink;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.Workload;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * What a user would write by hand instead of {@link KafkaFraudBenchmark}: a consume → score → produce loop on one
 * thread. Poll the input topic, decode each value with the same codec, call the fraud scorer directly, encode each
 * decision with the same codec and send it with the same producer settings and headers as the {@link KafkaSink}
 * (idempotent, acks=all), flushing after every poll (the at-least-once pattern: flush, then a consumer would commit
 * its offsets). No journal, no recovery, no exactly-once position: the floor the engine's pipeline is compared with.
 */
public class PlainKafkaFraudLoopBenchmark extends BenchmarkDefaults
{
    /**
     * @param state the same broker, input topic and fresh output topic as the engine benchmark.
     * @return records produced.
     */
    @Benchmark
    @OperationsPerInvocation(KafkaFraudBenchmark.EVENTS)
    public long kafkaToKafka(final KafkaFraudBenchmark.KafkaState state)
    {
        final Workload workload = state.workload();
        final EventTextCodec codec = new EventTextCodec(workload.eventSchema(), TextFormat.JSONL);
        final OutputTextCodec outputCodec = new OutputTextCodec(workload.eventSchema(), TextFormat.JSONL);
        final Processor scorer = workload.newPipeline().processors().get(0).processor();
        final String scorerName = workload.newPipeline().processors().get(0).name();
        final BareContext context = new BareContext(workload.maxEventLength());
        final String topic = state.outputTopic();
        final PlainOutput output = new PlainOutput(context);
        final long[] produced = {0};
        final int events = state.events();
        final UnsafeBuffer value = new UnsafeBuffer(0, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(state.bootstrapServers());
            KafkaProducer<byte[], byte[]> producer = producer(state.bootstrapServers()))
        {
            context.processorName(scorerName);
            context.outputListener((sequence, ordinal, type, buffer, offset, length) ->
            {
                output.set(sequence, ordinal, type, buffer, offset, length);
                final int encoded = outputCodec.encode(output);
                final byte[] bytes = new byte[encoded - 1];
                outputCodec.line().getBytes(0, bytes, 0, encoded - 1);
                final RecordHeaders headers = new RecordHeaders();
                headers.add(KafkaSink.SEQUENCE_HEADER, ByteBuffer.allocate(8).putLong(sequence).array());
                headers.add(KafkaSink.ORDINAL_HEADER, ByteBuffer.allocate(4).putInt(ordinal).array());
                producer.send(new ProducerRecord<>(topic, 0, null, null, bytes, headers));
                produced[0]++;
            });
            final TopicPartition partition = new TopicPartition(KafkaFraudBenchmark.INPUT_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long sequence = 0;
            while (sequence < events)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100)))
                {
                    if (sequence == events)
                    {
                        break;
                    }
                    value.wrap(record.value());
                    context.reset(++sequence);
                    final String problem = codec.decode(value, 0, value.capacity(), context);
                    if (null != problem)
                    {
                        throw new IllegalStateException("offset " + record.offset() + ": " + problem);
                    }
                    scorer.onEvent(context);
                }
                producer.flush();
            }
        }
        if (produced[0] != events)
        {
            throw new IllegalStateException("produced " + produced[0] + " records, expected " + events);
        }
        return produced[0];
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String bootstrap)
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap)
    {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The scorer's current output, seen through the view the output codec reads. */
    private static final class PlainOutput implements OutputView
    {
        private final BareContext context;
        private long sequence;
        private int ordinal;
        private int type;
        private DirectBuffer buffer;
        private int offset;
        private int length;

        PlainOutput(final BareContext context)
        {
            this.context = context;
        }

        void set(final long sequence, final int ordinal, final int type, final DirectBuffer buffer, final int offset,
            final int length)
        {
            this.sequence = sequence;
            this.ordinal = ordinal;
            this.type = type;
            this.buffer = buffer;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public long inputSequence()
        {
            return sequence;
        }

        @Override
        public int ordinal()
        {
            return ordinal;
        }

        @Override
        public String processorName()
        {
            return context.processorName();
        }

        @Override
        public long timestamp()
        {
            return context.timestamp();
        }

        @Override
        public int type()
        {
            return type;
        }

        @Override
        public DirectBuffer buffer()
        {
            return buffer;
        }

        @Override
        public int payloadOffset()
        {
            return offset;
        }

        @Override
        public int length()
        {
            return length;
        }

        @Override
        public boolean isReplay()
        {
            return false;
        }
    }
}
