package io.ferrite.dashboard;

import io.ferrite.engine.RecoveryReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine as the dashboard saw it at one sample: its status, counters, derived lags and rates, latency intervals
 * and files. Filled by {@link EngineWatcher}; turned into the JSON of {@code /api/engines} and the page's events by
 * {@link #toJson()}, and into Prometheus metrics by {@link PrometheusExposition}. Immutable once published.
 */
final class EngineView
{
    static final String STATUS_RUNNING = "running";
    static final String STATUS_STOPPED = "stopped";
    static final String STATUS_MISSING = "missing";
    static final String STATUS_NO_ENGINE = "no engine";
    static final String STATUS_UNREADABLE = "unreadable";

    final String name;
    final String directory;
    final long sampleEpochMillis;
    String status;
    String problem;
    long pid;
    long startEpochMillis;
    final Map<String, Long> counters = new LinkedHashMap<>();
    long published;
    long journaled;
    long errors;
    long snapshotsWritten;
    long lastSnapshotSequence;
    long lastSnapshotWriteMicros;
    long snapshotFiles;
    long snapshotBytes;
    long journalSegments;
    long journalBytes;
    long ringCapacity;
    double ringFill;
    final Map<String, Long> processed = new LinkedHashMap<>();
    final Map<String, Long> emitted = new LinkedHashMap<>();
    final Map<String, Long> consumed = new LinkedHashMap<>();
    final Map<String, Long> lag = new LinkedHashMap<>();
    final List<DomainValue> domain = new ArrayList<>();
    List<Long> rateTimes = List.of();
    Map<String, List<Double>> rates = Map.of();
    List<EngineWatcher.LatencyPoint> latency = List.of();
    long latencyCount;
    long latencySumNanos;
    String latencyProblem;
    RecoveryReport recovery;
    long recoveryStartedMillis;
    String recoveryProblem;

    EngineView(final String name, final String directory, final long sampleEpochMillis)
    {
        this.name = name;
        this.directory = directory;
        this.sampleEpochMillis = sampleEpochMillis;
    }

    /**
     * @return the last rate of a counter (events/s), 0 if there is no history yet.
     */
    double lastRate(final String label)
    {
        final List<Double> series = rates.get(label);
        return null == series || series.isEmpty() ? 0 : series.get(series.size() - 1);
    }

    /**
     * @return plain maps, lists, strings and numbers for the JSON library; field names are the API's contract.
     */
    Map<String, Object> toJson()
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("directory", directory);
        json.put("sampleEpochMillis", sampleEpochMillis);
        json.put("status", status);
        json.put("problem", problem);
        json.put("pid", pid);
        json.put("startEpochMillis", startEpochMillis);
        json.put("published", published);
        json.put("journaled", journaled);
        json.put("errors", errors);
        json.put("processed", processed);
        json.put("emitted", emitted);
        json.put("consumed", consumed);
        json.put("lag", lag);
        json.put("ringCapacity", ringCapacity);
        json.put("ringFill", ringFill);

        final Map<String, Object> snapshots = new LinkedHashMap<>();
        snapshots.put("written", snapshotsWritten);
        snapshots.put("lastSequence", lastSnapshotSequence);
        snapshots.put("lastWriteMicros", lastSnapshotWriteMicros);
        snapshots.put("files", snapshotFiles);
        snapshots.put("bytes", snapshotBytes);
        json.put("snapshots", snapshots);

        final Map<String, Object> journal = new LinkedHashMap<>();
        journal.put("segments", journalSegments);
        journal.put("bytes", journalBytes);
        json.put("journal", journal);

        final Map<String, Object> rateJson = new LinkedHashMap<>();
        rateJson.put("times", rateTimes);
        rateJson.put("series", rates);
        json.put("rates", rateJson);

        final Map<String, Object> latencyJson = new LinkedHashMap<>();
        final List<Object> intervals = new ArrayList<>(latency.size());
        for (final EngineWatcher.LatencyPoint point : latency)
        {
            final Map<String, Object> p = new LinkedHashMap<>();
            p.put("endEpochMillis", point.endEpochMillis());
            p.put("count", point.count());
            p.put("p50Nanos", point.p50());
            p.put("p99Nanos", point.p99());
            p.put("p999Nanos", point.p999());
            p.put("maxNanos", point.max());
            intervals.add(p);
        }
        latencyJson.put("intervals", intervals);
        latencyJson.put("totalCount", latencyCount);
        latencyJson.put("problem", latencyProblem);
        json.put("latency", latencyJson);

        final List<Object> domainJson = new ArrayList<>(domain.size());
        for (final DomainValue value : domain)
        {
            final Map<String, Object> d = new LinkedHashMap<>();
            d.put("processor", value.processor());
            d.put("name", value.name());
            d.put("value", value.value());
            d.put("rate", lastRate(value.label()));
            domainJson.add(d);
        }
        json.put("domain", domainJson);

        if (null != recovery)
        {
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("startedEpochMillis", recoveryStartedMillis);
            r.put("journalTail", recovery.journalTail());
            r.put("snapshotSequence", recovery.snapshotSequence());
            r.put("eventsReplayed", recovery.eventsReplayed());
            r.put("digestsChecked", recovery.digestsChecked());
            r.put("recoveryMillis", recovery.recoveryNanos() / 1_000_000);
            r.put("notes", recovery.notes());
            r.put("summary", recovery.describe());
            json.put("recovery", r);
        }
        else
        {
            json.put("recovery", null);
        }
        json.put("recoveryProblem", recoveryProblem);
        json.put("counters", counters);
        return json;
    }

    /**
     * A processor's domain counter.
     *
     * @param processor the processor that keeps it.
     * @param name      what it counts.
     * @param value     its value.
     */
    record DomainValue(String processor, String name, long value)
    {
        String label()
        {
            return "domain: " + processor + ": " + name;
        }
    }
}
