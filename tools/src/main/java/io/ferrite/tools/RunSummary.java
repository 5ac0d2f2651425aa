package io.ferrite.tools;

import io.ferrite.engine.Engine;
import io.ferrite.engine.EngineBuilder;
import io.ferrite.engine.EngineCounters;
import io.ferrite.engine.RecoveryReport;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.processor.Workload;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code ferrite run} did, gathered after the engine stopped, and its two renderings: aligned text lines
 * (the state digest last) or one JSON object for {@code --json}.
 *
 * @param workload             the workload run.
 * @param seed                 its seed.
 * @param data                 the data directory.
 * @param targetEvents         {@code --events}, or null when a source ends the run.
 * @param rate                 {@code --rate}, 0 for flat out.
 * @param engineStartNanos     how long {@code Engine.start()} took (warm-up, recovery and thread start included).
 * @param recovery             what start-up recovered.
 * @param published            events published this run.
 * @param lastSequence         the journal's last sequence.
 * @param elapsedNanos         time from the first publish to the engine drained.
 * @param latencies            latency percentiles.
 * @param stateDigest          the pipeline's final state digest.
 * @param processorDigests     each processor's final digest by name.
 * @param counters             the engine's counters.
 * @param sink                 the counting sink.
 * @param interrupted          whether Ctrl-C ended the run.
 * @param threading            the threading mode the engine ran in.
 * @param sources              the engine's sources' final status.
 * @param connectors           the run's source and sinks.
 * @param snapshotFailures     how many snapshots failed.
 * @param firstSnapshotFailure the first snapshot failure's message, or null.
 * @param compilerFreeze       {@code Engine.compilerFreeze()}: null when not asked for.
 */
record RunSummary(
    Workload workload,
    long seed,
    Path data,
    Long targetEvents,
    long rate,
    long engineStartNanos,
    RecoveryReport recovery,
    long published,
    long lastSequence,
    long elapsedNanos,
    RunSummary.Latencies latencies,
    long stateDigest,
    Map<String, Long> processorDigests,
    EngineCounters counters,
    CountingSink sink,
    boolean interrupted,
    ThreadingMode threading,
    List<SourceStatus> sources,
    RunConnectors connectors,
    int snapshotFailures,
    String firstSnapshotFailure,
    String compilerFreeze)
{
    /**
     * Write the summary as one JSON object.
     */
    void printJson(final JsonWriter writer)
    {
        final Latencies latency = latencies;
        final long eventsPerSecond = Formats.perSecond(published, elapsedNanos);
        final JsonWriter json = writer.beginObject()
            .field("ok", !interrupted && sources.stream().noneMatch(
                source -> source.state() == SourceStatus.State.FAILED))
            .field("workload", workload.name())
            .field("seed", seed)
            .field("dataDirectory", data.toString())
            .field("threading", threading.name().toLowerCase(Locale.ROOT))
            .field("events", published)
            .field("lastSequence", lastSequence)
            .field("targetEvents", null == targetEvents ? 0 : targetEvents)
            .field("elapsedNanos", elapsedNanos)
            .field("startNanos", engineStartNanos)
            .field("eventsPerSecond", eventsPerSecond)
            .field("stateDigest", Formats.digest(stateDigest))
            .field("interrupted", interrupted)
            .field("compilerFreeze", compilerFreeze)
            .beginObject("latencyNanos");
        latency.writeJson(json);
        json.beginObject("recovery")
            .field("journalTail", recovery.journalTail())
            .field("snapshotSequence", recovery.snapshotSequence())
            .field("snapshotFile", null == recovery.snapshotFile() ? null : recovery.snapshotFile().toString())
            .field("eventsReplayed", recovery.eventsReplayed())
            .field("digestsChecked", recovery.digestsChecked())
            .field("recoveryNanos", recovery.recoveryNanos())
            .array("notes", recovery.notes())
            .endObject()
            .beginObject("snapshots")
            .field("written", counters.snapshotsWritten())
            .field("failed", snapshotFailures)
            .field("firstFailure", firstSnapshotFailure)
            .field("lastSequence", counters.lastSnapshotSequence())
            .endObject()
            .field("outputs", sink.live());
        connectors.writeJson(json, sources);
        json.beginObject("processorDigests");
        for (final Map.Entry<String, Long> digest : processorDigests.entrySet())
        {
            json.field(digest.getKey(), Formats.digest(digest.getValue()));
        }
        json.endObject().endObject().finish();
    }

    /**
     * Print the summary as aligned lines, the state digest last.
     */
    void print(final PrintWriter out)
    {
        final Latencies latency = latencies;
        final long eventsPerSecond = Formats.perSecond(published, elapsedNanos);
        out.printf("workload       %s (seed %d)%n", workload.name(), seed);
        out.printf("data           %s%n", data);
        out.printf("threading      %s%n", threading.name().toLowerCase(Locale.ROOT));
        out.printf("recovery       %s%n", recovery.describe());
        if (null != compilerFreeze)
        {
            out.printf("compiler       optimising compiler (C2) %s%n",
                Engine.COMPILER_FROZEN.equals(compilerFreeze) ? "frozen after the warm-up" : compilerFreeze);
        }
        out.printf("events         %d published, journal holds %d of %s%n",
            published, lastSequence, null == targetEvents ? "the source's" : Long.toString(targetEvents));
        out.printf("throughput     %d events/s over %s%n", eventsPerSecond, Formats.millis(elapsedNanos));
        out.printf("latency        p50 %s  p99 %s  p99.9 %s  p99.99 %s  max %s  (%d %s, %s to " +
                "processed%s)%n",
            Formats.micros(latency.p50), Formats.micros(latency.p99), Formats.micros(latency.p999),
            Formats.micros(latency.p9999), Formats.micros(latency.max), latency.count,
            latency.fromIntendedTime ? "intended send" : "ingress",
            0 != rate ? "events" : "sampled events (1 in " + EngineBuilder.LATENCY_SAMPLE_EVERY_DEFAULT + ")",
            latency.fromIntendedTime ? ", from each event's intended send time at " + rate + "/s" :
                "; flat out, the ring stays full, so this is mostly queueing: use --rate to measure latency");
        out.printf("snapshots      %d written this run%s%s%n", counters.snapshotsWritten(),
            0 == counters.lastSnapshotSequence() ? "" :
                ", newest at sequence " + counters.lastSnapshotSequence(),
            0 == snapshotFailures ? "" : "; " + snapshotFailures + " FAILED (first: " +
                firstSnapshotFailure + ")");
        out.printf("outputs        %d emitted live%n", sink.live());
        connectors.print(out, sources);
        out.printf("state digest   %s%n", Formats.digest(stateDigest));
        out.flush();
    }

    /** Latency percentiles in nanoseconds. */
    record Latencies(
        long count, long p50, long p99, long p999, long p9999, long max, boolean fromIntendedTime)
    {
        static Latencies of(final Histogram histogram, final boolean fromIntendedTime)
        {
            return new Latencies(
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50.0),
                histogram.getValueAtPercentile(99.0),
                histogram.getValueAtPercentile(99.9),
                histogram.getValueAtPercentile(99.99),
                histogram.getMaxValue(),
                fromIntendedTime);
        }

        /** Write the fields and close the object the caller opened. */
        void writeJson(final JsonWriter json)
        {
            json.field("count", count)
                .field("p50", p50)
                .field("p99", p99)
                .field("p999", p999)
                .field("p9999", p9999)
                .field("max", max)
                .field("fromIntendedSendTime", fromIntendedTime)
                .endObject();
        }
    }
}
