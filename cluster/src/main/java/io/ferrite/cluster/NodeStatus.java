package io.ferrite.cluster;

import io.aeron.cluster.ElectionState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What one node reports for {@code ferrite cluster status}: its role, the leader it follows, the Ferrite sequence it
 * has applied, and the state digests its engine recorded (every {@code digestEvery} events, at the same sequences on
 * every node). Written by the service thread (plain volatile stores, no allocation), read by the status endpoint
 * and the node's election log.
 * <p>
 * The status endpoint answers in plain text, one fact per line, so that any tool can read it:
 * <pre>
 *   member 0
 *   role LEADER
 *   election CLOSED         (Aeron's election state: CLOSED once the member leads or follows the live log)
 *   leader 0
 *   term 3
 *   applied 150000          (events handed to the engine)
 *   processed 150000        (events every processor has finished: digests up to here are recorded)
 *   snapshot 100000
 *   digest matching 10000 0x5e1f...
 * </pre>
 */
public final class NodeStatus
{
    /** What a report says where a node does not know (or an older node does not report) a value. */
    public static final String UNKNOWN = "UNKNOWN";
    /**
     * The election state of a member that leads or follows the live log: no election under way. A member restarted
     * after a crash reaches it only once it has caught up with the leader and joined the live log, which is when it
     * counts fully again (see {@code cluster/README.md}).
     */
    public static final String ELECTION_CLOSED = ElectionState.CLOSED.name();
    /** The election state of a member whose consensus module has stopped (or is closing): not a working member. */
    public static final String ELECTION_STOPPED = "STOPPED";

    private final int memberId;
    private final Path dataDirectory;
    private volatile String role = "STARTING";
    private volatile int leaderMemberId = -1;
    private volatile long leadershipTermId = -1;
    private volatile long appliedSequence;
    private volatile long lastClusterSnapshotSequence;
    private volatile long egressSent;
    private volatile long egressFailed;
    private volatile String failure;
    private volatile LongSupplier processedSequence = () -> 0;
    private volatile Supplier<String> electionState = () -> UNKNOWN;

    /**
     * @param memberId      this node's cluster member id.
     * @param dataDirectory the node's data directory (its digests are read from {@code digests/} there).
     */
    public NodeStatus(final int memberId, final Path dataDirectory)
    {
        this.memberId = memberId;
        this.dataDirectory = dataDirectory;
    }

    void role(final String role)
    {
        if (null == failure)
        {
            this.role = role;
        }
    }

    void failed(final String reason)
    {
        this.failure = null == reason ? "unknown" : reason.replace('\n', ' ');
        this.role = "FAILED";
    }

    void leader(final int leaderMemberId, final long leadershipTermId)
    {
        this.leaderMemberId = leaderMemberId;
        this.leadershipTermId = leadershipTermId;
    }

    void appliedSequence(final long appliedSequence)
    {
        this.appliedSequence = appliedSequence;
    }

    void processedSequence(final LongSupplier processedSequence)
    {
        this.processedSequence = processedSequence;
    }

    void electionState(final Supplier<String> electionState)
    {
        this.electionState = electionState;
    }

    void egress(final long sent, final long failed)
    {
        egressSent = sent;
        egressFailed = failed;
    }

    /**
     * @return outputs this member sent to clients while leader, and those it could not send (a client's egress
     * full or gone, or its egress buffer full): {sent, failed}.
     */
    public long[] egress()
    {
        return new long[]{egressSent, egressFailed};
    }

    void lastClusterSnapshotSequence(final long sequence)
    {
        this.lastClusterSnapshotSequence = sequence;
    }

    /**
     * @return the Ferrite sequence of the last event this node applied.
     */
    public long appliedSequence()
    {
        return appliedSequence;
    }

    /**
     * @return the member's Aeron election state ({@link #ELECTION_CLOSED} when none is under way; INIT from launch
     * until its first election starts), {@link #ELECTION_STOPPED} once its consensus module has stopped, or
     * {@link #UNKNOWN} before it is launched.
     */
    public String electionState()
    {
        return electionState.get();
    }

    /**
     * @return the role as Aeron Cluster names it (LEADER, FOLLOWER, CANDIDATE), or STARTING.
     */
    public String role()
    {
        return role;
    }

    /**
     * Render the status in the endpoint's text format. Allocates; not for the hot path.
     *
     * @return the text.
     * @throws IOException if the digest files cannot be read.
     */
    public String render() throws IOException
    {
        final StringBuilder out = new StringBuilder(256);
        out.append("member ").append(memberId).append('\n');
        out.append("role ").append(role).append('\n');
        out.append("election ").append(electionState.get()).append('\n');
        out.append("leader ").append(leaderMemberId).append('\n');
        out.append("term ").append(leadershipTermId).append('\n');
        out.append("applied ").append(appliedSequence).append('\n');
        out.append("processed ").append(processedSequence.getAsLong()).append('\n');
        out.append("snapshot ").append(lastClusterSnapshotSequence).append('\n');
        out.append("egress-sent ").append(egressSent).append('\n');
        out.append("egress-failed ").append(egressFailed).append('\n');
        final String failed = failure;
        if (null != failed)
        {
            out.append("failure ").append(failed).append('\n');
        }
        for (final Report.Digest digest : readDigests(dataDirectory))
        {
            out.append("digest ").append(digest.processor()).append(' ').append(digest.sequence()).append(' ')
                .append(String.format(Locale.ROOT, "0x%016x", digest.digest())).append('\n');
        }
        return out.toString();
    }

    /**
     * Read every digest record the engine wrote under {@code DIR/digests}: 16-byte little-endian (sequence,
     * digest) records per processor, a torn last record ignored.
     *
     * @param dataDirectory the node's data directory.
     * @return the records, by processor file name then sequence.
     * @throws IOException if a file cannot be read.
     */
    public static List<Report.Digest> readDigests(final Path dataDirectory) throws IOException
    {
        final List<Report.Digest> digests = new ArrayList<>();
        final Path directory = dataDirectory.resolve("digests");
        if (!Files.isDirectory(directory))
        {
            return digests;
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.digests"))
        {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (final Path file : files)
        {
            final String name = file.getFileName().toString();
            final String processor = name.substring(0, name.length() - ".digests".length());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final long records = channel.size() / 16;
                final ByteBuffer buffer = ByteBuffer.allocate((int)(records * 16)).order(ByteOrder.LITTLE_ENDIAN);
                while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0)
                {
                    // read until the whole records are in
                }
                for (int i = 0; i < buffer.position() / 16; i++)
                {
                    digests.add(new Report.Digest(processor, buffer.getLong(i * 16), buffer.getLong(i * 16 + 8)));
                }
            }
            catch (final NoSuchFileException ignore)
            {
                // removed between listing and opening: nothing to report for it
            }
        }
        return digests;
    }

    /**
     * A node's status as read back from its endpoint.
     *
     * @param memberId         the member.
     * @param role             its role.
     * @param leaderMemberId   the leader it follows, -1 if none yet.
     * @param leadershipTermId the leadership term.
     * @param appliedSequence  the Ferrite sequence it has handed to its engine.
     * @param processedSequence the Ferrite sequence every processor of its engine has finished.
     * @param snapshotSequence the Ferrite sequence of its latest cluster snapshot.
     * @param digests          its recorded digests.
     * @param failure          why it stopped applying the log (role FAILED), or null.
     * @param election         its Aeron election state ({@link #ELECTION_CLOSED} when none is under way,
     *                         {@link #ELECTION_STOPPED}), or {@link #UNKNOWN} (a node that does not report it).
     */
    public record Report(
        int memberId,
        String role,
        int leaderMemberId,
        long leadershipTermId,
        long appliedSequence,
        long processedSequence,
        long snapshotSequence,
        List<Digest> digests,
        String failure,
        String election)
    {
        /**
         * One recorded digest.
         *
         * @param processor the processor (its digest file name).
         * @param sequence  the sequence it was recorded at.
         * @param digest    the digest.
         */
        public record Digest(String processor, long sequence, long digest)
        {
        }

        /**
         * Parse the endpoint's text format.
         *
         * @param text the text.
         * @return the report.
         * @throws IllegalArgumentException if a line is malformed.
         */
        public static Report parse(final String text)
        {
            int member = -1;
            String role = UNKNOWN;
            String election = UNKNOWN;
            int leader = -1;
            long term = -1;
            long applied = 0;
            long processed = 0;
            long snapshot = 0;
            String failure = null;
            final List<Digest> digests = new ArrayList<>();
            for (final String line : text.split("\n"))
            {
                final String[] f = line.trim().split(" ");
                if (f.length < 2)
                {
                    continue;
                }
                try
                {
                    switch (f[0])
                    {
                        case "member" -> member = Integer.parseInt(f[1]);
                        case "role" -> role = f[1];
                        case "election" -> election = f[1];
                        case "leader" -> leader = Integer.parseInt(f[1]);
                        case "term" -> term = Long.parseLong(f[1]);
                        case "applied" -> applied = Long.parseLong(f[1]);
                        case "failure" -> failure = line.trim().substring("failure ".length());
                        case "processed" -> processed = Long.parseLong(f[1]);
                        case "snapshot" -> snapshot = Long.parseLong(f[1]);
                        case "digest" -> digests.add(new Digest(f[1], Long.parseLong(f[2]),
                            Long.parseUnsignedLong(f[3].substring(2), 16)));
                        default ->
                        {
                            // a newer node may report more; ignore what this reader does not know
                        }
                    }
                }
                catch (final RuntimeException ex)
                {
                    throw new IllegalArgumentException("malformed status line: '" + line + "'", ex);
                }
            }
            return new Report(
                member, role, leader, term, applied, processed, snapshot, List.copyOf(digests), failure, election);
        }
    }
}
