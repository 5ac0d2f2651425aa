package io.ferrite.tools;

import io.ferrite.cluster.ClusterMembers;
import io.ferrite.cluster.ClusterStatus;
import io.ferrite.cluster.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ferrite cluster status}: every member's role, progress and latest digest, and the first sequence where their
 * recorded digests disagree.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Ask every member (its status port, base + 5) for its role, the sequence it has applied and processed, and " +
            "its recorded state digests; compare the digests members recorded at the same sequences.",
        "Exit code 1 if members diverged (names the first divergent sequence and member) or a member did not answer."
    })
final class ClusterStatusCommand extends AbstractCommand
{
    @Option(names = "--members", required = true, paramLabel = "H:P,H:P,H:P",
        description = "Every member's host and base port, in member order.")
    String members;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000",
        description = "How long to wait for each member. Default: ${DEFAULT-VALUE}.")
    int timeoutMs;

    @Override
    public Integer call()
    {
        if (timeoutMs <= 0)
        {
            throw usageError("--timeout-ms must be > 0, was " + timeoutMs);
        }
        final ClusterMembers parsed = ClusterCommand.members(spec.commandLine(), members);
        final List<ClusterStatus.Member> answers = ClusterStatus.query(parsed, timeoutMs);
        final ClusterStatus.Divergence divergence = ClusterStatus.firstDivergence(answers);
        int leader = -1;
        boolean allAnswered = true;
        for (final ClusterStatus.Member member : answers)
        {
            if (null == member.report())
            {
                allAnswered = false;
            }
            else if ("LEADER".equals(member.report().role()))
            {
                leader = member.memberId();
            }
        }
        final boolean ok = allAnswered && null == divergence;
        if (json())
        {
            printJson(answers, divergence, leader, ok);
        }
        else
        {
            printText(answers, divergence, leader);
        }
        if (null != divergence)
        {
            printFault("members " + divergence.divergent() + " diverged at sequence " + divergence.sequence() +
                " (processor " + divergence.processor() + ")");
        }
        else if (!allAnswered)
        {
            printFault("not every member answered");
        }
        return ok ? FerriteMain.EXIT_OK : FerriteMain.EXIT_FAILURE;
    }

    private void printText(
        final List<ClusterStatus.Member> answers, final ClusterStatus.Divergence divergence, final int leader)
    {
        out().printf("leader         %s%n", leader < 0 ? "none answered as leader" : "member " + leader);
        final List<Integer> answered = new ArrayList<>();
        for (final ClusterStatus.Member member : answers)
        {
            final NodeStatus.Report r = member.report();
            if (null == r)
            {
                out().printf("member %-7d not answering (%s): %s%n", member.memberId(), member.endpoint(),
                    member.error());
                continue;
            }
            answered.add(member.memberId());
            final NodeStatus.Report.Digest latest = latest(r);
            out().printf("member %-7d %-9s %sapplied %d, processed %d, cluster snapshot at %d, latest digest %s%n",
                r.memberId(), r.role(), electionNote(r.election()), r.appliedSequence(), r.processedSequence(),
                r.snapshotSequence(),
                null == latest ? "none yet" :
                    Formats.digest(latest.digest()) + " at " + latest.sequence() + " (" + latest.processor() + ")");
        }
        if (null == divergence && answered.size() < 2)
        {
            out().printf("digests        nothing to compare: %s%n", answered.isEmpty() ? "no member answered" :
                "only member " + answered.get(0) + " answered");
        }
        else if (null == divergence)
        {
            out().printf("digests        agree at every sequence the members share%n");
        }
        else
        {
            out().printf("digests        DIVERGED at sequence %d (processor %s): member(s) %s differ%n",
                divergence.sequence(), divergence.processor(), divergence.divergent());
            for (final Map.Entry<Integer, Long> d : divergence.digests().entrySet())
            {
                out().printf("  member %d     %s%n", d.getKey(), Formats.digest(d.getValue()));
            }
        }
    }

    /**
     * What the text output says of a member's election state: a member in an election (a restarted one still
     * catching up with the leader, or every member while they elect) or with its consensus module stopped says so;
     * one that leads or follows the live log, or an older node that does not report the state, says nothing.
     */
    static String electionNote(final String election)
    {
        if (NodeStatus.ELECTION_CLOSED.equals(election) || NodeStatus.UNKNOWN.equals(election))
        {
            return "";
        }
        if (NodeStatus.ELECTION_STOPPED.equals(election))
        {
            return "consensus module STOPPED, ";
        }
        return "in election (" + election + "), ";
    }

    private void printJson(
        final List<ClusterStatus.Member> answers,
        final ClusterStatus.Divergence divergence,
        final int leader,
        final boolean ok)
    {
        final JsonWriter json = jsonWriter().beginObject()
            .field("ok", ok)
            .field("leader", leader)
            .beginArray("members");
        for (final ClusterStatus.Member member : answers)
        {
            final NodeStatus.Report r = member.report();
            json.beginObject().field("member", member.memberId()).field("endpoint", member.endpoint());
            if (null == r)
            {
                json.field("answered", false).field("error", member.error());
            }
            else
            {
                final NodeStatus.Report.Digest latest = latest(r);
                json.field("answered", true)
                    .field("role", r.role())
                    .field("election", r.election())
                    .field("leaderMemberId", r.leaderMemberId())
                    .field("leadershipTermId", r.leadershipTermId())
                    .field("appliedSequence", r.appliedSequence())
                    .field("processedSequence", r.processedSequence())
                    .field("clusterSnapshotSequence", r.snapshotSequence())
                    .field("latestDigestSequence", null == latest ? 0 : latest.sequence())
                    .field("latestDigest", null == latest ? null : Formats.digest(latest.digest()));
            }
            json.endObject();
        }
        json.endArray();
        if (null == divergence)
        {
            json.field("divergence", (String)null);
        }
        else
        {
            json.beginObject("divergence")
                .field("sequence", divergence.sequence())
                .field("processor", divergence.processor())
                .beginArray("members");
            for (final int m : divergence.divergent())
            {
                json.value(m);
            }
            json.endArray().endObject();
        }
        json.endObject().finish();
    }

    private static NodeStatus.Report.Digest latest(final NodeStatus.Report report)
    {
        NodeStatus.Report.Digest latest = null;
        for (final NodeStatus.Report.Digest d : report.digests())
        {
            if (null == latest || d.sequence() > latest.sequence())
            {
                latest = d;
            }
        }
        return latest;
    }
}
