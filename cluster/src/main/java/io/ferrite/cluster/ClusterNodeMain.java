package io.ferrite.cluster;

import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one cluster member until SIGINT/SIGTERM (or the cluster terminates it):
 * {@code java ... io.ferrite.cluster.ClusterNodeMain --id I --members H:P,H:P,H:P --data DIR --workload W
 * [--digest-every N] [--snapshot-every N] [--heartbeat-timeout-ms MS]}. {@code ferrite cluster node} is the same with
 * help and checked options; this entry point needs only the cluster module on the class path (the tests use it).
 * Exit code 0 after a clean stop, 2 on bad arguments, 1 if the node failed to start or had to stop (its journal and
 * the cluster log disagree, its engine halted).
 * <p>
 * While it runs, the node says on its output each change of its Aeron election state it sees, with the time, e.g.
 * {@code 2026-12-04T17:20:01.123Z member 1 election FOLLOWER_CATCHUP -> CLOSED}: how long a failover or a restarted
 * member's catch-up took, and where an election stalled; and each client session it closed because it timed out
 * (a client gone silent, or every session at once when it takes over as after a whole-cluster restart). The state
 * is sampled every {@value #ELECTION_POLL_MS} ms, so a state shorter than that may not appear.
 */
public final class ClusterNodeMain
{
    /** How often the election state is sampled for the log. */
    static final long ELECTION_POLL_MS = 20;

    private ClusterNodeMain()
    {
    }

    /**
     * @param args see the class javadoc.
     */
    public static void main(final String[] args)
    {
        final ClusterNode.Context context;
        try
        {
            context = parse(args);
            context.conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("ferrite cluster node: " + ex.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(context, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Launch a node and block until a shutdown signal, then close it.
     *
     * @param context the node's settings.
     * @param out     where to say that the node started and stopped.
     * @param err     where to say why it failed to start.
     * @return 0 after a clean stop, 1 if the node failed to start.
     */
    public static int run(final ClusterNode.Context context, final PrintWriter out, final PrintWriter err)
    {
        // Closed on every path: its shutdown hook waits for close(), so an unclosed barrier would hang the exit.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final AtomicReference<Throwable> fatal = new AtomicReference<>();
            final Consumer<Throwable> userHandler = context.fatalErrorHandler;
            context.fatalErrorHandler(ex ->
            {
                userHandler.accept(ex);
                fatal.compareAndSet(null, ex);
                barrier.signalAll();
            });
            final ClusterNode node;
            try
            {
                node = ClusterNode.launch(context);
            }
            catch (final RuntimeException ex)
            {
                err.println("ferrite cluster node: error: " + ex.getMessage());
                err.flush();
                return 1;
            }
            out.println("member " + context.memberId + " started: data " + context.dataDirectory + ", workload " +
                context.workload.name() + ", ingress port " + context.members.port(context.memberId, 0) +
                ", status http://" + context.members.host(context.memberId) + ":" +
                context.members.statusPort(context.memberId) + "/status");
            out.flush();
            final Thread electionLog = new Thread(
                () -> logElectionChanges(context.memberId, node, out), "election-log");
            electionLog.setDaemon(true);
            electionLog.start();
            barrier.await();
            electionLog.interrupt();
            joinQuietly(electionLog);
            node.close();
            final Throwable failure = fatal.get();
            if (null != failure)
            {
                err.println("ferrite cluster node: error: member " + context.memberId + " stopped: " +
                    failure.getMessage());
                err.flush();
                return 1;
            }
            out.println("member " + context.memberId + " stopped at sequence " + node.status().appliedSequence());
            out.flush();
            return 0;
        }
    }

    /**
     * Print each change of the member's election state, and each client session it closed for a timeout, until
     * interrupted.
     */
    static void logElectionChanges(final int memberId, final ClusterNode node, final PrintWriter out)
    {
        String last = null;
        long timedOut = 0;
        while (!Thread.currentThread().isInterrupted())
        {
            final String state = node.status().electionState();
            if (!state.equals(last))
            {
                out.println(Instant.now() + " member " + memberId + " election " +
                    (null == last ? "" : last + " -> ") + state);
                out.flush();
                last = state;
            }
            final long sessions = node.timedOutClientSessions();
            if (sessions > timedOut)
            {
                out.println(Instant.now() + " member " + memberId + " closed " + (sessions - timedOut) +
                    " client session(s) that timed out (" + sessions + " since it started)");
                out.flush();
                timedOut = sessions;
            }
            try
            {
                Thread.sleep(ELECTION_POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static ClusterNode.Context parse(final String[] args)
    {
        final ClusterNode.Context context = new ClusterNode.Context();
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i];
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            final String value = args[++i];
            switch (name)
            {
                case "--id" -> context.memberId(parseInt(name, value));
                case "--members" -> context.members(ClusterMembers.parse(value));
                case "--data" -> context.dataDirectory(Path.of(value));
                case "--workload" -> context.workload(value);
                case "--digest-every" -> context.digestEvery(parseLong(name, value));
                case "--snapshot-every" -> context.snapshotEvery(parseLong(name, value));
                case "--heartbeat-timeout-ms" ->
                    context.leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(parseLong(name, value)));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return context;
    }

    private static int parseInt(final String name, final String value)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }

    private static long parseLong(final String name, final String value)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }
}
