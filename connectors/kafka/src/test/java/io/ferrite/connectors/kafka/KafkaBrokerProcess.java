package io.ferrite.connectors.kafka;

import io.ferrite.journal.test.ChildJvm;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real single-node KRaft Kafka (broker and controller in one) in a child JVM ({@code kafka.Kafka}), on fixed
 * loopback ports and a log directory in a temp dir, so a test can kill it and start it again where it was: same
 * ports, same data. {@code KafkaClusterTestKit} cannot do that (a restarted node gets new ports).
 * <pre>{@code
 * try (KafkaBrokerProcess broker = KafkaBrokerProcess.format(dir)) {
 *     broker.start();
 *     ... broker.bootstrapServers() ...
 *     broker.kill();  // SIGKILL
 *     broker.start(); // same port, same log directory
 * }
 * }</pre>
 */
final class KafkaBrokerProcess implements AutoCloseable
{
    private static final Duration READY = Duration.ofSeconds(90);

    private final Path config;
    private final String bootstrapServers;
    private ChildJvm child;

    private KafkaBrokerProcess(final Path config, final int port)
    {
        this.config = config;
        this.bootstrapServers = "127.0.0.1:" + port;
    }

    /**
     * Write a KRaft config for free loopback ports and format its log directory.
     *
     * @param dir where the config and the log directory go.
     * @return the broker, not yet started.
     */
    static KafkaBrokerProcess format(final Path dir) throws IOException
    {
        final int port = freePort();
        final int controllerPort = freePort();
        final Path config = dir.resolve("server.properties");
        Files.createDirectories(dir);
        Files.writeString(config, String.join(System.lineSeparator(),
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("logs"),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "num.network.threads=1",
            "num.io.threads=2",
            "background.threads=2",
            "num.recovery.threads.per.data.dir=1",
            ""));
        try (ChildJvm format = ChildJvm.builder(kafka.tools.StorageTool.class).jvmArg("-Xmx128m")
            .args("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()).start())
        {
            final int exit = format.waitFor(Duration.ofSeconds(60));
            if (0 != exit)
            {
                throw new IllegalStateException("kafka storage format failed (" + exit + "): " + format.output());
            }
        }
        return new KafkaBrokerProcess(config, port);
    }

    /**
     * Start the broker (again) and wait until it answers on its port.
     *
     * @return this.
     */
    KafkaBrokerProcess start()
    {
        if (null != child && child.isAlive())
        {
            throw new IllegalStateException("the broker already runs (pid " + child.pid() + ")");
        }
        child = ChildJvm.builder(kafka.Kafka.class).jvmArg("-Xmx384m").jvmArg("-XX:+UseSerialGC")
            .args(config.toString()).start();
        final long deadline = System.nanoTime() + READY.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000)))
        {
            while (true)
            {
                try
                {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty())
                    {
                        return this;
                    }
                }
                catch (final Exception ex)
                {
                    if (!child.isAlive() || System.nanoTime() > deadline)
                    {
                        throw new IllegalStateException("the broker did not come up on " + bootstrapServers +
                            " within " + READY + ": " + child.output(), ex);
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /**
     * SIGKILL the broker and wait until it is gone.
     */
    void kill()
    {
        child.kill();
    }

    /**
     * @return HOST:PORT, the same across restarts.
     */
    String bootstrapServers()
    {
        return bootstrapServers;
    }

    /**
     * @return what the broker printed so far.
     */
    String output()
    {
        return null == child ? "" : child.output();
    }

    @Override
    public void close()
    {
        if (null != child)
        {
            child.close();
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
