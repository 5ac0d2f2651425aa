package io.ferrite.tools;

import io.ferrite.cluster.ClusterNode;
import io.ferrite.cluster.ClusterNodeMain;
import io.ferrite.engine.processor.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code ferrite cluster node}: run one cluster member in this process until Ctrl-C or SIGTERM.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
        "Run one member of a Ferrite cluster (Aeron Cluster: media driver, archive, consensus module and the " +
            "Ferrite service with its own journal) until Ctrl-C or SIGTERM.",
        "Each member uses six ports from the base port P given for it in --members: P+0 ingress (clients, UDP), " +
            "P+1 consensus (UDP), P+2 log replication (UDP), P+3 catch-up (UDP), P+4 archive control (UDP), " +
            "P+5 status (HTTP, read by `ferrite cluster status`).",
        "Defaults suit small machines: one shared thread per component group, sleeping back-off idle strategies, " +
            "a 5 s leader heartbeat timeout."
    })
final class ClusterNodeCommand extends AbstractCommand
{
    @Option(names = "--id", required = true, paramLabel = "I",
        description = "This member's index in --members, from 0.")
    int memberId;

    @Option(names = "--members", required = true, paramLabel = "H:P,H:P,H:P",
        description = "Every member's host and base port, in member order (the same list on every member).")
    String members;

    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "This member's data directory: journal/, snapshots/, digests/, archive/, cluster/, aeron/.")
    Path data;

    @Option(names = "--workload", required = true, paramLabel = "W",
        description = "The workload whose pipeline this member runs (the same on every member).")
    String workloadName;

    @Mixin
    WorkloadPath workloadPath;

    @Option(names = "--digest-every", paramLabel = "M", defaultValue = "10000",
        description = "Record state digests every M events, at the same sequences on every member. " +
            "Default: ${DEFAULT-VALUE}.")
    long digestEvery;

    @Option(names = "--snapshot-every", paramLabel = "K", defaultValue = "0",
        description = "Ferrite snapshot every K events (shortens this member's own recovery); 0 = never. " +
            "Default: ${DEFAULT-VALUE}.")
    long snapshotEvery;

    @Option(names = "--heartbeat-timeout-ms", paramLabel = "MS", defaultValue = "5000",
        description = "How long followers wait for the leader before electing another. Clients wait about 15 s " +
            "after losing a leader for the new one's word (FerriteClusterClient's new-leader timeout, 10 s, after " +
            "~5 s to notice), then connect afresh: above ~13 s every failover costs clients a new session (no " +
            "loss). Default: ${DEFAULT-VALUE}.")
    long heartbeatTimeoutMs;

    @Override
    public Integer call()
    {
        final Workload workload = Workloads.byName(spec.commandLine(), workloadName, workloadPath.classLoader());
        final ClusterNode.Context context = new ClusterNode.Context()
            .memberId(memberId)
            .members(ClusterCommand.members(spec.commandLine(), members))
            .dataDirectory(data)
            .workload(workload)
            .digestEvery(digestEvery)
            .snapshotEvery(snapshotEvery)
            .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(heartbeatTimeoutMs));
        try
        {
            context.conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            throw usageError(ex.getMessage());
        }
        if (Files.exists(data) && !Files.isDirectory(data))
        {
            throw usageError("not a directory: " + data);
        }
        final String refusal = ClusterDataDirectory.checkIdentity(workload, data);
        if (null != refusal)
        {
            throw usageError(refusal);
        }
        // Recorded only under the member's lock: a second node refused as "another member is running" must not
        // rewrite what a live member's directory says it holds.
        context.onMemberLocked(() ->
        {
            final String lateRefusal = ClusterDataDirectory.recordIdentity(workload, data);
            if (null != lateRefusal)
            {
                throw new IllegalStateException(lateRefusal);
            }
        });
        return ClusterNodeMain.run(context, out(), err());
    }
}
