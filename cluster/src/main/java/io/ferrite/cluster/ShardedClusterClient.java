package io.ferrite.cluster;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scale-out by key: publishes each event to the one shard that owns its key, each shard an independent Ferrite
 * cluster with its own {@link FerriteClusterClient}.
 * <pre>
 *   producer ─► tryPublish ─► KeyRouter ─► queue of shard 0 ─► shard thread 0 ─► FerriteClusterClient ─► cluster 0
 *                                       └► queue of shard 1 ─► shard thread 1 ─► FerriteClusterClient ─► cluster 1
 * </pre>
 * Each shard has its own bounded queue (an Agrona one-to-one ring buffer) and its own thread, which connects, follows
 * that cluster's leader, resubmits, and reconnects (blocking only itself). So <b>one shard failing does not stop the
 * others</b>: its queue fills and {@link #tryPublish} answers {@link #BACK_PRESSURED} for its keys only; events for
 * the other shards keep flowing.
 * <p>
 * <b>What holds per shard, and what does not across shards.</b> Within a shard everything of
 * {@link FerriteClusterClient} holds: dense sequences, exactly once, same state on every member. Across shards there
 * is no ordering (two events of different shards may be applied in either order), no shared state (a processor sees
 * only its shard's keys), and no resharding: the number of shards and the router are fixed for the life of the data;
 * changing them moves keys to shards whose state does not hold them.
 * <p>
 * <b>Acknowledgement:</b> an event queued here is not yet in any cluster; it is safe once
 * {@link #acknowledged(int)} of its shard covers it (message ids per shard are dense from 1, in the order this client
 * queued them). Queued events are lost if this process dies; a producer restarting resumes each shard from its
 * acknowledged count.
 * <p>
 * <b>Threading:</b> {@link #tryPublish} and {@link #queued(int)} from one producer thread; the other getters from any
 * thread. <b>Allocation:</b> none per event.
 */
public final class ShardedClusterClient implements AutoCloseable
{
    /** The owning shard's queue is full (the shard is slow or down); retry later or set the event aside. */
    public static final int BACK_PRESSURED = -1;
    /** The client is closed. */
    public static final int CLOSED = -2;

    private static final int TIMESTAMP_LENGTH = Long.BYTES;

    private final KeyRouter router;
    private final Shard[] shards;
    private int lastShard = -1;
    private volatile boolean closed;

    private ShardedClusterClient(final Context context)
    {
        this.router = context.router;
        this.shards = new Shard[context.shards.size()];
        for (int i = 0; i < shards.length; i++)
        {
            shards[i] = new Shard(i, context.shards.get(i), context.queueCapacity, context.onConnectFailure);
        }
    }

    /**
     * Start one thread per shard; each connects to its cluster in the background (retrying until it answers).
     *
     * @param context the settings; validated here.
     * @return the client, ready to queue events.
     * @throws IllegalArgumentException naming a bad setting.
     */
    public static ShardedClusterClient start(final Context context)
    {
        context.conclude();
        final ShardedClusterClient client = new ShardedClusterClient(context);
        for (final Shard shard : client.shards)
        {
            shard.thread.start();
        }
        return client;
    }

    /**
     * Route an event to its shard and queue it there.
     *
     * @param type      the event type (>= 0).
     * @param timestamp the event time in ns, or {@link Long#MIN_VALUE} for the cluster time of the log entry.
     * @param buffer    the payload.
     * @param offset    of the payload.
     * @param length    of the payload (at most the shard client's {@code maxPayloadLength}).
     * @return the shard it was queued for (>= 0), or {@link #BACK_PRESSURED} (see {@link #lastShard()} for which
     * shard), or {@link #CLOSED}.
     * @throws IllegalArgumentException if the type is negative, the payload too long, or the router answers a shard
     *                                  that does not exist.
     */
    public int tryPublish(
        final int type, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            return CLOSED;
        }
        if (type < 0 || type == Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("event type must be in [0, " + Integer.MAX_VALUE + "), was " + type);
        }
        final int index = router.shard(type, buffer, offset, length, shards.length);
        if (index < 0 || index >= shards.length)
        {
            throw new IllegalArgumentException("router answered shard " + index + " outside [0, " + shards.length +
                ") for an event of type " + type);
        }
        final Shard shard = shards[index];
        lastShard = index;
        if (length < 0 || length > shard.maxPayloadLength)
        {
            throw new IllegalArgumentException("payload length " + length + " outside [0, " +
                shard.maxPayloadLength + "] (shard " + index + "'s maxPayloadLength)");
        }
        // The ring's message type must be positive: carry the event type + 1.
        final int at = shard.queue.tryClaim(type + 1, TIMESTAMP_LENGTH + length);
        if (at < 0)
        {
            return BACK_PRESSURED;
        }
        final MutableDirectBuffer ring = shard.queue.buffer();
        ring.putLong(at, timestamp);
        ring.putBytes(at + TIMESTAMP_LENGTH, buffer, offset, length);
        shard.queue.commit(at);
        shard.queued++;
        return index;
    }

    /**
     * @return the shard the last {@link #tryPublish} routed to (also when it answered {@link #BACK_PRESSURED}).
     */
    public int lastShard()
    {
        return lastShard;
    }

    /**
     * @return the number of shards.
     */
    public int shardCount()
    {
        return shards.length;
    }

    /**
     * @param shard a shard.
     * @return how many events {@link #tryPublish} queued for it (producer thread only).
     */
    public long queued(final int shard)
    {
        return shards[shard].queued;
    }

    /**
     * @param shard a shard.
     * @return the highest message id the shard's cluster acknowledged as applied: its first that many queued events
     * are safe.
     */
    public long acknowledged(final int shard)
    {
        return shards[shard].acknowledged;
    }

    /**
     * @param shard a shard.
     * @return the member id of the shard's leader the client is connected to, or -1 while it has none.
     */
    public int leaderMemberId(final int shard)
    {
        return shards[shard].leader;
    }

    /**
     * @param shard a shard.
     * @return how many times connecting to the shard's cluster failed (each after its connect timeout).
     */
    public long connectFailures(final int shard)
    {
        return shards[shard].connectFailures;
    }

    /**
     * Stop the shard threads (waiting up to each client's connect timeout for one that is connecting) and close
     * their clients. Events still queued are dropped. Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            for (final Shard shard : shards)
            {
                shard.running = false;
            }
            for (final Shard shard : shards)
            {
                try
                {
                    shard.thread.join();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One shard: its queue, its thread and (owned by that thread) its cluster client. */
    private static final class Shard implements Runnable, ControlledMessageHandler
    {
        private final FerriteClusterClient.Context clientContext;
        private final int maxPayloadLength;
        private final RingBuffer queue;
        private final Consumer<RuntimeException> onConnectFailure;
        private final Thread thread;
        private final IdleStrategy idle = new BackoffIdleStrategy(
            10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
        private FerriteClusterClient client;
        private long queued;
        private volatile boolean running = true;
        private volatile long acknowledged;
        private volatile int leader = -1;
        private volatile long connectFailures;

        Shard(
            final int index,
            final FerriteClusterClient.Context clientContext,
            final int queueCapacity,
            final Consumer<RuntimeException> onConnectFailure)
        {
            this.clientContext = clientContext;
            this.maxPayloadLength = clientContext.maxPayloadLength;
            this.queue = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(queueCapacity + RingBufferDescriptor.TRAILER_LENGTH)));
            this.onConnectFailure = onConnectFailure;
            this.thread = new Thread(this, "ferrite-shard-" + index);
            this.thread.setDaemon(true);
        }

        public void run()
        {
            try
            {
                while (running)
                {
                    if (null == client)
                    {
                        connect();
                        continue;
                    }
                    int work = client.poll();
                    work += queue.controlledRead(this, 256);
                    acknowledged = client.lastAcknowledged();
                    leader = client.leaderMemberId();
                    idle.idle(work);
                }
            }
            finally
            {
                leader = -1;
                CloseHelper.quietClose(client);
            }
        }

        private void connect()
        {
            try
            {
                client = FerriteClusterClient.connect(clientContext);
                acknowledged = client.lastAcknowledged();
                leader = client.leaderMemberId();
            }
            catch (final IllegalStateException ex)
            {
                connectFailures++;
                onConnectFailure.accept(ex);
            }
        }

        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            payload.wrap(buffer, index + TIMESTAMP_LENGTH, length - TIMESTAMP_LENGTH);
            final long result = client.tryPublish(
                msgTypeId - 1, buffer.getLong(index), payload, 0, length - TIMESTAMP_LENGTH);
            // Not taken (back-pressure, window full, no leader): leave it queued, poll, and offer it again.
            return result > 0 ? Action.CONTINUE : Action.ABORT;
        }
    }

    /**
     * Settings. {@link #conclude()} validates.
     */
    public static final class Context
    {
        List<FerriteClusterClient.Context> shards = new ArrayList<>();
        KeyRouter router;
        int queueCapacity = 1024 * 1024;
        Consumer<RuntimeException> onConnectFailure = ex -> System.err.println("ferrite sharded client: " +
            ex.getMessage());

        /**
         * @param shard the client settings of the next shard's cluster (shard ids follow the order of the calls);
         *              each needs its own client id only if two producers share a cluster.
         * @return this for a fluent API.
         */
        public Context addShard(final FerriteClusterClient.Context shard)
        {
            shards.add(shard);
            return this;
        }

        /**
         * @param router chooses each event's shard; must be stable (see {@link KeyRouter}).
         * @return this for a fluent API.
         */
        public Context router(final KeyRouter router)
        {
            this.router = router;
            return this;
        }

        /**
         * @param bytes each shard's queue, a power of two: how much a slow or failed shard may hold back before
         *              {@link #tryPublish} answers {@link #BACK_PRESSURED} for its keys.
         * @return this for a fluent API.
         */
        public Context queueCapacity(final int bytes)
        {
            this.queueCapacity = bytes;
            return this;
        }

        /**
         * @param handler told (on the shard's thread) each time connecting to a shard's cluster fails.
         * @return this for a fluent API.
         */
        public Context onConnectFailure(final Consumer<RuntimeException> handler)
        {
            this.onConnectFailure = handler;
            return this;
        }

        /**
         * Validate every setting, the shards' client settings included.
         *
         * @throws IllegalArgumentException naming the first bad setting.
         */
        public void conclude()
        {
            if (shards.isEmpty())
            {
                throw new IllegalArgumentException("no shards: add one cluster per shard");
            }
            if (null == router)
            {
                throw new IllegalArgumentException("router is not set");
            }
            if (queueCapacity < 4096 || Integer.bitCount(queueCapacity) != 1)
            {
                throw new IllegalArgumentException("queueCapacity must be a power of two >= 4096, was " +
                    queueCapacity);
            }
            for (int i = 0; i < shards.size(); i++)
            {
                try
                {
                    shards.get(i).conclude();
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException("shard " + i + ": " + ex.getMessage(), ex);
                }
            }
        }
    }
}
