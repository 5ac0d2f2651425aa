package io.ferrite.bench.cluster;

import io.ferrite.cluster.ClusterMembers;
import io.ferrite.cluster.ClusterNode;
import io.ferrite.cluster.FerriteClusterClient;
import io.ferrite.cluster.GeneratedEvent;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EngineCounters;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Workload;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * What high availability costs: the same workload through a standalone engine and through a 3-member Ferrite cluster
 * (three {@link ClusterNode}s in this JVM, each with its own media driver, archive, consensus module and data
 * directory, on loopback UDP, with the module's small-machine defaults) and its {@link FerriteClusterClient}, side by
 * side in one run.
 * <ul>
 *   <li><b>Throughput:</b> {@code --events} events published as fast as each side takes them; the time until the
 *   last one is applied (standalone: processed by every processor; cluster: committed, applied and acknowledged to
 *   the client).</li>
 *   <li><b>Latency:</b> an open-loop run at {@code --rate} events/s: each event has an intended send time on a fixed
 *   schedule, and its latency runs from that time to when the producer sees it applied (same points as above), so a
 *   stall is charged to every event it delays. The first {@code --warmup} seconds are not recorded.</li>
 * </ul>
 * Writes {@code cluster-vs-standalone.md} and {@code .json} into {@code --out}.
 * <pre>
 *   java -cp benchmarks.jar io.ferrite.bench.cluster.ClusterBenchMain --out DIR [--workload trading]
 *       [--events 200000] [--rate 10000] [--warmup 5] [--duration 20]
 * </pre>
 */
public final class ClusterBenchMain
{
    private static final String HOST = "127.0.0.1";
    private static final int MEMBERS = 3;
    private static final long SEED = 42;
    private static final int SLOTS = 1 << 16;

    private ClusterBenchMain()
    {
    }

    /** One side's numbers. */
    record Result(String name, long events, double eventsPerSecond, long rate, long recorded, double p50Micros,
        double p99Micros, double maxMicros)
    {
    }

    /** Something events go into, observed from the producer thread. */
    private interface Target extends AutoCloseable
    {
        /** @return true if event {@code i} (1-based, generated into {@code event}) was taken. */
        boolean offer(long i, GeneratedEvent event);

        /** @return the highest i applied so far; may do the target's housekeeping. */
        long applied();

        void close();
    }

    /**
     * @param args see the class javadoc.
     * @throws Exception if a side fails; the message says which.
     */
    public static void main(final String[] args) throws Exception
    {
        Path out = null;
        String workloadName = "trading";
        long events = 200_000;
        long rate = 10_000;
        long warmupSeconds = 5;
        long durationSeconds = 20;
        for (int i = 0; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--out" -> out = Path.of(value);
                case "--workload" -> workloadName = value;
                case "--events" -> events = Long.parseLong(value);
                case "--rate" -> rate = Long.parseLong(value);
                case "--warmup" -> warmupSeconds = Long.parseLong(value);
                case "--duration" -> durationSeconds = Long.parseLong(value);
                default ->
                {
                    System.err.println("ClusterBenchMain: unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (null == out || events < 1 || rate < 1 || warmupSeconds < 0 || durationSeconds < 1)
        {
            System.err.println("usage: ClusterBenchMain --out DIR [--workload W] [--events N] [--rate R] " +
                "[--warmup S] [--duration S]");
            System.exit(2);
        }
        final Workload workload = workload(workloadName);
        Files.createDirectories(out);
        final Path scratch = Files.createTempDirectory("ferrite-cluster-bench-");
        try
        {
            final Result standalone;
            try (Target target = standalone(workload, scratch.resolve("standalone")))
            {
                standalone = measure("standalone engine", target, workload, events, rate, warmupSeconds,
                    durationSeconds);
            }
            print(standalone);
            final Result cluster;
            try (Target target = cluster(workload, scratch.resolve("cluster")))
            {
                cluster = measure("3-member cluster", target, workload, events, rate, warmupSeconds,
                    durationSeconds);
            }
            print(cluster);
            write(out, workload, standalone, cluster, warmupSeconds, durationSeconds,
                "ClusterBenchMain " + String.join(" ", args));
        }
        finally
        {
            deleteTree(scratch);
        }
    }

    private static Workload workload(final String name)
    {
        for (final Workload candidate : ServiceLoader.load(Workload.class))
        {
            if (candidate.name().equals(name))
            {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no workload named '" + name + "' on the class path");
    }

    private static Result measure(
        final String name,
        final Target target,
        final Workload workload,
        final long events,
        final long rate,
        final long warmupSeconds,
        final long durationSeconds)
    {
        final EventGenerator generator = workload.newGenerator(SEED);
        final GeneratedEvent event = new GeneratedEvent(workload.maxEventLength());

        // Throughput: events 1..events as fast as the target takes them.
        final long start = System.nanoTime();
        long next = 1;
        boolean generated = false;
        while (target.applied() < events)
        {
            if (next <= events)
            {
                if (!generated)
                {
                    generator.generate(event.reset(next));
                    generated = true;
                }
                if (target.offer(next, event))
                {
                    next++;
                    generated = false;
                    continue;
                }
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        }
        final double eventsPerSecond = events * 1e9 / (System.nanoTime() - start);

        // Latency: a fixed schedule at `rate`, continuing the same stream.
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        final long[] intended = new long[SLOTS];
        final long first = next;
        final long warmupEnd = first + warmupSeconds * rate;
        final long last = warmupEnd + durationSeconds * rate - 1;
        final long scheduleStart = System.nanoTime();
        long completed = first - 1;
        while (completed < last)
        {
            final long now = System.nanoTime();
            if (next <= last && next - completed < SLOTS)
            {
                final long due = scheduleStart + (next - first) * 1_000_000_000L / rate;
                if (now >= due)
                {
                    if (!generated)
                    {
                        generator.generate(event.reset(next));
                        generated = true;
                    }
                    if (target.offer(next, event))
                    {
                        intended[(int)(next & (SLOTS - 1))] = due;
                        next++;
                        generated = false;
                    }
                }
            }
            final long applied = target.applied();
            if (applied > completed)
            {
                final long seen = System.nanoTime();
                for (long i = completed + 1; i <= applied; i++)
                {
                    if (i >= warmupEnd)
                    {
                        histogram.recordValue(Math.max(0, seen - intended[(int)(i & (SLOTS - 1))]));
                    }
                }
                completed = applied;
            }
            else
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(20));
            }
        }
        return new Result(name, events, eventsPerSecond, rate, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getMaxValue() / 1e3);
    }

    private static Target standalone(final Workload workload, final Path dir)
    {
        final Engine engine = Engine.builder()
            .dataDirectory(dir)
            .pipeline(workload.newPipeline())
            .maxEventLength(workload.maxEventLength())
            .waitStrategy(WaitStrategyType.SLEEPING)
            .build();
        engine.start();
        final EventClaim claim = new EventClaim();
        return new Target()
        {
            public boolean offer(final long i, final GeneratedEvent event)
            {
                if (!engine.tryClaim(claim))
                {
                    return false;
                }
                claim.type(event.type());
                claim.timestamp(event.timestamp());
                claim.buffer().putBytes(claim.payloadOffset(), event.buffer(), 0, event.length());
                claim.length(event.length());
                claim.commit();
                return true;
            }

            public long applied()
            {
                // Processed by every processor: what the cluster's members report as processed too.
                final EngineCounters counters = engine.counters();
                return counters.lastPublishedSequence() - counters.lag();
            }

            public void close()
            {
                engine.stop(Duration.ofSeconds(30));
                engine.close();
            }
        };
    }

    private static Target cluster(final Workload workload, final Path dir) throws IOException
    {
        final int base = freeBasePort();
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++)
        {
            text.append(i == 0 ? "" : ",").append(HOST).append(':').append(base + 10 * i);
        }
        final ClusterMembers members = ClusterMembers.parse(text.toString());
        final ClusterNode[] nodes = new ClusterNode[MEMBERS];
        final FerriteClusterClient client;
        try
        {
            for (int i = 0; i < MEMBERS; i++)
            {
                nodes[i] = ClusterNode.launch(new ClusterNode.Context()
                    .memberId(i)
                    .members(members)
                    .dataDirectory(dir.resolve("node-" + i))
                    .workload(workload));
            }
            client = FerriteClusterClient.connect(new FerriteClusterClient.Context()
                .members(members)
                .clientId(1)
                .maxPayloadLength(workload.maxEventLength())
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(60)));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(nodes);
            throw ex;
        }
        return new Target()
        {
            public boolean offer(final long i, final GeneratedEvent event)
            {
                return client.tryPublish(event.type(), event.timestamp(), event.buffer(), 0, event.length()) > 0;
            }

            public long applied()
            {
                client.poll();
                return client.lastAcknowledged();
            }

            public void close()
            {
                CloseHelper.quietClose(client);
                for (int i = MEMBERS - 1; i >= 0; i--)
                {
                    CloseHelper.quietClose(nodes[i]);
                }
            }
        };
    }

    private static int freeBasePort() throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base = 20_000 + 10 * ThreadLocalRandom.current().nextInt(1_200);
            boolean free = true;
            for (int port = base; free && port < base + 10 * MEMBERS; port++)
            {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), port));
                    ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getByName(HOST)))
                {
                    udp.getLocalPort();
                    tcp.getLocalPort();
                }
                catch (final IOException ex)
                {
                    free = false;
                }
            }
            if (free)
            {
                return base;
            }
        }
        throw new IOException("no free block of loopback ports for " + MEMBERS + " members");
    }

    private static void print(final Result r)
    {
        System.out.printf(Locale.ROOT, "%-18s throughput %,12.0f events/s (%,d events); at %,d/s: p50 %,10.1f us," +
            " p99 %,10.1f us, max %,10.1f us (%,d recorded)%n", r.name(), r.eventsPerSecond(), r.events(), r.rate(),
            r.p50Micros(), r.p99Micros(), r.maxMicros(), r.recorded());
    }

    private static void write(
        final Path out,
        final Workload workload,
        final Result standalone,
        final Result cluster,
        final long warmupSeconds,
        final long durationSeconds,
        final String command) throws IOException
    {
        final Path md = out.resolve("cluster-vs-standalone.md");
        try (PrintStream p = new PrintStream(Files.newOutputStream(md), true, StandardCharsets.UTF_8))
        {
            p.println("## What high availability costs: 3-member cluster vs standalone engine");
            p.println();
            p.printf(Locale.ROOT, "Workload `%s`, one run, same JVM (`io.ferrite.bench.cluster.ClusterBenchMain`). " +
                "Throughput: %,d events as fast as each side takes them, until the last is applied (cluster: " +
                "committed by a majority, applied, acknowledged to the client). Latency: open loop at %,d events/s " +
                "for %d s after %d s warm-up, from each event's scheduled send time to the producer seeing it " +
                "applied. The standalone engine uses the sleeping wait strategy; the cluster's three members run in " +
                "this JVM, each with its own media driver, on loopback UDP, with the small-machine defaults (shared " +
                "threads, sleeping back-off). Command: `%s`.%n", workload.name(),
                standalone.events(), standalone.rate(), durationSeconds, warmupSeconds, command);
            p.println();
            p.println("| | throughput (events/s) | p50 (us) | p99 (us) | max (us) |");
            p.println("|---|---:|---:|---:|---:|");
            for (final Result r : new Result[]{standalone, cluster})
            {
                p.printf(Locale.ROOT, "| %s | %,.0f | %,.1f | %,.1f | %,.1f |%n", r.name(), r.eventsPerSecond(),
                    r.p50Micros(), r.p99Micros(), r.maxMicros());
            }
        }
        final Path json = out.resolve("cluster-vs-standalone.json");
        final StringBuilder text = new StringBuilder("{\"workload\":\"").append(workload.name()).append("\",")
            .append("\"warmupSeconds\":").append(warmupSeconds).append(",\"durationSeconds\":")
            .append(durationSeconds).append(",\"results\":[");
        for (final Result r : new Result[]{standalone, cluster})
        {
            text.append(r == standalone ? "" : ",").append(String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"events\":%d,\"eventsPerSecond\":%.1f,\"rate\":%d,\"recorded\":%d," +
                "\"p50Micros\":%.1f,\"p99Micros\":%.1f,\"maxMicros\":%.1f}", r.name(), r.events(),
                r.eventsPerSecond(), r.rate(), r.recorded(), r.p50Micros(), r.p99Micros(), r.maxMicros()));
        }
        Files.writeString(json, text.append("]}\n"));
        System.out.println("wrote " + md + " and " + json);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
