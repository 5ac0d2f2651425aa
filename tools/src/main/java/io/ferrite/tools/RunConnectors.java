package io.ferrite.tools;

import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.EngineBuilder;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.processor.Workload;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The connectors of one {@code ferrite run}: builds the source and sinks its {@code --source}, {@code --sink},
 * {@code --on-bad-record} and {@code --dead-letter} options name (through {@link Connectors}), wires them into the
 * engine, closes the sinks after the engine stopped, and writes their lines of the summary and of the JSON report.
 * <p>
 * A bad option is an {@link IllegalArgumentException} whose message the command reports as a usage error.
 * Single-threaded: the command's thread.
 */
final class RunConnectors
{
    private final String sourceUri;
    private final List<String> sinkUris;
    private final BadRecordPolicy badRecordPolicy;
    private final String deadLetterUri;
    private final List<Connectors.SinkHandle> sinks = new ArrayList<>();

    /**
     * @param sourceUri       {@code --source}, or null for the workload's generator.
     * @param sinkUris        every {@code --sink}, in order.
     * @param badRecordPolicy {@code --on-bad-record}.
     * @param deadLetterUri   {@code --dead-letter}, or null.
     */
    RunConnectors(
        final String sourceUri,
        final List<String> sinkUris,
        final BadRecordPolicy badRecordPolicy,
        final String deadLetterUri)
    {
        this.sourceUri = sourceUri;
        this.sinkUris = List.copyOf(sinkUris);
        this.badRecordPolicy = badRecordPolicy;
        this.deadLetterUri = deadLetterUri;
    }

    /**
     * @return true when events come from {@code --source} rather than the workload's generator.
     */
    boolean hasSource()
    {
        return null != sourceUri;
    }

    /**
     * Build the source and sinks and add them to the engine: the sinks as {@code out-1}, {@code out-2}, ...
     *
     * @param builder  the engine being built.
     * @param workload decides the text schema.
     * @param events   {@code --events}, or null: a source stops after that many journaled events.
     * @throws IllegalArgumentException naming the bad option.
     */
    void wire(final EngineBuilder builder, final Workload workload, final Long events)
    {
        if (null != sourceUri)
        {
            builder.source(Connectors.source(sourceUri, workload, badRecordPolicy, deadLetterUri,
                null == events ? Long.MAX_VALUE : events));
        }
        else if (null != deadLetterUri)
        {
            throw new IllegalArgumentException("--dead-letter needs --source");
        }
        for (int i = 0; i < sinkUris.size(); i++)
        {
            final Connectors.SinkHandle handle = Connectors.sink(sinkUris.get(i), i + 1, workload);
            sinks.add(handle);
            builder.sink("out-" + (i + 1), handle.sink());
        }
    }

    /**
     * Close every sink (after the engine stopped).
     */
    void closeSinks()
    {
        for (final Connectors.SinkHandle handle : sinks)
        {
            handle.close();
        }
    }

    /**
     * The summary's line per source and per sink.
     *
     * @param out     where.
     * @param sources the engine's sources.
     */
    void print(final PrintWriter out, final List<SourceStatus> sources)
    {
        for (final SourceStatus source : sources)
        {
            out.printf("source         %s: %d records this run, at %s, %d bad (%d dead-lettered%s), %s%n",
                sourceUri, source.published(), source.position(), source.errors(), source.deadLettered(),
                null == source.deadLetterChannel() ? "" : " to " + source.deadLetterChannel(),
                source.state().name().toLowerCase(Locale.ROOT));
        }
        for (final Connectors.SinkHandle handle : sinks)
        {
            out.printf("sink           %s: %d delivered, %d skipped as already delivered, %d retries%n",
                handle.uri(), handle.delivered(), handle.skipped(), handle.retries());
        }
    }

    /**
     * The JSON report's {@code sources} and {@code sinks} arrays.
     *
     * @param json    the open report object.
     * @param sources the engine's sources.
     */
    void writeJson(final JsonWriter json, final List<SourceStatus> sources)
    {
        json.beginArray("sources");
        for (final SourceStatus source : sources)
        {
            json.beginObject()
                .field("uri", sourceUri)
                .field("records", source.published())
                .field("position", source.position())
                .field("errors", source.errors())
                .field("deadLettered", source.deadLettered())
                .field("deadLetter", source.deadLetterChannel())
                .field("state", source.state().name().toLowerCase(Locale.ROOT))
                .field("failure", source.failure())
                .endObject();
        }
        json.endArray().beginArray("sinks");
        for (final Connectors.SinkHandle handle : sinks)
        {
            json.beginObject()
                .field("uri", handle.uri())
                .field("delivered", handle.delivered())
                .field("skippedAsDelivered", handle.skipped())
                .field("retries", handle.retries())
                .endObject();
        }
        json.endArray();
    }
}
