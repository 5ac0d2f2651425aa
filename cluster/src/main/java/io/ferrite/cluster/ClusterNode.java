package io.ferrite.cluster;

import com.sun.net.httpserver.HttpServer;
import io.aeron.Counter;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveMarkFile;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.ClusterMarkFile;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.security.AuthorisationService;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EngineCounters;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.DataFiles;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One member of a Ferrite cluster, in one process: a media driver, an archive, a consensus module (together a
 * {@link ClusteredMediaDriver}), a service container running {@link FerriteClusteredService} around a Ferrite
 * {@link Engine}, and a small status endpoint.
 * <pre>
 *   DIR/journal, snapshots/, digests/   the Ferrite engine's files, as with a standalone engine
 *   DIR/aeron/                          the media driver (recreated on every start)
 *   DIR/archive/                        the recorded Raft log and cluster snapshots
 *   DIR/cluster/                        the consensus module's and service's state
 *   DIR/member.lock                     held while the member runs
 * </pre>
 * Owner-only, like every file Ferrite writes (see {@link DataFiles}): the member creates DIR, {@code archive/} and
 * {@code cluster/} 0700 and {@code member.lock} 0600 before Aeron starts, and tightens {@code aeron/} (which the
 * media driver deletes and recreates at each start) and what Aeron has written so far to 0700/0600 once it has
 * started. Aeron has no file-mode setting: files it creates later (log buffers, recording segments) get the umask's
 * mode, but inside 0700 directories, so only the owner can reach them.
 * <p>
 * Defaults suit small machines (3 members and a client on 2 cores): every component on one shared thread with a
 * sleeping back-off idle strategy, and timeouts loose enough to survive a busy core. See {@link Context}.
 * <p>
 * The engine runs in {@link io.ferrite.engine.ThreadingMode#INVOKER} mode on the cluster's service thread: it is
 * started (recovered) there when the service starts, and driven there between log messages.
 * <p>
 * <b>Threading:</b> {@link #launch(Context)} and {@link #close()} from one thread; {@link #status()} from any thread.
 */
public final class ClusterNode implements AutoCloseable
{
    /** What a counter of a stopped consensus module reads as. */
    public static final long STOPPED = -1;
    /** Held for the life of a member: one member per data directory. */
    static final String LOCK_FILE = "member.lock";
    /** The media driver's directory in the data directory. */
    static final String AERON_DIR = "aeron";
    /** The archive's directory (the recorded Raft log, cluster snapshots) in the data directory. */
    static final String ARCHIVE_DIR = "archive";
    /** The consensus module's and service's directory in the data directory. */
    static final String CLUSTER_DIR = "cluster";

    private final Context context;
    private final Engine engine;
    private final NodeStatus status;
    private volatile LongSupplier timedOutClients = () -> STOPPED;
    private ClusteredMediaDriver driver;
    private ClusteredServiceContainer container;
    private HttpServer statusServer;
    private FerriteClusteredService service;
    private FileLock memberLock;

    private ClusterNode(final Context context, final Engine engine, final NodeStatus status)
    {
        this.context = context;
        this.engine = engine;
        this.status = status;
    }

    /**
     * Start the cluster components (the service recovers the engine from the data directory on its thread) and the
     * status endpoint.
     *
     * @param context the settings; {@link Context#conclude()} is called here.
     * @return the running node.
     * @throws IllegalArgumentException naming a bad setting.
     * @throws IllegalStateException    if another member runs in the data directory or a component fails to start.
     *                                  (The engine recovers on the service thread: a failure there goes to
     *                                  {@link Context#fatalErrorHandler}.)
     */
    public static ClusterNode launch(final Context context)
    {
        context.conclude();
        final Path dir = context.dataDirectory;
        createOwnerOnly(dir);
        final FileLock memberLock = lockMemberDirectory(dir);
        if (null != context.onMemberLocked)
        {
            try
            {
                context.onMemberLocked.run();
            }
            catch (final RuntimeException ex)
            {
                CloseHelper.quietClose(memberLock.channel());
                throw ex;
            }
        }
        final Workload workload = context.workload;
        final Pipeline pipeline = workload.newPipeline();
        final EgressSink egressSink = new EgressSink(pipeline, context.egressBufferLength);
        final Engine engine = Engine.builder()
            .dataDirectory(dir)
            .pipeline(pipeline)
            .sink(EgressSink.NAME, egressSink)
            .hostFiresTimers(true)
            .maxEventLength(workload.maxEventLength())
            .digestEvery(context.digestEvery)
            .snapshotEvery(context.snapshotEvery)
            .threadingMode(io.ferrite.engine.ThreadingMode.INVOKER)
            .waitStrategy(WaitStrategyType.SLEEPING)
            .stopTimeout(Duration.ofSeconds(2))
            .build();
        final NodeStatus status = new NodeStatus(context.memberId, dir);
        status.processedSequence(() ->
        {
            final EngineCounters counters = engine.counters();
            return counters.lastPublishedSequence() - counters.lag();
        });
        final ClusterNode node = new ClusterNode(context, engine, status);
        node.memberLock = memberLock;
        try
        {
            node.service = new FerriteClusteredService(engine, egressSink, status, context.fatalErrorHandler);
            node.startCluster(node.service);
            restrictTree(dir.resolve(AERON_DIR));
            restrictTree(dir.resolve(ARCHIVE_DIR));
            restrictTree(dir.resolve(CLUSTER_DIR));
            status.electionState(electionStateReader(node.driver));
            node.timedOutClients =
                counterReader(node.driver, node.driver.consensusModule().context().timedOutClientCounter());
            node.startStatusEndpoint();
        }
        catch (final RuntimeException | IOException ex)
        {
            node.close();
            throw new IllegalStateException("cluster member " + context.memberId + " failed to start: " + ex, ex);
        }
        return node;
    }

    private void startCluster(final FerriteClusteredService service)
    {
        final Path dir = context.dataDirectory;
        final ClusterMembers members = context.members;
        final int id = context.memberId;
        final String host = members.host(id);
        final String aeronDir = dir.resolve(AERON_DIR).toString();
        final Supplier<IdleStrategy> idle = context.idleStrategySupplier;

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(context.termLength)
            .ipcTermBufferLength(context.termLength)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);

        final AeronArchive.Context replicationClient = new AeronArchive.Context()
            .controlResponseChannel("aeron:udp?endpoint=" + host + ":0");
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(dir.resolve(ARCHIVE_DIR).toFile())
            .controlChannel("aeron:udp?endpoint=" + host + ":" + members.port(id, ClusterMembers.ARCHIVE_OFFSET))
            .archiveClientContext(replicationClient)
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle::get);

        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);

        final File clusterDir = dir.resolve(CLUSTER_DIR).toFile();
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .aeronDirectoryName(aeronDir)
            .clusterMemberId(id)
            .clusterMembers(members.aeronClusterMembers())
            .clusterDir(clusterDir)
            .archiveContext(localArchive.clone())
            .serviceCount(1)
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=" + context.termLength)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .idleStrategySupplier(idle::get)
            .leaderHeartbeatTimeoutNs(context.leaderHeartbeatTimeoutNs)
            .leaderHeartbeatIntervalNs(context.leaderHeartbeatIntervalNs)
            .electionTimeoutNs(context.electionTimeoutNs)
            .startupCanvassTimeoutNs(context.startupCanvassTimeoutNs)
            .sessionTimeoutNs(context.sessionTimeoutNs)
            .authorisationServiceSupplier(() -> AuthorisationService.ALLOW_ALL);

        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(clusterDir)
            .clusteredService(service)
            .serviceId(0)
            .idleStrategySupplier(idle::get);

        driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
        container = ClusteredServiceContainer.launch(serviceContext);
    }

    /**
     * Read the consensus module's election state from the media driver's view of its counter, not through the
     * consensus module's own Aeron client: that client unmaps its counters when the consensus module closes (on its
     * own thread, after a termination or an error), while the driver's stay mapped until {@link #close()} closes the
     * driver, which it does only after the readers (status endpoint, election log) have stopped and the status has
     * been switched to {@link NodeStatus#ELECTION_STOPPED}. A counter freed (or its slot reused) reads as stopped.
     */
    private static Supplier<String> electionStateReader(final ClusteredMediaDriver driver)
    {
        final LongSupplier value = counterReader(driver, driver.consensusModule().context().electionStateCounter());
        return () ->
        {
            final long code = value.getAsLong();
            if (STOPPED == code)
            {
                return NodeStatus.ELECTION_STOPPED;
            }
            for (final ElectionState state : ElectionState.values())
            {
                if (state.code() == code)
                {
                    return state.name();
                }
            }
            return NodeStatus.UNKNOWN;
        };
    }

    /**
     * Read {@code counter} (one of the consensus module's) through the media driver's counters, as
     * {@link #electionStateReader} explains; {@link #STOPPED} once it is freed or its slot reused.
     */
    private static LongSupplier counterReader(final ClusteredMediaDriver driver, final Counter counter)
    {
        final CountersReader counters = driver.mediaDriver().context().countersManager();
        final int id = counter.id();
        final long registrationId = counter.registrationId();
        return () ->
        {
            if (CountersReader.RECORD_ALLOCATED != counters.getCounterState(id) ||
                registrationId != counters.getCounterRegistrationId(id))
            {
                return STOPPED;
            }
            final long value = counters.getCounterValue(id);
            return registrationId == counters.getCounterRegistrationId(id) ? value : STOPPED;
        };
    }

    /**
     * @return how many client sessions this member closed because they timed out (Aeron's counter: a client gone
     * silent, or every session a new leader drops when it takes over as after a whole-cluster restart, see
     * {@link FerriteClusterClient.Context#NEW_LEADER_TIMEOUT_DEFAULT_NS}), or {@link #STOPPED} once its consensus
     * module has stopped. Any thread, until {@link #close()}.
     */
    public long timedOutClientSessions()
    {
        return timedOutClients.getAsLong();
    }

    private void startStatusEndpoint() throws IOException
    {
        final ClusterMembers members = context.members;
        final int id = context.memberId;
        statusServer = HttpServer.create(new InetSocketAddress(members.host(id), members.statusPort(id)), 8);
        statusServer.createContext("/status", exchange ->
        {
            final byte[] body = status.render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        statusServer.start();
    }

    /**
     * Take the member's directory lock (released by the OS if the process dies), then remove the Aeron mark files a
     * killed member left behind: with the lock held no live component can own them, and Aeron would otherwise refuse
     * to start for its liveness timeout after a kill -9. They hold no state the member recovers from.
     */
    private static FileLock lockMemberDirectory(final Path dir)
    {
        final Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try
        {
            if (!Files.exists(lockFile))
            {
                try
                {
                    DataFiles.createFile(lockFile);
                }
                catch (final FileAlreadyExistsException ignore)
                {
                    // another member is starting in this directory: tryLock below says so
                }
            }
            channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (null == lock)
            {
                channel.close();
                throw new IllegalStateException("another cluster member is running in " + dir);
            }
            // A lock file from a member before files were owner-only: tighten it now that it is ours.
            DataFiles.restrictFile(lockFile);
            for (final Path markFile : new Path[]{
                dir.resolve(ARCHIVE_DIR).resolve(ArchiveMarkFile.FILENAME),
                dir.resolve(CLUSTER_DIR).resolve(ClusterMarkFile.FILENAME),
                dir.resolve(CLUSTER_DIR).resolve(ClusterMarkFile.markFilenameForService(0))})
            {
                Files.deleteIfExists(markFile);
            }
            // Aeron creates these itself (mkdirs, the umask's mode) if they are missing; an older member's are wider.
            for (final String name : new String[]{ARCHIVE_DIR, CLUSTER_DIR})
            {
                DataFiles.createDirectories(dir.resolve(name));
                DataFiles.restrictDirectory(dir.resolve(name));
            }
            return lock;
        }
        catch (final OverlappingFileLockException ex)
        {
            CloseHelper.quietClose(channel);
            throw new IllegalStateException("another cluster member in this JVM is running in " + dir, ex);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            throw new IllegalStateException("cannot lock " + lockFile + ": " + ex, ex);
        }
    }

    private static void createOwnerOnly(final Path dir)
    {
        try
        {
            DataFiles.createDirectories(dir);
            DataFiles.restrictDirectory(dir);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot create data directory " + dir + ": " + ex, ex);
        }
    }

    /**
     * Give a directory Aeron wrote, and everything in it so far, the data file permissions (0700 directories, 0600
     * files). Files may come and go meanwhile (the driver is running): those are skipped.
     */
    private static void restrictTree(final Path root) throws IOException
    {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult preVisitDirectory(final Path directory, final BasicFileAttributes attributes)
                throws IOException
            {
                DataFiles.restrictDirectory(directory);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                throws IOException
            {
                if (attributes.isRegularFile())
                {
                    try
                    {
                        DataFiles.restrictFile(file);
                    }
                    catch (final NoSuchFileException ignore)
                    {
                        // removed by Aeron since it was listed
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(final Path file, final IOException ex) throws IOException
            {
                if (ex instanceof NoSuchFileException)
                {
                    return FileVisitResult.CONTINUE;
                }
                throw ex;
            }
        });
    }

    /**
     * @return what this node reports for {@code ferrite cluster status}.
     */
    public NodeStatus status()
    {
        return status;
    }

    /**
     * @return the settings.
     */
    public Context context()
    {
        return context;
    }

    /**
     * Stop the status endpoint, the service container, the consensus module, archive and driver, then the engine
     * (which drains what it was given). Idempotent.
     */
    public void close()
    {
        if (null != statusServer)
        {
            statusServer.stop(0);
            statusServer = null;
        }
        // Nothing may read the driver's counters once it is closed below.
        status.electionState(() -> NodeStatus.ELECTION_STOPPED);
        timedOutClients = () -> STOPPED;
        if (null != service)
        {
            // The engine belongs to the service thread: have it closed there before the container stops.
            service.closeEngine(5_000);
        }
        CloseHelper.closeAll(container, driver);
        container = null;
        driver = null;
        engine.close();
        if (null != memberLock)
        {
            CloseHelper.quietClose(memberLock.channel());
            memberLock = null;
        }
    }

    /**
     * Every setting of a node, with defaults for a small machine. {@link #conclude()} validates.
     */
    public static final class Context
    {
        /** Default leader heartbeat timeout: loose, so a busy core does not cause elections. */
        public static final long LEADER_HEARTBEAT_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);
        /** Default digest interval. */
        public static final long DIGEST_EVERY_DEFAULT = 10_000;

        int memberId = -1;
        ClusterMembers members;
        Path dataDirectory;
        Workload workload;
        long digestEvery = DIGEST_EVERY_DEFAULT;
        long snapshotEvery;
        int termLength = 4 * 1024 * 1024;
        long leaderHeartbeatTimeoutNs = LEADER_HEARTBEAT_TIMEOUT_DEFAULT_NS;
        long leaderHeartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(200);
        long electionTimeoutNs = TimeUnit.SECONDS.toNanos(1);
        long startupCanvassTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        long sessionTimeoutNs = TimeUnit.SECONDS.toNanos(15);
        int egressBufferLength = 1024 * 1024;
        Consumer<Throwable> fatalErrorHandler = ex -> System.err.println("ferrite cluster node: fatal: " + ex);
        Runnable onMemberLocked;
        Supplier<IdleStrategy> idleStrategySupplier = () -> new BackoffIdleStrategy(
            10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));

        /**
         * @param memberId this node's index in the members list.
         * @return this for a fluent API.
         */
        public Context memberId(final int memberId)
        {
            this.memberId = memberId;
            return this;
        }

        /**
         * @param members every member, this one included.
         * @return this for a fluent API.
         */
        public Context members(final ClusterMembers members)
        {
            this.members = members;
            return this;
        }

        /**
         * @param dataDirectory where this node keeps everything (see the class javadoc).
         * @return this for a fluent API.
         */
        public Context dataDirectory(final Path dataDirectory)
        {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /**
         * @param workload the application: its pipeline runs on every node.
         * @return this for a fluent API.
         */
        public Context workload(final Workload workload)
        {
            this.workload = workload;
            return this;
        }

        /**
         * @param name a workload found through {@link ServiceLoader} by name.
         * @return this for a fluent API.
         * @throws IllegalArgumentException if none has that name.
         */
        public Context workload(final String name)
        {
            for (final Workload candidate : ServiceLoader.load(Workload.class))
            {
                if (candidate.name().equals(name))
                {
                    this.workload = candidate;
                    return this;
                }
            }
            throw new IllegalArgumentException("no workload named '" + name + "' on the class path");
        }

        /**
         * @param digestEvery record state digests every this many events (the same sequences on every node).
         * @return this for a fluent API.
         */
        public Context digestEvery(final long digestEvery)
        {
            this.digestEvery = digestEvery;
            return this;
        }

        /**
         * @param snapshotEvery write a Ferrite snapshot every this many events (speeds up a node's own recovery);
         *                      0 for never.
         * @return this for a fluent API.
         */
        public Context snapshotEvery(final long snapshotEvery)
        {
            this.snapshotEvery = snapshotEvery;
            return this;
        }

        /**
         * @param timeoutNs how long followers wait for the leader's heartbeat before electing a new one.
         * @return this for a fluent API.
         */
        public Context leaderHeartbeatTimeoutNs(final long timeoutNs)
        {
            this.leaderHeartbeatTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param supplier the idle strategy of every cluster thread (driver, archive, consensus, service).
         * @return this for a fluent API.
         */
        public Context idleStrategySupplier(final Supplier<IdleStrategy> supplier)
        {
            this.idleStrategySupplier = supplier;
            return this;
        }

        /**
         * @param handler told, on the service thread, when the node cannot go on (journal and cluster log disagree,
         *                the engine halted); it should close the node. A restart recovers it.
         * @return this for a fluent API.
         */
        public Context fatalErrorHandler(final Consumer<Throwable> handler)
        {
            this.fatalErrorHandler = handler;
            return this;
        }

        /**
         * @param action run by {@link #launch} once this process holds the member's directory lock and before anything
         *               else starts, for a change to the directory only its one member may make (the CLI records
         *               what the directory holds there); an exception it throws fails the launch, the lock released.
         *               Null for nothing (the default).
         * @return this for a fluent API.
         */
        public Context onMemberLocked(final Runnable action)
        {
            this.onMemberLocked = action;
            return this;
        }

        /**
         * Validate every setting.
         *
         * @throws IllegalArgumentException naming the first bad setting.
         */
        public void conclude()
        {
            if (null == members)
            {
                throw new IllegalArgumentException("members are not set");
            }
            if (memberId < 0 || memberId >= members.size())
            {
                throw new IllegalArgumentException("member id " + memberId + " outside [0, " + members.size() +
                    ") for " + members.size() + " members");
            }
            if (null == dataDirectory)
            {
                throw new IllegalArgumentException("data directory is not set");
            }
            if (null == workload)
            {
                throw new IllegalArgumentException("workload is not set");
            }
            if (digestEvery < 0 || snapshotEvery < 0)
            {
                throw new IllegalArgumentException("digestEvery and snapshotEvery must be >= 0");
            }
            if (leaderHeartbeatTimeoutNs <= leaderHeartbeatIntervalNs * 2)
            {
                throw new IllegalArgumentException("leader heartbeat timeout " +
                    TimeUnit.NANOSECONDS.toMillis(leaderHeartbeatTimeoutNs) + " ms must exceed twice the interval " +
                    TimeUnit.NANOSECONDS.toMillis(leaderHeartbeatIntervalNs) + " ms");
            }
        }
    }
}
