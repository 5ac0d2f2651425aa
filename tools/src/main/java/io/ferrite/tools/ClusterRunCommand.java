package io.ferrite.tools;

import io.ferrite.cluster.ClusterMembers;
import io.ferrite.cluster.ClusterStatus;
import io.ferrite.cluster.FerriteClusterClient;
import io.ferrite.cluster.GeneratedEvent;
import io.ferrite.cluster.NodeStatus;
import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Workload;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ferrite cluster run}: drive a workload through the cluster client until the cluster has applied N events
 * from this client, resuming where the cluster's log ends for it.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Drive a workload through the cluster until it has applied N events from this client id; a rerun (or a " +
            "run after any failure) resumes generating where the cluster's log ends, as `ferrite run` does with a " +
            "journal. Follows the leader across elections and resubmits without duplicates.",
        "Prints throughput, send-to-acknowledgement latency and the state digest the leader recorded last (the " +
            "combined digest `ferrite run` prints, when every processor records digests).",
        "Event i of the workload is message i of the client id: run one producer per client id."
    })
final class ClusterRunCommand extends AbstractCommand
{
    private static final long NO_PROGRESS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);

    @Option(names = "--members", required = true, paramLabel = "H:P,H:P,H:P",
        description = "Every member's host and base port, in member order.")
    String members;

    @Option(names = "--workload", required = true, paramLabel = "W",
        description = "The workload (the members must run the same one).")
    String workloadName;

    @Mixin
    WorkloadPath workloadPath;

    @Option(names = "--events", required = true, paramLabel = "N",
        description = "Run until the cluster has applied N events from this client.")
    long events;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "Workload seed: event i is a pure function of (seed, i). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
        description = "Offer R events/s at fixed intervals (latency measured from the intended send time); " +
            "0 = as fast as the window allows. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "1",
        description = "This producer's id: the cluster deduplicates by (id, message number). " +
            "Default: ${DEFAULT-VALUE}.")
    long clientId;

    @Option(names = "--window", paramLabel = "W", defaultValue = "4096",
        description = "Unacknowledged messages kept for resubmission. Default: ${DEFAULT-VALUE}.")
    int window;

    @Override
    public Integer call()
    {
        if (events < 1)
        {
            throw usageError("--events must be >= 1, was " + events);
        }
        if (rate < 0 || window < 1)
        {
            throw usageError("--rate must be >= 0 and --window >= 1");
        }
        final ClusterMembers parsed = ClusterCommand.members(spec.commandLine(), members);
        final Workload workload = Workloads.byName(spec.commandLine(), workloadName, workloadPath.classLoader());
        final FerriteClusterClient client;
        try
        {
            client = FerriteClusterClient.connect(new FerriteClusterClient.Context()
                .members(parsed)
                .clientId(clientId)
                .window(window)
                .maxPayloadLength(workload.maxEventLength())
                // Count the outputs the leader sends (the client counts them and drops duplicates).
                .outputListener(output -> { }));
        }
        catch (final IllegalStateException ex)
        {
            throw new ToolException(ex.getMessage());
        }
        try (client)
        {
            final long resumedAt = client.lastAcknowledged();
            final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final long startNanos = System.nanoTime();
            drive(client, workload.newGenerator(seed), workload.maxEventLength(), latency, startNanos);
            final long elapsed = System.nanoTime() - startNanos;
            final List<ClusterStatus.Member> status = ClusterStatus.query(parsed, 2_000);
            print(workload, client, resumedAt, elapsed, latency, status);
            return FerriteMain.EXIT_OK;
        }
    }

    private void drive(
        final FerriteClusterClient client,
        final EventGenerator generator,
        final int maxLength,
        final Histogram latency,
        final long startNanos)
    {
        final GeneratedEvent event = new GeneratedEvent(maxLength);
        final long[] sendNanos = new long[window + 1];
        final long first = client.lastAcknowledged() + 1;
        final long periodNanos = 0 == rate ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        long generated = 0;
        long recordedUpTo = first - 1;
        long lastProgress = client.lastAcknowledged();
        long lastProgressNanos = System.nanoTime();
        while (client.lastAcknowledged() < events)
        {
            final long next = client.nextMessageId();
            int work = client.poll();
            final long now = System.nanoTime();
            final long acknowledged = client.lastAcknowledged();
            while (recordedUpTo < acknowledged)
            {
                recordedUpTo++;
                latency.recordValue(Math.min(now - sendNanos[(int)(recordedUpTo % sendNanos.length)],
                    latency.getHighestTrackableValue()));
            }
            if (acknowledged != lastProgress)
            {
                lastProgress = acknowledged;
                lastProgressNanos = now;
            }
            else if (now - lastProgressNanos > NO_PROGRESS_TIMEOUT_NS)
            {
                throw new ToolException("the cluster acknowledged nothing for " +
                    TimeUnit.NANOSECONDS.toSeconds(NO_PROGRESS_TIMEOUT_NS) + " s (at message " + acknowledged +
                    " of " + events + "; leader " + client.leaderMemberId() + ")");
            }
            if (next <= events)
            {
                final long intended = 0 == periodNanos ? now : startNanos + (next - first) * periodNanos;
                if (intended <= now)
                {
                    if (generated != next)
                    {
                        generator.generate(event.reset(next));
                        generated = next;
                    }
                    if (client.tryPublish(event.type(), event.timestamp(), event.buffer(), 0, event.length()) > 0)
                    {
                        sendNanos[(int)(next % sendNanos.length)] = intended;
                        work++;
                    }
                }
            }
            if (0 == work)
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            }
        }
    }

    /**
     * The combined state digest (as {@code ferrite run} prints it) at the highest sequence where the leader recorded a
     * digest for every processor of the pipeline.
     */
    static final class CombinedDigest
    {
        final long sequence;
        final long digest;

        private CombinedDigest(final long sequence, final long digest)
        {
            this.sequence = sequence;
            this.digest = digest;
        }

        static CombinedDigest latest(final Workload workload, final NodeStatus.Report report)
        {
            final List<ProcessorSpec> processors = workload.newPipeline().processors();
            final Map<Long, Map<String, Long>> bySequence = new TreeMap<>(Comparator.reverseOrder());
            for (final NodeStatus.Report.Digest d : report.digests())
            {
                bySequence.computeIfAbsent(d.sequence(), s -> new HashMap<>()).put(d.processor(), d.digest());
            }
            for (final Map.Entry<Long, Map<String, Long>> entry : bySequence.entrySet())
            {
                final long[] digests = new long[processors.size()];
                boolean complete = true;
                for (int i = 0; i < digests.length && complete; i++)
                {
                    final Long d = entry.getValue().get(
                        processors.get(i).name().replaceAll("[^A-Za-z0-9._-]", "_"));
                    complete = null != d;
                    digests[i] = complete ? d : 0;
                }
                if (complete)
                {
                    return new CombinedDigest(entry.getKey(), Digests.combine(digests));
                }
            }
            return null;
        }
    }

    private void print(
        final Workload workload,
        final FerriteClusterClient client,
        final long resumedAt,
        final long elapsedNanos,
        final Histogram latency,
        final List<ClusterStatus.Member> status)
    {
        final long sent = events - resumedAt;
        final long perSecond = Formats.perSecond(Math.max(0, sent), elapsedNanos);
        NodeStatus.Report leader = null;
        for (final ClusterStatus.Member member : status)
        {
            if (null != member.report() && "LEADER".equals(member.report().role()))
            {
                leader = member.report();
            }
        }
        final CombinedDigest digest = null == leader ? null : CombinedDigest.latest(workload, leader);
        if (json())
        {
            jsonWriter().beginObject()
                .field("ok", true)
                .field("workload", workload.name())
                .field("seed", seed)
                .field("clientId", clientId)
                .field("events", events)
                .field("resumedAfter", resumedAt)
                .field("sent", Math.max(0, sent))
                .field("elapsedNanos", elapsedNanos)
                .field("eventsPerSecond", perSecond)
                .field("leaderChangesOrReconnects", client.reconnects())
                .field("outputsReceived", client.outputsDelivered())
                .field("outputDuplicatesDropped", client.outputDuplicates())
                .field("leader", null == leader ? -1 : leader.memberId())
                .field("lastSequence", client.lastAcknowledgedSequence())
                .field("digestSequence", null == digest ? 0 : digest.sequence)
                .field("stateDigest", null == digest ? null : Formats.digest(digest.digest))
                .beginObject("latencyNanos")
                .field("count", latency.getTotalCount())
                .field("p50", latency.getValueAtPercentile(50))
                .field("p99", latency.getValueAtPercentile(99))
                .field("p999", latency.getValueAtPercentile(99.9))
                .field("max", latency.getMaxValue())
                .endObject()
                .endObject()
                .finish();
            return;
        }
        out().printf("workload       %s (seed %d), client %d%n", workload.name(), seed, clientId);
        out().printf("events         %d applied by the cluster (this run sent %d, resumed after %d)%n",
            events, Math.max(0, sent), resumedAt);
        out().printf("throughput     %d events/s over %s%n", perSecond, Formats.millis(elapsedNanos));
        out().printf("latency        p50 %s  p99 %s  p99.9 %s  max %s  (send to acknowledgement, %d events%s)%n",
            Formats.micros(latency.getValueAtPercentile(50)), Formats.micros(latency.getValueAtPercentile(99)),
            Formats.micros(latency.getValueAtPercentile(99.9)), Formats.micros(latency.getMaxValue()),
            latency.getTotalCount(), 0 == rate ? "; flat out, mostly queueing: use --rate to measure latency" :
                ", from the intended send time at " + rate + "/s");
        out().printf("failovers      %d leader changes or reconnects%n", client.reconnects());
        out().printf("egress         %d outputs received from the leader, %d duplicates dropped (at most once per " +
            "leader; the members' sinks hold every output)%n", client.outputsDelivered(), client.outputDuplicates());
        out().printf("leader         %s%n", null == leader ? "none answered" : "member " + leader.memberId());
        out().printf("state digest   %s%n", null == digest ?
            "none recorded yet for every processor (see --digest-every on the members)" :
            Formats.digest(digest.digest) + " at sequence " + digest.sequence + " (recorded by the leader; equals " +
                "`ferrite run`'s state digest at that sequence)");
    }
}
