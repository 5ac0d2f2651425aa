package io.ferrite.cluster;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Workload;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A cluster of real members for tests: each member is a child JVM running {@link ClusterNodeMain} on loopback, with
 * its data directory under the test's directory and its output in {@code node-I.log} there. Kill -9, graceful stop
 * and restart per member; status from the members' own endpoints.
 */
final class ClusterHarness implements AutoCloseable
{
    private static final String HOST = "127.0.0.1";

    private final Path root;
    private final String workload;
    private final List<String> extraArgs;
    private final ClusterMembers members;
    private final String membersText;
    private final Process[] processes;

    ClusterHarness(final Path root, final int size, final String workload, final String... extraArgs)
        throws IOException
    {
        this.root = root;
        this.workload = workload;
        this.extraArgs = List.of(extraArgs);
        final int base = freeBasePort(size);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++)
        {
            text.append(i == 0 ? "" : ",").append(HOST).append(':').append(base + 10 * i);
        }
        this.membersText = text.toString();
        this.members = ClusterMembers.parse(membersText);
        this.processes = new Process[size];
    }

    /** A base port where every member's six UDP and TCP ports are free, members 10 apart. */
    static int freeBasePort(final int size) throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            // Below Linux's ephemeral range (32768+), where Aeron's own ':0' endpoints land.
            final int base = 20_000 + 10 * ThreadLocalRandom.current().nextInt(1_200);
            if (allFree(base, size))
            {
                return base;
            }
        }
        throw new IOException("no free block of ports found for " + size + " members");
    }

    private static boolean allFree(final int base, final int size)
    {
        for (int i = 0; i < size; i++)
        {
            for (int p = 0; p < ClusterMembers.PORTS_PER_MEMBER; p++)
            {
                final int port = base + 10 * i + p;
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), port));
                    ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getByName(HOST)))
                {
                    udp.getLocalPort();
                    tcp.getLocalPort();
                }
                catch (final IOException ex)
                {
                    return false;
                }
            }
        }
        return true;
    }

    ClusterMembers members()
    {
        return members;
    }

    String membersText()
    {
        return membersText;
    }

    Path dataDirectory(final int member)
    {
        return root.resolve("node-" + member);
    }

    Path log(final int member)
    {
        return root.resolve("node-" + member + ".log");
    }

    void startAll() throws IOException
    {
        for (int i = 0; i < processes.length; i++)
        {
            start(i);
        }
    }

    void start(final int member) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : System.getProperty("ferrite.test.jvm.args", "").trim().split("\\s+"))
        {
            if (!arg.isEmpty() && !arg.startsWith("-Xmx"))
            {
                command.add(arg);
            }
        }
        command.addAll(Arrays.asList("-Xmx256m", "-XX:+UseSerialGC"));
        command.add("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterNodeMain.class.getName());
        command.addAll(List.of("--id", Integer.toString(member), "--members", membersText,
            "--data", dataDirectory(member).toString(), "--workload", workload));
        command.addAll(extraArgs);
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(member).toFile()));
        processes[member] = builder.start();
    }

    /** kill -9. */
    void kill(final int member) throws InterruptedException
    {
        final Process process = processes[member];
        if (null != process)
        {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            processes[member] = null;
        }
    }

    /** SIGTERM, then kill -9 if it has not stopped in time. */
    void stop(final int member) throws InterruptedException
    {
        final Process process = processes[member];
        if (null != process)
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            processes[member] = null;
        }
    }

    boolean isAlive(final int member)
    {
        return null != processes[member] && processes[member].isAlive();
    }

    NodeStatus.Report status(final int member)
    {
        final ClusterStatus.Member answer = ClusterStatus.query(members, 2_000).get(member);
        return answer.report();
    }

    /** Wait until the member reports {@code sequence} processed by every processor, failing with its log if it dies or the time runs out. */
    void awaitApplied(final int member, final long sequence, final long timeoutMs) throws Exception
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final LongSupplier applied = () ->
        {
            final NodeStatus.Report report = ClusterStatus.query(members, 2_000).get(member).report();
            if (null != report && null != report.failure())
            {
                throw new AssertionError("member " + member + " failed: " + report.failure() + "; its log:\n" +
                    tail(member));
            }
            return null == report ? -1 : report.processedSequence();
        };
        long last = -1;
        while (System.currentTimeMillis() < deadline)
        {
            if (!isAlive(member))
            {
                throw new AssertionError("member " + member + " died; its log:\n" + tail(member));
            }
            last = applied.getAsLong();
            if (last >= sequence)
            {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("member " + member + " processed " + last + " of " + sequence + " in " + timeoutMs +
            " ms; its log:\n" + tail(member));
    }

    /** Connect a client, failing with every member's state and log if no leader answers. */
    FerriteClusterClient connect(final FerriteClusterClient.Context context)
    {
        try
        {
            return FerriteClusterClient.connect(context);
        }
        catch (final IllegalStateException ex)
        {
            throw new AssertionError(ex.getMessage() + "\n" + describe(), ex);
        }
    }

    /**
     * Publish events {@code client.nextMessageId()..events} of the workload (message id = event number = generator
     * index), calling {@code onAcknowledged} with the acknowledged count as it grows, until all are acknowledged.
     *
     * @return the longest time, in ms, the acknowledged count did not move while events were outstanding.
     */
    static long drive(
        final FerriteClusterClient client,
        final Workload workload,
        final long seed,
        final long events,
        final long timeoutSeconds,
        final AcknowledgedListener onAcknowledged) throws Exception
    {
        final EventGenerator generator = workload.newGenerator(seed);
        final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long generated = 0;
        long lastAcknowledged = client.lastAcknowledged();
        long lastProgressNanos = System.nanoTime();
        long longestStallNanos = 0;
        while (client.lastAcknowledged() < events)
        {
            final long now = System.nanoTime();
            if (now > deadline)
            {
                throw new AssertionError("client acknowledged " + client.lastAcknowledged() + " of " + events +
                    " in " + timeoutSeconds + " s (leader " + client.leaderMemberId() + ", " +
                    client.sessionsOpened() + " sessions opened); the client's Aeron errors: " +
                    client.driverErrors());
            }
            if (client.lastAcknowledged() != lastAcknowledged)
            {
                lastAcknowledged = client.lastAcknowledged();
                longestStallNanos = Math.max(longestStallNanos, now - lastProgressNanos);
                lastProgressNanos = now;
                onAcknowledged.onAcknowledged(lastAcknowledged);
            }
            final long next = client.nextMessageId();
            int work = client.poll();
            if (next <= events)
            {
                if (generated != next)
                {
                    generator.generate(event.reset(next));
                    generated = next;
                }
                if (client.tryPublish(event.type(), event.timestamp(), event.buffer(), 0, event.length()) > 0)
                {
                    work++;
                }
            }
            if (work == 0)
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(longestStallNanos);
    }

    /** Told the acknowledged count each time it grows. */
    @FunctionalInterface
    interface AcknowledgedListener
    {
        void onAcknowledged(long acknowledged) throws Exception;
    }

    String describe()
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < processes.length; i++)
        {
            out.append("member ").append(i).append(isAlive(i) ? " alive" : " NOT RUNNING").append(", log:\n")
                .append(tail(i)).append('\n');
        }
        return out.toString();
    }

    String tail(final int member)
    {
        try
        {
            final String text = Files.readString(log(member), StandardCharsets.UTF_8);
            return text.length() > 6_000 ? text.substring(text.length() - 6_000) : text;
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    public void close()
    {
        for (final Process process : processes)
        {
            if (null != process)
            {
                process.destroyForcibly();
            }
        }
        for (final Process process : processes)
        {
            if (null != process)
            {
                try
                {
                    process.waitFor(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
