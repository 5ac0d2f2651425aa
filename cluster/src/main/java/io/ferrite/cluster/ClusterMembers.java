package io.ferrite.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of a cluster as the command line gives them, {@code HOST:PORT,HOST:PORT,...}: member {@code i} is the
 * i-th entry and {@code PORT} is the base of that member's ports. Each member uses six ports from its base:
 * <pre>
 *   base + 0   ingress: clients send events here                   (UDP)
 *   base + 1   consensus: members talk Raft to each other           (UDP)
 *   base + 2   log: the leader replicates the log to followers      (UDP)
 *   base + 3   catch-up: a member that is behind replays from here  (UDP)
 *   base + 4   archive control: log and snapshot replication         (UDP)
 *   base + 5   status: what `ferrite cluster status` reads           (TCP, HTTP)
 * </pre>
 * Immutable.
 */
public final class ClusterMembers
{
    /** Ports each member uses from its base port. */
    public static final int PORTS_PER_MEMBER = 6;
    static final int INGRESS_OFFSET = 0;
    static final int CONSENSUS_OFFSET = 1;
    static final int LOG_OFFSET = 2;
    static final int CATCHUP_OFFSET = 3;
    static final int ARCHIVE_OFFSET = 4;
    static final int STATUS_OFFSET = 5;

    private final List<String> hosts;
    private final List<Integer> basePorts;

    private ClusterMembers(final List<String> hosts, final List<Integer> basePorts)
    {
        this.hosts = hosts;
        this.basePorts = basePorts;
    }

    /**
     * @param members {@code HOST:PORT,HOST:PORT,...}.
     * @return the members.
     * @throws IllegalArgumentException naming the bad entry.
     */
    public static ClusterMembers parse(final String members)
    {
        if (null == members || members.isBlank())
        {
            throw new IllegalArgumentException("--members is empty: give HOST:PORT for each member, comma separated");
        }
        final List<String> hosts = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        for (final String entry : members.split(","))
        {
            final String member = entry.trim();
            final int colon = member.lastIndexOf(':');
            if (colon <= 0 || colon == member.length() - 1)
            {
                throw new IllegalArgumentException("member '" + member + "' is not HOST:PORT");
            }
            final int port;
            try
            {
                port = Integer.parseInt(member.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("member '" + member + "' has no numeric port");
            }
            if (port < 1 || port + PORTS_PER_MEMBER - 1 > 65535)
            {
                throw new IllegalArgumentException("member '" + member + "': base port must leave room for " +
                    PORTS_PER_MEMBER + " ports below 65536");
            }
            hosts.add(member.substring(0, colon));
            ports.add(port);
        }
        return new ClusterMembers(List.copyOf(hosts), List.copyOf(ports));
    }

    /**
     * @return how many members.
     */
    public int size()
    {
        return hosts.size();
    }

    /**
     * @param memberId the member.
     * @return its host.
     */
    public String host(final int memberId)
    {
        return hosts.get(memberId);
    }

    /**
     * @param memberId the member.
     * @param offset   one of the port offsets.
     * @return the port.
     */
    public int port(final int memberId, final int offset)
    {
        return basePorts.get(memberId) + offset;
    }

    /**
     * @param memberId the member.
     * @return its status endpoint port.
     */
    public int statusPort(final int memberId)
    {
        return port(memberId, STATUS_OFFSET);
    }

    private String endpoint(final int memberId, final int offset)
    {
        return hosts.get(memberId) + ":" + port(memberId, offset);
    }

    /**
     * @return the consensus module's {@code clusterMembers} string.
     */
    String aeronClusterMembers()
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++)
        {
            if (i > 0)
            {
                out.append('|');
            }
            out.append(i)
                .append(',').append(endpoint(i, INGRESS_OFFSET))
                .append(',').append(endpoint(i, CONSENSUS_OFFSET))
                .append(',').append(endpoint(i, LOG_OFFSET))
                .append(',').append(endpoint(i, CATCHUP_OFFSET))
                .append(',').append(endpoint(i, ARCHIVE_OFFSET));
        }
        return out.toString();
    }

    /**
     * @return the client's {@code ingressEndpoints} string.
     */
    String ingressEndpoints()
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++)
        {
            if (i > 0)
            {
                out.append(',');
            }
            out.append(i).append('=').append(endpoint(i, INGRESS_OFFSET));
        }
        return out.toString();
    }
}
