package io.ferrite.cluster;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Publishes events into a Ferrite cluster, follows the leader across elections and resubmits what was not
 * acknowledged, without creating duplicates.
 * <p>
 * Each event gets a message id, dense from 1 for this client's {@code clientId}; the service applies each id exactly
 * once (see {@link MessageDescriptor}). The client keeps the last {@code window} unacknowledged messages, encoded, in
 * a preallocated buffer: when a new leader is elected, the session is re-established, or the service reports a gap,
 * it sends them again from the first one not acknowledged; the service drops the ones it already has. A client that
 * restarts with the same {@code clientId} learns on connect where the log ends for it
 * ({@link #lastAcknowledged()}), so it can resume its input from there.
 * <p>
 * <b>Back-pressure:</b> {@link #tryPublish} returns the message id, or a negative code: {@link #BACK_PRESSURED}
 * (try again after {@link #poll()}), {@link #WINDOW_FULL} (too many unacknowledged: {@link #poll()}),
 * {@link #NOT_CONNECTED} (no leader at the moment: keep polling), {@link #CLOSED}. It never blocks and never throws
 * for these. <b>Threading:</b> one thread. <b>Allocation:</b> none per event. <b>Note:</b> {@link #poll()} must be
 * called regularly: it reads acknowledgements, follows the leader and resubmits; when the cluster session is lost it
 * reconnects, which blocks for up to the connect timeout.
 * <p>
 * <b>Outputs:</b> with {@link Context#outputListener(OutputListener)} the client hands the pipeline's outputs the
 * leader sends to the listener, decoded in place ({@link ClusterOutput}), and drops any (processor, sequence,
 * ordinal) at or below the last one it delivered for that processor: after a failover a new leader may send an
 * output again, never out of order. What the leader could not send (see {@link OutputListener}) is not resent.
 */
public final class FerriteClusterClient implements AutoCloseable
{
    /** The cluster cannot take the message now; poll and try again. */
    public static final long BACK_PRESSURED = -1;
    /** No leader is connected at the moment (election under way); poll and try again. */
    public static final long NOT_CONNECTED = -2;
    /** {@code window} messages are unacknowledged; poll until acknowledgements arrive. */
    public static final long WINDOW_FULL = -3;
    /** The client is closed. */
    public static final long CLOSED = -4;

    private final Context context;
    private final int slotLength;
    private final UnsafeBuffer window;
    private final int[] lengths;
    private final UnsafeBuffer hello = new UnsafeBuffer(new byte[MessageDescriptor.HELLO_LENGTH]);
    private final IdleStrategy idle = new BackoffIdleStrategy(
        10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    private final Listener listener = new Listener();
    private final ClusterOutput output = new ClusterOutput();
    private long[] lastOutputSequence = new long[8];
    private int[] lastOutputOrdinal = new int[8];
    private long outputsDelivered;
    private long outputDuplicates;
    private final Path driverDirectory;
    private final MediaDriver driver;
    private AeronCluster cluster;
    private long nextMessageId = 1;
    private long lastAcknowledged;
    private long lastAcknowledgedSequence;
    private long resendFrom = Long.MAX_VALUE;
    private long lastRewindTo = -1;
    private boolean helloAcknowledged;
    private long lastSendNanos;
    private long failovers;
    private long sessionsOpened;
    private boolean closed;

    private FerriteClusterClient(final Context context) throws IOException
    {
        this.context = context;
        this.slotLength = MessageDescriptor.EVENT_HEADER_LENGTH + context.maxPayloadLength;
        this.window = new UnsafeBuffer(ByteBuffer.allocateDirect(slotLength * context.window));
        this.lengths = new int[context.window];
        this.driverDirectory = Files.createTempDirectory("ferrite-cluster-client-");
        this.driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(driverDirectory.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(1024 * 1024)
            .ipcTermBufferLength(1024 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    /**
     * Connect to the cluster and learn where its log ends for this client id.
     *
     * @param context the settings.
     * @return the connected client; {@link #lastAcknowledged()} is the last message id the cluster applied for it.
     * @throws IllegalStateException if no leader answers within the connect timeout.
     */
    public static FerriteClusterClient connect(final Context context)
    {
        context.conclude();
        final FerriteClusterClient client;
        try
        {
            client = new FerriteClusterClient(context);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create the client's media driver directory: " + ex, ex);
        }
        try
        {
            final long deadline = System.nanoTime() + context.connectTimeoutNs;
            while (!client.reconnect() || !client.awaitHello(deadline))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("no cluster leader answered at " +
                        context.members.ingressEndpoints() + " within " +
                        TimeUnit.NANOSECONDS.toMillis(context.connectTimeoutNs) + " ms (the client's Aeron errors: " +
                        client.driverErrors() + ")");
                }
                client.idle.idle();
            }
            client.nextMessageId = client.lastAcknowledged + 1;
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    private boolean awaitHello(final long deadline)
    {
        idle.reset();
        while (!helloAcknowledged)
        {
            if (System.nanoTime() > deadline || null == cluster || cluster.isClosed())
            {
                return false;
            }
            if (!sendHello())
            {
                idle.idle();
            }
            final long helloDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (!helloAcknowledged && System.nanoTime() < helloDeadline && !cluster.isClosed())
            {
                idle.idle(cluster.pollEgress());
            }
        }
        return true;
    }

    private boolean sendHello()
    {
        hello.putInt(MessageDescriptor.KIND_OFFSET, MessageDescriptor.KIND_HELLO, ByteOrder.LITTLE_ENDIAN);
        hello.putInt(MessageDescriptor.TYPE_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        hello.putLong(MessageDescriptor.CLIENT_ID_OFFSET, context.clientId, ByteOrder.LITTLE_ENDIAN);
        return cluster.offer(hello, 0, MessageDescriptor.HELLO_LENGTH) > 0;
    }

    /** (Re)open the cluster session; on failure leave it closed and report false. */
    private boolean reconnect()
    {
        CloseHelper.quietClose(cluster);
        cluster = null;
        helloAcknowledged = false;
        try
        {
            cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .ingressChannel("aeron:udp")
                .ingressEndpoints(context.members.ingressEndpoints())
                .egressChannel("aeron:udp?endpoint=" + context.egressHost + ":0")
                .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                .newLeaderTimeoutNs(context.newLeaderTimeoutNs)
                .idleStrategy(new BackoffIdleStrategy(
                    10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
                .egressListener(listener));
            resendFrom = Math.min(resendFrom, lastAcknowledged + 1);
            lastSendNanos = System.nanoTime();
            sessionsOpened++;
            return true;
        }
        catch (final AeronException ex)
        {
            return false;
        }
    }

    /**
     * Publish an event.
     *
     * @param type      the event type (>= 0).
     * @param timestamp the event time in ns, or {@link Long#MIN_VALUE} to take the cluster time of the log entry.
     * @param buffer    the payload.
     * @param offset    of the payload.
     * @param length    of the payload, at most {@link Context#maxPayloadLength(int)}.
     * @return the message id (> 0), or {@link #BACK_PRESSURED}, {@link #WINDOW_FULL}, {@link #NOT_CONNECTED},
     * {@link #CLOSED}.
     * @throws IllegalArgumentException if the payload is too long.
     */
    public long tryPublish(
        final int type, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (type < 0)
        {
            throw new IllegalArgumentException("event type " + type + " is reserved by the engine (types are >= 0)");
        }
        if (length < 0 || length > context.maxPayloadLength)
        {
            throw new IllegalArgumentException("payload length " + length + " outside [0, " +
                context.maxPayloadLength + "]");
        }
        if (closed)
        {
            return CLOSED;
        }
        if (null == cluster || cluster.isClosed())
        {
            return NOT_CONNECTED;
        }
        if (nextMessageId - lastAcknowledged > context.window)
        {
            return WINDOW_FULL;
        }
        if (resendFrom < nextMessageId)
        {
            return BACK_PRESSURED;
        }
        final long messageId = nextMessageId;
        final int slot = (int)(messageId % context.window);
        final int at = slot * slotLength;
        window.putInt(at + MessageDescriptor.KIND_OFFSET, MessageDescriptor.KIND_EVENT, ByteOrder.LITTLE_ENDIAN);
        window.putInt(at + MessageDescriptor.TYPE_OFFSET, type, ByteOrder.LITTLE_ENDIAN);
        window.putLong(at + MessageDescriptor.CLIENT_ID_OFFSET, context.clientId, ByteOrder.LITTLE_ENDIAN);
        window.putLong(at + MessageDescriptor.MESSAGE_ID_OFFSET, messageId, ByteOrder.LITTLE_ENDIAN);
        window.putLong(at + MessageDescriptor.TIMESTAMP_OFFSET, timestamp, ByteOrder.LITTLE_ENDIAN);
        window.putBytes(at + MessageDescriptor.EVENT_HEADER_LENGTH, buffer, offset, length);
        lengths[slot] = MessageDescriptor.EVENT_HEADER_LENGTH + length;
        final long result = cluster.offer(window, at, lengths[slot]);
        if (result > 0)
        {
            nextMessageId++;
            lastSendNanos = System.nanoTime();
            return messageId;
        }
        return mapFailure(result);
    }

    private static long mapFailure(final long result)
    {
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return BACK_PRESSURED;
        }
        if (result == Publication.NOT_CONNECTED)
        {
            return NOT_CONNECTED;
        }
        return result == Publication.CLOSED ? NOT_CONNECTED : BACK_PRESSURED;
    }

    /**
     * Read acknowledgements, follow a new leader, resubmit what is due, keep the session alive, and reconnect if the
     * session was lost (blocking up to the connect timeout).
     *
     * @return work done (0 when idle).
     */
    public int poll()
    {
        if (closed)
        {
            return 0;
        }
        if (null == cluster || cluster.isClosed())
        {
            failovers++;
            if (!reconnect())
            {
                return 0;
            }
            sendHello();
        }
        int work = cluster.pollEgress();
        work += resend();
        final long now = System.nanoTime();
        if (now - lastSendNanos > TimeUnit.SECONDS.toNanos(1) && cluster.sendKeepAlive())
        {
            lastSendNanos = now;
        }
        return work;
    }

    private int resend()
    {
        int sent = 0;
        while (resendFrom < nextMessageId)
        {
            if (resendFrom <= lastAcknowledged)
            {
                resendFrom = lastAcknowledged + 1;
                continue;
            }
            final int slot = (int)(resendFrom % context.window);
            if (cluster.offer(window, slot * slotLength, lengths[slot]) < 0)
            {
                return sent;
            }
            resendFrom++;
            sent++;
        }
        resendFrom = Long.MAX_VALUE;
        return sent;
    }

    /**
     * @return the highest message id the cluster acknowledged as applied for this client (0 if none).
     */
    public long lastAcknowledged()
    {
        return lastAcknowledged;
    }

    /**
     * @return the Ferrite sequence of the last event acknowledged with one (0 if none yet).
     */
    public long lastAcknowledgedSequence()
    {
        return lastAcknowledgedSequence;
    }

    /**
     * @return outputs handed to the {@link Context#outputListener(OutputListener)}.
     */
    public long outputsDelivered()
    {
        return outputsDelivered;
    }

    /**
     * @return outputs received again (after a failover) and dropped.
     */
    public long outputDuplicates()
    {
        return outputDuplicates;
    }

    /**
     * @return the id the next published message will get.
     */
    public long nextMessageId()
    {
        return nextMessageId;
    }

    /**
     * @return the member id of the leader the client is connected to, or -1.
     */
    public int leaderMemberId()
    {
        return null == cluster || cluster.isClosed() ? -1 : cluster.leaderMemberId();
    }

    /**
     * @return how many times the client followed a new leader (its event) or tried to connect afresh (its session
     * lost), attempts that failed included.
     */
    public long reconnects()
    {
        return failovers;
    }

    /**
     * @return how many cluster sessions the client opened: 1 after {@link #connect}, one more each time it had to
     * connect afresh because its session was lost (not when it followed a new leader that kept the session).
     */
    public long sessionsOpened()
    {
        return sessionsOpened;
    }

    /**
     * What went wrong inside the client's own Aeron (its media driver and the clients on it), for a report: the
     * distinct errors it recorded, with counts and times (e.g. a client the driver timed out because its thread
     * stalled). Maps the driver's CnC file for the call; not for a hot loop.
     *
     * @return the recorded errors, "none" if there are none, or why they could not be read.
     */
    public String driverErrors()
    {
        return closed ? "(client closed)" : AeronErrors.describe(driver.aeronDirectoryName());
    }

    /**
     * Ask the cluster to take a snapshot (an admin request the nodes allow).
     *
     * @return true if the request was sent.
     */
    public boolean requestSnapshot()
    {
        return null != cluster && !cluster.isClosed() && cluster.sendAdminRequestToTakeASnapshot(System.nanoTime());
    }

    /**
     * Close the session and the client's media driver. Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.quietClose(cluster);
            CloseHelper.quietClose(driver);
            try
            {
                Files.deleteIfExists(driverDirectory);
            }
            catch (final IOException ignore)
            {
                // the driver removed its own directory; an empty parent left behind in tmp is harmless
            }
        }
    }

    private final class Listener implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            if (length >= MessageDescriptor.OUTPUT_HEADER_LENGTH &&
                buffer.getInt(offset + MessageDescriptor.KIND_OFFSET, ByteOrder.LITTLE_ENDIAN) ==
                MessageDescriptor.KIND_OUTPUT)
            {
                onOutput(buffer, offset, length);
                return;
            }
            if (length < MessageDescriptor.NACK_LENGTH ||
                buffer.getLong(offset + MessageDescriptor.CLIENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) !=
                context.clientId)
            {
                return;
            }
            final int kind = buffer.getInt(offset + MessageDescriptor.KIND_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final long messageId = buffer.getLong(offset + MessageDescriptor.MESSAGE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (kind == MessageDescriptor.KIND_ACK && length >= MessageDescriptor.ACK_LENGTH)
            {
                helloAcknowledged = true;
                if (messageId > lastAcknowledged)
                {
                    lastAcknowledged = messageId;
                }
                final long sequence = buffer.getLong(offset + MessageDescriptor.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
                if (sequence > lastAcknowledgedSequence)
                {
                    lastAcknowledgedSequence = sequence;
                }
            }
            else if (kind == MessageDescriptor.KIND_NACK)
            {
                if (messageId - 1 > lastAcknowledged)
                {
                    lastAcknowledged = messageId - 1;
                }
                // Every message sent after the gap is refused with the same expected id: rewind once for it.
                if (messageId != lastRewindTo)
                {
                    lastRewindTo = messageId;
                    resendFrom = Math.min(resendFrom, messageId);
                }
            }
        }

        private void onOutput(final DirectBuffer buffer, final int offset, final int length)
        {
            final OutputListener outputListener = context.outputListener;
            if (null == outputListener)
            {
                return;
            }
            output.wrap(buffer, offset, length);
            final int processor = output.processorIndex();
            if (processor < 0)
            {
                return;
            }
            if (processor >= lastOutputSequence.length)
            {
                final int from = lastOutputSequence.length;
                lastOutputSequence = Arrays.copyOf(lastOutputSequence, processor + 8);
                lastOutputOrdinal = Arrays.copyOf(lastOutputOrdinal, processor + 8);
                Arrays.fill(lastOutputOrdinal, from, lastOutputOrdinal.length, -1);
            }
            final long sequence = output.sequence();
            final int ordinal = output.ordinal();
            final long lastSequence = lastOutputSequence[processor];
            if (sequence < lastSequence || (sequence == lastSequence && ordinal <= lastOutputOrdinal[processor]))
            {
                outputDuplicates++;
                return;
            }
            lastOutputSequence[processor] = sequence;
            lastOutputOrdinal[processor] = ordinal;
            outputsDelivered++;
            outputListener.onOutput(output);
        }

        public void onNewLeader(
            final long clusterSessionId, final long leadershipTermId, final int leaderMemberId, final String endpoints)
        {
            // Whatever the old leader had not committed is gone: send everything unacknowledged again.
            failovers++;
            lastRewindTo = -1;
            resendFrom = Math.min(resendFrom, lastAcknowledged + 1);
        }
    }

    /**
     * Client settings. {@link #conclude()} validates.
     */
    public static final class Context
    {
        /**
         * Default {@link #newLeaderTimeoutNs(long)}: 10 s. The client notices that its leader is gone when a send to
         * it fails for want of a connection, which its media driver reports after its publication connection timeout
         * (5 s by default); it then waits this long for the new leader's event. In a failover the event usually
         * arrives within that wait (the members elect once their leader heartbeat timeout, 5 s by default, has
         * passed). It never arrives in two cases, and the client then connects afresh once the wait is over and
         * resubmits from its first unacknowledged message, so nothing is lost, after a pause of about 5 s + this
         * timeout + the reconnect:
         * <ul>
         *   <li>every member restarted (the new leader begins a term without the old sessions);</li>
         *   <li>the leader dies while a member restarted after a crash is still in its first election (catching up
         *   on the log), that election starts over, and that member wins it: Aeron Cluster (1.51, and earlier)
         *   then takes over as if the whole cluster had restarted and closes every client session without telling
         *   the clients. Restarting members one at a time only once the last one has left its election avoids
         *   it (see {@code cluster/README.md}).</li>
         * </ul>
         * Keep it longer than the members' leader heartbeat timeout plus an election, less those 5 s: a shorter one
         * turns every failover into a fresh connection.
         */
        public static final long NEW_LEADER_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

        ClusterMembers members;
        long clientId;
        int window = 4096;
        int maxPayloadLength = 256;
        String egressHost = "localhost";
        long connectTimeoutNs = TimeUnit.SECONDS.toNanos(30);
        long newLeaderTimeoutNs = NEW_LEADER_TIMEOUT_DEFAULT_NS;
        OutputListener outputListener;

        /**
         * @param members the cluster's members.
         * @return this for a fluent API.
         */
        public Context members(final ClusterMembers members)
        {
            this.members = members;
            return this;
        }

        /**
         * @param clientId identifies this producer across reconnects and restarts; must be unique per producer.
         * @return this for a fluent API.
         */
        public Context clientId(final long clientId)
        {
            this.clientId = clientId;
            return this;
        }

        /**
         * @param window how many unacknowledged messages may be outstanding (kept for resubmission).
         * @return this for a fluent API.
         */
        public Context window(final int window)
        {
            this.window = window;
            return this;
        }

        /**
         * @param maxPayloadLength the largest payload the client will publish.
         * @return this for a fluent API.
         */
        public Context maxPayloadLength(final int maxPayloadLength)
        {
            this.maxPayloadLength = maxPayloadLength;
            return this;
        }

        /**
         * @param egressHost the address the cluster sends acknowledgements to (this machine's, as the members see it).
         * @return this for a fluent API.
         */
        public Context egressHost(final String egressHost)
        {
            this.egressHost = egressHost;
            return this;
        }

        /**
         * @param listener receives the pipeline's outputs the leader sends, duplicates dropped; null (the default)
         *                 ignores them.
         * @return this for a fluent API.
         */
        public Context outputListener(final OutputListener listener)
        {
            this.outputListener = listener;
            return this;
        }

        /**
         * @param timeoutNs how long {@link #connect} waits for a leader.
         * @return this for a fluent API.
         */
        public Context connectTimeoutNs(final long timeoutNs)
        {
            this.connectTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param timeoutNs how long the client waits for a new leader's event after losing the leader before it
         *                  connects afresh (see {@link #NEW_LEADER_TIMEOUT_DEFAULT_NS}).
         * @return this for a fluent API.
         */
        public Context newLeaderTimeoutNs(final long timeoutNs)
        {
            this.newLeaderTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * Validate.
         *
         * @throws IllegalArgumentException naming the bad setting.
         */
        public void conclude()
        {
            if (null == members)
            {
                throw new IllegalArgumentException("members are not set");
            }
            if (window < 1)
            {
                throw new IllegalArgumentException("window must be >= 1, was " + window);
            }
            if (maxPayloadLength < 0)
            {
                throw new IllegalArgumentException("maxPayloadLength must be >= 0, was " + maxPayloadLength);
            }
            if (newLeaderTimeoutNs <= 0)
            {
                throw new IllegalArgumentException("newLeaderTimeoutNs must be > 0, was " + newLeaderTimeoutNs);
            }
        }
    }
}
