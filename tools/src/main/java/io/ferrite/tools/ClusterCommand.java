package io.ferrite.tools;

import io.ferrite.cluster.ClusterMembers;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ferrite cluster node|run|status}: the same pipeline replicated on Aeron Cluster.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "High availability: run a cluster member, drive a workload through the cluster, compare members.",
    subcommands = {ClusterNodeCommand.class, ClusterRunCommand.class, ClusterStatusCommand.class})
final class ClusterCommand extends GroupCommand
{
    /**
     * Parse {@code --members}, turning a mistake into a usage error.
     *
     * @param commandLine the command, for the usage error.
     * @param members     {@code HOST:PORT,...}.
     * @return the members.
     */
    static ClusterMembers members(final CommandLine commandLine, final String members)
    {
        try
        {
            return ClusterMembers.parse(members);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(commandLine, "--members: " + ex.getMessage());
        }
    }
}
