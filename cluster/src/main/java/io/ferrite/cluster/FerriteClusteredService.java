package io.ferrite.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.EventTypes;
import io.ferrite.engine.FerriteException;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The clustered service: hosts an unchanged Ferrite {@link Engine} (and so its {@code Pipeline}) and turns each
 * committed cluster message into one Ferrite event.
 * <pre>
 *   client ─► leader's consensus module ─► Raft log (replicated, committed) ─► this service on every node
 *                                                                               │ dedup by (clientId, messageId)
 *                                                                               ▼
 *                                                              engine: journal ─► processors ─► sinks
 * </pre>
 * <ul>
 *   <li><b>Sequences:</b> the n-th message the service accepts is Ferrite event n on every node, because every node
 *   applies the same committed log in the same order and the deduplication below is a pure function of the log.</li>
 *   <li><b>Timestamps:</b> from the message (the client's event time) or, if the client asked for it, cluster time
 *   of the log entry; never the node's clock.</li>
 *   <li><b>Deduplication:</b> per client id, the last applied message id; deterministic and part of the cluster
 *   snapshot, so a node that restarts from a snapshot drops exactly the resubmissions the others dropped.</li>
 *   <li><b>Restart:</b> the engine has already recovered from this node's own journal (tail T) when the service
 *   starts; the cluster then replays its log from the latest cluster snapshot, and events with sequence &lt;= T are
 *   recognised as already journaled and skipped, so each event reaches the journal once.</li>
 *   <li><b>Timers</b> fire in-line, on event time: after each event the service drains the engine (every stage has
 *   processed it) and then fires due timers one at a time, earliest (deadline, processor, id) first, draining after
 *   each ({@link Engine#fireNextDueTimer}), before it takes the next log message. Each timer event takes the next
 *   Ferrite sequence; the choice depends only on the processors' state, so it is the same on every member and
 *   after any restart. The timers are not in the Raft log: after a restart the member finds, in its own journal,
 *   the timer events that followed each log message it had already journaled, and fires those it had not.</li>
 *   <li><b>Egress:</b> acknowledgements and the pipeline's live outputs go back through {@link ClientSession#offer},
 *   from the leader only, inside log callbacks (Aeron forbids it from {@code doBackgroundWork}). Outputs are sent
 *   once, to every connected client, never retried; a failed offer is counted.</li>
 * </ul>
 * <b>Threading:</b> every callback runs on the cluster's service thread, which also runs the whole engine (INVOKER
 * mode: journaller, processors, snapshot writer and sinks in {@link #doBackgroundWork}), so each member processes
 * the log on one thread, deterministically.
 * <b>Allocation:</b> none per message.
 */
public final class FerriteClusteredService implements ClusteredService
{
    private static final int SNAPSHOT_MAGIC = 0x46434c53; // "FCLS"
    private static final int SNAPSHOT_VERSION = 1;
    private static final int SNAPSHOT_CHUNK = 1024;

    private final Engine engine;
    private long journalTailAtStart;
    private final NodeStatus status;
    private final Consumer<Throwable> fatalErrorHandler;
    private final EventClaim claim = new EventClaim();
    private final Long2LongHashMap lastMessageIds = new Long2LongHashMap(0L);
    private final UnsafeBuffer egress = new UnsafeBuffer(new byte[MessageDescriptor.ACK_LENGTH]);
    private final ExpandableDirectByteBuffer snapshotBuffer = new ExpandableDirectByteBuffer(4096);
    private final UnsafeBuffer chunk = new UnsafeBuffer(new byte[SNAPSHOT_CHUNK + 8]);
    private final EgressSink egressSink;
    private final Consumer<ClientSession> sendOutputs = this::sendOutputs;
    private final JournalRecord journaled = new JournalRecord();
    private JournalReader journalReader;
    private long pendingJournaledSequence = -1;
    private int pendingJournaledType;
    private long egressSent;
    private long egressFailed;

    private volatile Cluster cluster;
    private volatile boolean closeRequested;
    private volatile boolean engineClosed;
    private long appliedSequence;

    /**
     * @param engine             an engine built with {@link io.ferrite.engine.ThreadingMode#INVOKER} and not yet
     *                           started: the service starts it (recovery from this node's data directory) on the
     *                           service thread, feeds it and drives it with {@link Engine#invoke()}.
     * @param egressSink         the engine's sink that collects live outputs for the clients.
     * @param status             where the service publishes what {@code ferrite cluster status} reports.
     * @param fatalErrorHandler  told, on the service thread, when this node cannot go on (its journal does not match
     *                           the cluster, the engine halted): the node must stop; a restart recovers it.
     */
    public FerriteClusteredService(
        final Engine engine,
        final EgressSink egressSink,
        final NodeStatus status,
        final Consumer<Throwable> fatalErrorHandler)
    {
        this.engine = engine;
        this.egressSink = egressSink;
        this.status = status;
        this.fatalErrorHandler = fatalErrorHandler;
    }

    private RuntimeException fatal(final RuntimeException ex)
    {
        status.failed(ex.getMessage());
        fatalErrorHandler.accept(ex);
        return ex;
    }

    /**
     * {@inheritDoc}
     * Loads the cluster snapshot if there is one, and checks that this node's journal is not behind it.
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        try
        {
            engine.start();
            journalTailAtStart = engine.lastPublishedSequence();
            if (null != snapshotImage)
            {
                loadSnapshot(snapshotImage, cluster.idleStrategy());
            }
        }
        catch (final RuntimeException ex)
        {
            throw fatal(ex);
        }
        if (appliedSequence > journalTailAtStart)
        {
            throw fatal(new FerriteException("the cluster snapshot of member " + cluster.memberId() + " is at Ferrite " +
                "sequence " + appliedSequence + " but its journal ends at " + journalTailAtStart + ": the journal " +
                "lost records the cluster committed. Clear the member's whole data directory (journal, archive " +
                "and cluster) so that it rebuilds from the leader's log."));
        }
        status.role(cluster.role().name());
        status.appliedSequence(appliedSequence);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    /**
     * {@inheritDoc}
     * Applies an EVENT exactly once per (clientId, messageId) and acknowledges; answers a HELLO with the client's
     * last applied message id.
     */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        if (length < MessageDescriptor.HELLO_LENGTH)
        {
            return;
        }
        final int kind = buffer.getInt(offset + MessageDescriptor.KIND_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long clientId = buffer.getLong(offset + MessageDescriptor.CLIENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long last = lastMessageIds.get(clientId);
        if (kind == MessageDescriptor.KIND_HELLO)
        {
            ack(session, clientId, last, MessageDescriptor.NO_SEQUENCE);
            return;
        }
        if (kind != MessageDescriptor.KIND_EVENT || length < MessageDescriptor.EVENT_HEADER_LENGTH ||
            EventTypes.isReserved(buffer.getInt(offset + MessageDescriptor.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN)))
        {
            // Not ours (or an engine-reserved type a client may not send): every node ignores it alike.
            return;
        }
        final long messageId = buffer.getLong(offset + MessageDescriptor.MESSAGE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (messageId <= last)
        {
            ack(session, clientId, last, MessageDescriptor.NO_SEQUENCE);
            return;
        }
        if (messageId != last + 1)
        {
            nack(session, clientId, last + 1);
            return;
        }
        lastMessageIds.put(clientId, messageId);
        final long sequence = ++appliedSequence;
        final int type = buffer.getInt(offset + MessageDescriptor.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long clientTime = buffer.getLong(offset + MessageDescriptor.TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long eventTime = clientTime == MessageDescriptor.CLUSTER_TIME ? clusterNanos(timestamp) : clientTime;
        try
        {
            if (sequence > journalTailAtStart)
            {
                publish(sequence, type, eventTime, buffer, offset + MessageDescriptor.EVENT_HEADER_LENGTH,
                    length - MessageDescriptor.EVENT_HEADER_LENGTH);
                drain(sequence);
                fireDueTimers(eventTime);
            }
            else
            {
                skipJournaled(sequence, type);
                if (appliedSequence == journalTailAtStart)
                {
                    // The journal ends here, perhaps part-way through this event's timers: fire the rest.
                    closeJournalReader();
                    drain(appliedSequence);
                    fireDueTimers(eventTime);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            throw fatal(ex);
        }
        status.appliedSequence(appliedSequence);
        flushEgress();
        ack(session, clientId, messageId, sequence);
    }

    /** Run the engine until every stage has processed everything published, sinks included. */
    private void drain(final long sequence)
    {
        if (!engine.drainInvoker())
        {
            throw new FerriteException("the engine stopped while processing sequence " + sequence + ": " +
                engine.fault());
        }
    }

    /**
     * Fire every timer due at {@code now}, one at a time, each as the next sequence, draining after each so that a
     * timer its handler schedules (already due) competes with the rest on the same terms.
     */
    private void fireDueTimers(final long now)
    {
        long fired;
        while ((fired = engine.fireNextDueTimer(now)) >= 0)
        {
            if (fired != appliedSequence + 1)
            {
                throw new FerriteException("a timer event took sequence " + fired + " where " +
                    (appliedSequence + 1) + " was next: this node's journal does not match the cluster log");
            }
            appliedSequence = fired;
            drain(fired);
        }
    }

    /**
     * The log message for {@code sequence} is already in this node's journal (written before a restart): check the
     * record, then step over the timer events that followed it, up to the journal's tail.
     */
    private void skipJournaled(final long sequence, final int type)
    {
        if (null == journalReader)
        {
            journalReader = engine.journalReader();
            journalReader.limit(journalTailAtStart);
            if (!journalReader.seek(sequence))
            {
                throw new FerriteException("this node's journal has no record at sequence " + sequence +
                    " although its tail is " + journalTailAtStart);
            }
            pendingJournaledSequence = -1;
        }
        final long recordSequence;
        final int recordType;
        if (pendingJournaledSequence >= 0)
        {
            recordSequence = pendingJournaledSequence;
            recordType = pendingJournaledType;
            pendingJournaledSequence = -1;
        }
        else if (journalReader.next(journaled))
        {
            recordSequence = journaled.sequence();
            recordType = journaled.type();
        }
        else
        {
            recordSequence = -1;
            recordType = 0;
        }
        if (recordSequence != sequence || recordType != type)
        {
            throw new FerriteException("the cluster log's event " + sequence + " (type " + type + ") is journaled " +
                "on this node as sequence " + recordSequence + " (type " + recordType + "): this node's journal " +
                "does not match the cluster log");
        }
        while (journalReader.next(journaled))
        {
            if (journaled.type() != EventTypes.TIMER)
            {
                pendingJournaledSequence = journaled.sequence();
                pendingJournaledType = journaled.type();
                return;
            }
            appliedSequence = journaled.sequence();
        }
    }

    private void closeJournalReader()
    {
        if (null != journalReader)
        {
            journalReader.close();
            journalReader = null;
        }
    }

    /**
     * Send the outputs the egress sink collected to every connected client (the leader only; Aeron makes
     * {@link ClientSession#offer} a no-op on followers anyway) and empty it on every member. A refused offer (a
     * client's egress full or gone) is counted and not retried: the log never waits for a client.
     */
    private void flushEgress()
    {
        if (egressSink.limit() == 0)
        {
            return;
        }
        if (cluster.role() == Cluster.Role.LEADER)
        {
            cluster.forEachClientSession(sendOutputs);
            status.egress(egressSent, egressFailed + egressSink.dropped());
        }
        egressSink.clear();
    }

    private void sendOutputs(final ClientSession session)
    {
        final UnsafeBuffer buffer = egressSink.buffer();
        final int limit = egressSink.limit();
        int at = 0;
        while (at < limit)
        {
            final int length = buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
            if (session.offer(buffer, at + 4, length) > 0)
            {
                egressSent++;
            }
            else
            {
                egressFailed++;
            }
            at += 4 + length;
        }
    }

    /**
     * Claim a slot (the engine drives its own agents on this thread while the ring is full), write, commit.
     */
    private void publish(
        final long sequence,
        final int type,
        final long eventTime,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        engine.claim(claim);
        try
        {
            if (claim.sequence() != sequence)
            {
                throw new FerriteException("the cluster log's event " + sequence + " would be journaled as " +
                    claim.sequence() + ": this node's journal does not match the cluster log");
            }
            claim.type(type);
            claim.timestamp(eventTime);
            claim.buffer().putBytes(claim.payloadOffset(), buffer, offset, length);
            claim.length(length);
        }
        catch (final RuntimeException ex)
        {
            claim.abort();
            throw ex;
        }
        claim.commit();
    }

    private long clusterNanos(final long clusterTime)
    {
        return cluster.timeUnit().toNanos(clusterTime);
    }

    private void ack(final ClientSession session, final long clientId, final long messageId, final long sequence)
    {
        if (null == session)
        {
            return;
        }
        egress.putInt(MessageDescriptor.KIND_OFFSET, MessageDescriptor.KIND_ACK, ByteOrder.LITTLE_ENDIAN);
        egress.putInt(MessageDescriptor.TYPE_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        egress.putLong(MessageDescriptor.CLIENT_ID_OFFSET, clientId, ByteOrder.LITTLE_ENDIAN);
        egress.putLong(MessageDescriptor.MESSAGE_ID_OFFSET, messageId, ByteOrder.LITTLE_ENDIAN);
        egress.putLong(MessageDescriptor.SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        // Acks are cumulative: one lost to back-pressure is covered by the next, or by a resubmission.
        session.offer(egress, 0, MessageDescriptor.ACK_LENGTH);
    }

    private void nack(final ClientSession session, final long clientId, final long expected)
    {
        if (null == session)
        {
            return;
        }
        egress.putInt(MessageDescriptor.KIND_OFFSET, MessageDescriptor.KIND_NACK, ByteOrder.LITTLE_ENDIAN);
        egress.putInt(MessageDescriptor.TYPE_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        egress.putLong(MessageDescriptor.CLIENT_ID_OFFSET, clientId, ByteOrder.LITTLE_ENDIAN);
        egress.putLong(MessageDescriptor.MESSAGE_ID_OFFSET, expected, ByteOrder.LITTLE_ENDIAN);
        session.offer(egress, 0, MessageDescriptor.NACK_LENGTH);
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     * Waits until this node's journal holds every event applied so far, then writes the Ferrite sequence reached at
     * this log position and the deduplication table (sorted by client id, so every node writes the same bytes). The processors' state needs no copy here: each node's own journal (and its
     * Ferrite snapshots) hold it up to this sequence, and recovery checks that.
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        try
        {
            awaitJournaled(appliedSequence);
        }
        catch (final RuntimeException ex)
        {
            throw fatal(ex);
        }
        final long[] clients = new long[lastMessageIds.size()];
        final Long2LongHashMap.KeyIterator keys = lastMessageIds.keySet().iterator();
        int n = 0;
        while (keys.hasNext())
        {
            clients[n++] = keys.nextValue();
        }
        Arrays.sort(clients);

        int length = 0;
        snapshotBuffer.putInt(length, SNAPSHOT_MAGIC, ByteOrder.LITTLE_ENDIAN);
        length += 4;
        snapshotBuffer.putInt(length, SNAPSHOT_VERSION, ByteOrder.LITTLE_ENDIAN);
        length += 4;
        snapshotBuffer.putLong(length, appliedSequence, ByteOrder.LITTLE_ENDIAN);
        length += 8;
        snapshotBuffer.putInt(length, clients.length, ByteOrder.LITTLE_ENDIAN);
        length += 4;
        for (final long client : clients)
        {
            snapshotBuffer.putLong(length, client, ByteOrder.LITTLE_ENDIAN);
            snapshotBuffer.putLong(length + 8, lastMessageIds.get(client), ByteOrder.LITTLE_ENDIAN);
            length += 16;
        }

        final IdleStrategy idle = cluster.idleStrategy();
        for (int from = 0; from < length; from += SNAPSHOT_CHUNK)
        {
            final int chunkLength = Math.min(SNAPSHOT_CHUNK, length - from);
            chunk.putInt(0, chunkLength, ByteOrder.LITTLE_ENDIAN);
            chunk.putInt(4, from + chunkLength == length ? 1 : 0, ByteOrder.LITTLE_ENDIAN);
            chunk.putBytes(8, snapshotBuffer, from, chunkLength);
            idle.reset();
            while (snapshotPublication.offer(chunk, 0, chunkLength + 8) < 0)
            {
                idle.idle();
            }
        }
        status.lastClusterSnapshotSequence(appliedSequence);
    }

    /**
     * The snapshot claims that this node's journal holds every event up to {@code sequence}: wait until the
     * journaller has appended what the service handed to the engine (bounded by the ring's size).
     */
    private void awaitJournaled(final long sequence)
    {
        final IdleStrategy idle = cluster.idleStrategy();
        idle.reset();
        while (engine.lastJournaledSequence() < sequence)
        {
            if (engine.isFaulted())
            {
                throw new FerriteException("cannot snapshot at sequence " + sequence + ": the engine failed: " +
                    engine.fault());
            }
            idle.idle(engine.invoke());
        }
    }

    /**
     * {@inheritDoc}
     * Drives the engine: one duty cycle of its journaller, processors, snapshot writer and sinks per call, on the
     * service thread. Closes the engine here, on its own thread, when {@link #closeEngine} asks.
     */
    public int doBackgroundWork(final long nowNs)
    {
        if (engineClosed)
        {
            return 0;
        }
        if (closeRequested)
        {
            closeJournalReader();
            engine.close();
            engineClosed = true;
            return 1;
        }
        if (null == cluster || !engine.isRunning())
        {
            return 0;
        }
        try
        {
            return engine.invoke();
        }
        catch (final RuntimeException ex)
        {
            throw fatal(ex);
        }
    }

    /**
     * Close the engine on the service thread (its invoking thread), waiting up to {@code timeoutMs}; if the service
     * thread does not do it in time (it has stopped), close it from the calling thread. Events handed to the engine
     * but not yet journaled are not lost: they are in the cluster log, and a restart applies them again.
     *
     * @param timeoutMs how long to wait for the service thread.
     */
    void closeEngine(final long timeoutMs)
    {
        closeRequested = true;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!engineClosed && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (!engineClosed)
        {
            engine.close();
            engineClosed = true;
        }
    }

    private void loadSnapshot(final Image image, final IdleStrategy idle)
    {
        final ExpandableDirectByteBuffer assembled = new ExpandableDirectByteBuffer(4096);
        final int[] assembledLength = {0};
        final boolean[] complete = {false};
        while (!complete[0])
        {
            final int fragments = image.poll((buffer, offset, length, header) ->
            {
                final int chunkLength = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
                assembled.putBytes(assembledLength[0], buffer, offset + 8, chunkLength);
                assembledLength[0] += chunkLength;
                complete[0] = buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN) == 1;
            }, 1);
            if (complete[0])
            {
                break;
            }
            if (image.isClosed() || image.isEndOfStream())
            {
                throw new FerriteException("the cluster snapshot ended before its last chunk (" +
                    assembledLength[0] + " bytes read)");
            }
            idle.idle(fragments);
        }

        int offset = 0;
        final int magic = assembled.getInt(offset, ByteOrder.LITTLE_ENDIAN);
        final int version = assembled.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN);
        if (magic != SNAPSHOT_MAGIC || version != SNAPSHOT_VERSION)
        {
            throw new FerriteException("not a Ferrite cluster snapshot (magic " + Integer.toHexString(magic) +
                ", version " + version + ")");
        }
        offset += 8;
        appliedSequence = assembled.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        offset += 8;
        final int clients = assembled.getInt(offset, ByteOrder.LITTLE_ENDIAN);
        offset += 4;
        lastMessageIds.clear();
        for (int i = 0; i < clients; i++)
        {
            lastMessageIds.put(assembled.getLong(offset, ByteOrder.LITTLE_ENDIAN),
                assembled.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN));
            offset += 16;
        }
        status.lastClusterSnapshotSequence(appliedSequence);
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        status.role(newRole.name());
    }

    /**
     * {@inheritDoc}
     */
    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        status.leader(leaderMemberId, leadershipTermId);
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
        status.role("TERMINATED");
    }

    /**
     * @return the Ferrite sequence of the last event applied (service thread only).
     */
    long appliedSequence()
    {
        return appliedSequence;
    }
}
