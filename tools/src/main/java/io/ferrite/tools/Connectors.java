package io.ferrite.tools;

import io.ferrite.connectors.file.FileDeadLetters;
import io.ferrite.connectors.file.FileSink;
import io.ferrite.connectors.file.FileSource;
import io.ferrite.connectors.jdbc.JdbcSink;
import io.ferrite.connectors.kafka.KafkaDeadLetters;
import io.ferrite.connectors.kafka.KafkaSink;
import io.ferrite.connectors.kafka.KafkaSource;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.DeadLetterChannel;
import io.ferrite.engine.processor.EventSchema;
import io.ferrite.engine.processor.Sink;
import io.ferrite.engine.Source;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.SourceSpec;
import io.ferrite.engine.processor.Workload;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Turns the {@code --source}, {@code --sink} and {@code --dead-letter} URIs of {@code ferrite run} into connectors:
 * <pre>
 *   csv:PATH  csv:-  jsonl:PATH  jsonl:-      file (or standard input) source; file sink (tracked by its last line)
 *   kafka://HOST:PORT/TOPIC                  Kafka source (JSON lines values) or sink (partition 0)
 *   jdbc:sqlite:PATH  jdbc:postgresql://...  database sink (tracked in the same transaction)
 * </pre>
 * A malformed URI is an {@link IllegalArgumentException} whose message the command reports as a usage error.
 */
final class Connectors
{
    private Connectors()
    {
    }

    /** A sink built from a URI, with what the run reports about it. */
    interface SinkHandle
    {
        String uri();

        Sink sink();

        long delivered();

        long skipped();

        long retries();

        void close();
    }

    static SourceSpec source(
        final String uri,
        final Workload workload,
        final BadRecordPolicy policy,
        final String deadLetterUri,
        final long limit)
    {
        final EventSchema schema = requireSchema(workload);
        final DeadLetterChannel deadLetters = policy == BadRecordPolicy.SKIP ? deadLetters(deadLetterUri) : null;
        if (policy == BadRecordPolicy.HALT && null != deadLetterUri)
        {
            throw new IllegalArgumentException("--dead-letter needs --on-bad-record skip");
        }
        final Source source;
        if (uri.startsWith("kafka://"))
        {
            final String[] target = kafka(uri);
            source = new KafkaSource(target[0], target[1], new EventTextCodec(schema, TextFormat.JSONL),
                SourceSpec.BATCH_CAPACITY_DEFAULT, Duration.ofMillis(100));
        }
        else
        {
            final TextFormat format = fileFormat(uri, "--source");
            final String path = uri.substring(uri.indexOf(':') + 1);
            final EventTextCodec codec = new EventTextCodec(schema, format);
            source = "-".equals(path) ? FileSource.ofStream(System.in, codec) : FileSource.ofFile(Path.of(path), codec);
        }
        return new SourceSpec("input", source, policy, deadLetters, limit, SourceSpec.BATCH_CAPACITY_DEFAULT);
    }

    private static DeadLetterChannel deadLetters(final String uri)
    {
        if (null == uri)
        {
            throw new IllegalArgumentException("--on-bad-record skip needs --dead-letter PATH or " +
                "kafka://HOST:PORT/TOPIC: skipped records are kept, never dropped");
        }
        if (uri.startsWith("kafka://"))
        {
            final String[] target = kafka(uri);
            return new KafkaDeadLetters(target[0], target[1]);
        }
        return new FileDeadLetters(Path.of(uri));
    }

    static SinkHandle sink(final String uri, final int index, final Workload workload)
    {
        final EventSchema schema = requireSchema(workload);
        if (uri.startsWith("jdbc:"))
        {
            if (!uri.startsWith("jdbc:sqlite:") && !uri.startsWith("jdbc:postgresql:"))
            {
                throw new IllegalArgumentException("--sink " + uri + ": supported databases are jdbc:sqlite:PATH " +
                    "and jdbc:postgresql://HOST:PORT/DB");
            }
            final JdbcSink sink = new JdbcSink(uri, "sink-" + index, schema, JdbcSink.BATCH_SIZE_DEFAULT,
                workload.maxEventLength());
            return new Handle(sink.describe(), sink)
            {
                public long delivered()
                {
                    return sink.delivered();
                }

                public long skipped()
                {
                    return sink.skipped();
                }

                public long retries()
                {
                    return sink.retries();
                }

                public void close()
                {
                    sink.close();
                }
            };
        }
        if (uri.startsWith("kafka://"))
        {
            final String[] target = kafka(uri);
            final KafkaSink sink = new KafkaSink(target[0], target[1], new OutputTextCodec(schema, TextFormat.JSONL));
            return new Handle(uri, sink)
            {
                public long delivered()
                {
                    return sink.delivered();
                }

                public long skipped()
                {
                    return sink.skipped();
                }

                public long retries()
                {
                    return sink.resends();
                }

                public void close()
                {
                    sink.close();
                }
            };
        }
        final TextFormat format = fileFormat(uri, "--sink");
        final String path = uri.substring(uri.indexOf(':') + 1);
        if ("-".equals(path))
        {
            throw new IllegalArgumentException("--sink " + uri + ": a file sink needs a file (it resumes from its " +
                "last line)");
        }
        final FileSink sink = new FileSink(Path.of(path), new OutputTextCodec(schema, format), format);
        return new Handle(uri, sink)
        {
            public long delivered()
            {
                return sink.delivered();
            }

            public long skipped()
            {
                return sink.skipped();
            }

            public long retries()
            {
                return 0;
            }

            public void close()
            {
                sink.close();
            }
        };
    }

    private static EventSchema requireSchema(final Workload workload)
    {
        final EventSchema schema = workload.eventSchema();
        if (null == schema)
        {
            throw new IllegalArgumentException("workload '" + workload.name() + "' has no event schema, so it has " +
                "no text or table form for sources and sinks");
        }
        return schema;
    }

    private static TextFormat fileFormat(final String uri, final String option)
    {
        final int colon = uri.indexOf(':');
        if (colon <= 0 || colon == uri.length() - 1)
        {
            throw new IllegalArgumentException(option + " '" + uri + "': expected csv:PATH, jsonl:PATH, " +
                "kafka://HOST:PORT/TOPIC" + ("--sink".equals(option) ? ", jdbc:sqlite:PATH or jdbc:postgresql://..." :
                ""));
        }
        try
        {
            return TextFormat.parse(uri.substring(0, colon));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " '" + uri + "': unknown scheme '" + uri.substring(0, colon) +
                "' (csv, jsonl, kafka" + ("--sink".equals(option) ? ", jdbc" : "") + ")");
        }
    }

    /** @return {bootstrap servers, topic} of kafka://HOST:PORT/TOPIC. */
    private static String[] kafka(final String uri)
    {
        final String rest = uri.substring("kafka://".length());
        final int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || !rest.substring(0, slash).contains(":"))
        {
            throw new IllegalArgumentException("'" + uri + "': expected kafka://HOST:PORT/TOPIC");
        }
        return new String[]{rest.substring(0, slash), rest.substring(slash + 1)};
    }

    private abstract static class Handle implements SinkHandle
    {
        private final String uri;
        private final Sink sink;

        Handle(final String uri, final Sink sink)
        {
            this.uri = uri;
            this.sink = sink;
        }

        public String uri()
        {
            return uri;
        }

        public Sink sink()
        {
            return sink;
        }
    }
}
