package io.ferrite.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every member's status endpoint and compares the digests they recorded at the same sequences: the first
 * sequence where a member's digest differs from the others' names the divergent member (the one in the minority, or
 * every member that differs when there is no majority).
 */
public final class ClusterStatus
{
    private ClusterStatus()
    {
    }

    /**
     * One member's answer.
     *
     * @param memberId the member.
     * @param endpoint the status URL asked.
     * @param report   what it reported, or null if it did not answer.
     * @param error    why it did not answer, or null.
     */
    public record Member(int memberId, String endpoint, NodeStatus.Report report, String error)
    {
    }

    /**
     * The first sequence at which recorded digests disagree.
     *
     * @param sequence  the sequence.
     * @param processor the processor whose digest differs.
     * @param divergent the members that disagree with the majority (all disagreeing members if none).
     * @param digests   each reporting member's digest at that sequence.
     */
    public record Divergence(long sequence, String processor, List<Integer> divergent, Map<Integer, Long> digests)
    {
    }

    /**
     * Ask every member for its status.
     *
     * @param members   the members.
     * @param timeoutMs connect and read timeout per member.
     * @return one entry per member, in member order.
     */
    public static List<Member> query(final ClusterMembers members, final int timeoutMs)
    {
        final List<Member> answers = new ArrayList<>();
        for (int i = 0; i < members.size(); i++)
        {
            final String endpoint = "http://" + members.host(i) + ":" + members.statusPort(i) + "/status";
            try
            {
                final HttpURLConnection connection = (HttpURLConnection)URI.create(endpoint).toURL().openConnection();
                connection.setConnectTimeout(timeoutMs);
                connection.setReadTimeout(timeoutMs);
                try (InputStream in = connection.getInputStream())
                {
                    final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    answers.add(new Member(i, endpoint, NodeStatus.Report.parse(text), null));
                }
                finally
                {
                    connection.disconnect();
                }
            }
            catch (final IOException | IllegalArgumentException ex)
            {
                answers.add(new Member(i, endpoint, null, ex.getClass().getSimpleName() + ": " + ex.getMessage()));
            }
        }
        return answers;
    }

    /**
     * Compare the digests members recorded at the same (processor, sequence).
     *
     * @param members the answers from {@link #query}.
     * @return the first divergence by sequence, or null if every shared record agrees.
     */
    public static Divergence firstDivergence(final List<Member> members)
    {
        // (sequence, processor) -> member -> digest, in sequence order.
        final TreeMap<Long, TreeMap<String, Map<Integer, Long>>> bySequence = new TreeMap<>();
        for (final Member member : members)
        {
            if (null == member.report())
            {
                continue;
            }
            for (final NodeStatus.Report.Digest digest : member.report().digests())
            {
                bySequence.computeIfAbsent(digest.sequence(), s -> new TreeMap<>())
                    .computeIfAbsent(digest.processor(), p -> new TreeMap<>())
                    .put(member.memberId(), digest.digest());
            }
        }
        for (final Map.Entry<Long, TreeMap<String, Map<Integer, Long>>> atSequence : bySequence.entrySet())
        {
            for (final Map.Entry<String, Map<Integer, Long>> perProcessor : atSequence.getValue().entrySet())
            {
                final Map<Integer, Long> digests = perProcessor.getValue();
                final Map<Long, Integer> votes = new HashMap<>();
                digests.values().forEach(d -> votes.merge(d, 1, Integer::sum));
                if (votes.size() <= 1)
                {
                    continue;
                }
                long majority = 0;
                int best = 0;
                boolean tie = false;
                for (final Map.Entry<Long, Integer> vote : votes.entrySet())
                {
                    if (vote.getValue() > best)
                    {
                        best = vote.getValue();
                        majority = vote.getKey();
                        tie = false;
                    }
                    else if (vote.getValue() == best)
                    {
                        tie = true;
                    }
                }
                final List<Integer> divergent = new ArrayList<>();
                for (final Map.Entry<Integer, Long> d : digests.entrySet())
                {
                    if (tie || d.getValue() != majority)
                    {
                        divergent.add(d.getKey());
                    }
                }
                return new Divergence(atSequence.getKey(), perProcessor.getKey(), divergent, digests);
            }
        }
        return null;
    }
}
