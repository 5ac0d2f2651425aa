package io.ferrite.dashboard;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The engines' counters and latency in the Prometheus text exposition format, built as metric snapshots of the
 * Prometheus Java client's data model and written by its text format writer (which owns naming rules, escaping and
 * the {@code _total} suffix). Counters are Prometheus counters ({@code ferrite_events_processed_total{engine, processor}});
 * lags, ring fill, sizes and running are gauges; latency is a summary in seconds whose quantiles are those of the
 * newest one-second interval and whose count and sum cover every interval the dashboard has read.
 */
final class PrometheusExposition
{
    /** The content type of the text format (version 0.0.4). */
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final double NANOS_PER_SECOND = 1e9;

    private PrometheusExposition()
    {
    }

    static void write(final List<EngineView> engines, final OutputStream out) throws IOException
    {
        final CounterSnapshot.Builder published = counter("ferrite_events_published",
            "Events published (claimed) into the input ring; the journal sequence.");
        final CounterSnapshot.Builder journaled = counter("ferrite_events_journaled",
            "Events appended to the journal; the journal tail.");
        final CounterSnapshot.Builder processed = counter("ferrite_events_processed",
            "Last sequence each processor finished.");
        final CounterSnapshot.Builder emitted = counter("ferrite_outputs_emitted",
            "Outputs each processor emitted since start.");
        final CounterSnapshot.Builder consumed = counter("ferrite_outputs_consumed",
            "Outputs each sink consumed since start.");
        final CounterSnapshot.Builder snapshots = counter("ferrite_snapshots_written",
            "Snapshots written since start.");
        final CounterSnapshot.Builder errors = counter("ferrite_errors",
            "Errors reported to the engine's error handler since start.");
        final CounterSnapshot.Builder domain = counter("ferrite_domain_events",
            "Counters the processors keep about their domain (trades, rejects by reason, " +
            "decisions by outcome).");
        final GaugeSnapshot.Builder running = gauge("ferrite_engine_running",
            "1 while the engine runs, 0 when it stopped or cannot be read.");
        final GaugeSnapshot.Builder lag = gauge("ferrite_stage_lag_events",
            "Events a stage is behind: journal tail minus a processor's position, outputs " +
            "emitted minus a sink's, published minus journaled for the journal.");
        final GaugeSnapshot.Builder ringFill = gauge("ferrite_ring_fill_ratio",
            "Occupied fraction of the input ring (published minus the slowest processor, over " +
            "the capacity).");
        final GaugeSnapshot.Builder lastSnapshot = gauge("ferrite_last_snapshot_sequence",
            "Sequence of the newest snapshot written since start.");
        final GaugeSnapshot.Builder snapshotSeconds = gauge("ferrite_last_snapshot_write_seconds",
            "Time the newest snapshot took to write.");
        final GaugeSnapshot.Builder journalBytes = gauge("ferrite_journal_size_bytes",
            "Size of the journal's segment files.");
        final GaugeSnapshot.Builder journalSegments = gauge("ferrite_journal_segments",
            "Number of journal segment files.");
        final SummarySnapshot.Builder latency = SummarySnapshot.builder()
            .name("ferrite_latency_seconds")
            .help("End-to-end latency, publish to the last stage; quantiles of the newest one-second interval.");

        for (final EngineView engine : engines)
        {
            final Labels e = Labels.of("engine", engine.name);
            final boolean readable = EngineView.STATUS_RUNNING.equals(engine.status) ||
                EngineView.STATUS_STOPPED.equals(engine.status);
            running.dataPoint(gaugePoint(e, EngineView.STATUS_RUNNING.equals(engine.status) ? 1 : 0));
            if (!readable)
            {
                continue;
            }
            published.dataPoint(counterPoint(e, engine.published));
            journaled.dataPoint(counterPoint(e, engine.journaled));
            for (final Map.Entry<String, Long> p : engine.processed.entrySet())
            {
                processed.dataPoint(counterPoint(e.add("processor", p.getKey()), p.getValue()));
            }
            for (final Map.Entry<String, Long> p : engine.emitted.entrySet())
            {
                emitted.dataPoint(counterPoint(e.add("processor", p.getKey()), p.getValue()));
            }
            for (final Map.Entry<String, Long> s : engine.consumed.entrySet())
            {
                consumed.dataPoint(counterPoint(e.add("sink", s.getKey()), s.getValue()));
            }
            snapshots.dataPoint(counterPoint(e, engine.snapshotsWritten));
            errors.dataPoint(counterPoint(e, engine.errors));
            for (final EngineView.DomainValue d : engine.domain)
            {
                domain.dataPoint(counterPoint(e.add("processor", d.processor()).add("counter", d.name()), d.value()));
            }
            for (final Map.Entry<String, Long> l : engine.lag.entrySet())
            {
                lag.dataPoint(gaugePoint(e.add("stage", l.getKey()), l.getValue()));
            }
            ringFill.dataPoint(gaugePoint(e, engine.ringFill));
            lastSnapshot.dataPoint(gaugePoint(e, engine.lastSnapshotSequence));
            snapshotSeconds.dataPoint(gaugePoint(e, engine.lastSnapshotWriteMicros / 1e6));
            journalBytes.dataPoint(gaugePoint(e, engine.journalBytes));
            journalSegments.dataPoint(gaugePoint(e, engine.journalSegments));
            if (!engine.latency.isEmpty())
            {
                final EngineWatcher.LatencyPoint last = engine.latency.get(engine.latency.size() - 1);
                latency.dataPoint(SummaryDataPointSnapshot.builder()
                    .labels(e)
                    .count(engine.latencyCount)
                    .sum(engine.latencySumNanos / NANOS_PER_SECOND)
                    .quantiles(Quantiles.of(
                        new Quantile(0.5, last.p50() / NANOS_PER_SECOND),
                        new Quantile(0.99, last.p99() / NANOS_PER_SECOND),
                        new Quantile(0.999, last.p999() / NANOS_PER_SECOND),
                        new Quantile(1.0, last.max() / NANOS_PER_SECOND)))
                    .build());
            }
        }
        final MetricSnapshots metrics = MetricSnapshots.of(
            published.build(), journaled.build(), processed.build(), emitted.build(), consumed.build(),
            snapshots.build(), errors.build(), domain.build(), running.build(), lag.build(), ringFill.build(),
            lastSnapshot.build(), snapshotSeconds.build(), journalBytes.build(), journalSegments.build(),
            latency.build());
        PrometheusTextFormatWriter.create().write(out, metrics, EscapingScheme.UNDERSCORE_ESCAPING);
    }

    private static CounterSnapshot.Builder counter(final String name, final String help)
    {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static GaugeSnapshot.Builder gauge(final String name, final String help)
    {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static CounterDataPointSnapshot counterPoint(final Labels labels, final double value)
    {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeDataPointSnapshot gaugePoint(final Labels labels, final double value)
    {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
