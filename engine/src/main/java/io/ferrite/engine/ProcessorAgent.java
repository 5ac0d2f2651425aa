package io.ferrite.engine;

import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Processor;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.StatefulProcessor;
import com.lmax.disruptor.Sequence;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Runs one processor. Live, it is an {@link Agent}: each duty cycle takes the events its upstream (the journaller, or
 * the previous stage) has released, up to a bounded batch, and advances its own {@link #progress()} sequence, which
 * the next stage polls. During recovery the replay loop calls {@link #handle} directly. Both paths go through
 * {@link #handle}, so live and replay cannot drift apart. It is also the {@link EventContext} its processor sees (a
 * flyweight re-pointed at each event).
 * <p>
 * At a snapshot marker it serialises its processor's state into its part of the {@link SnapshotRound} (memory only)
 * and goes on; the {@link SnapshotWriterAgent} writes the file. Only if its part of the previous round has not been
 * taken yet does it stop before the next marker, returning to its duty cycle rather than waiting.
 */
final class ProcessorAgent implements Agent, EventContext
{
    private final int index;
    private final String name;
    private final Processor processor;
    private final StatefulProcessor stateful;
    private final TimerSet timers = new TimerSet();
    private final ExpandableDirectByteBuffer snapshotPart = new ExpandableDirectByteBuffer(4096);
    private final ExpandableDirectByteBuffer stateScratch = new ExpandableDirectByteBuffer(4096);
    private final EngineState state;
    private final ExceptionPolicy exceptionPolicy;
    private final ErrorHandler errorHandler;
    private final OutputPublisher outputs;
    private final long digestEvery;
    private final boolean timersAllowed;
    private final boolean hostFiresTimers;
    private final DigestLog digestLog;
    private final boolean digestLogWritable;

    // Live wiring: unused by a replay-only agent.
    private final InputRing ring;
    private final Upstream upstream;
    private final Sequence progress = new Sequence();
    private final SnapshotRound snapshots;
    private final SingleWriterRecorder latency;
    private final long latencyMask;
    private final AtomicCounter processedCounter;
    private final AtomicCounter emittedCounter;

    /** Outputs emitted, counted on this thread; published to {@link #emittedPublished} once per batch. */
    private long emitted;
    private volatile long emittedPublished;
    private Divergence divergence;
    private long digestsChecked;
    private long nextRecordedDigest = Long.MAX_VALUE;
    /** The last digest recorded live and its sequence, so a snapshot at that sequence does not compute it again. */
    private long lastDigestSequence = -1;
    private long lastDigest;
    private long nextDigestSequence;
    private boolean halted;

    // The current event (flyweight state).
    private long sequence;
    private long timestamp;
    private int type;
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean replay;
    private int ordinal;

    /**
     * A live agent, complete: every dependency is final.
     *
     * @param digestLog where digests are recorded live and checked on replay, or null when digests are off.
     * @param latency   where the end-to-end latency of sampled events is recorded, or null if this agent does not.
     */
    ProcessorAgent(
        final int index,
        final ProcessorSpec spec,
        final EngineConfiguration config,
        final EngineState state,
        final ErrorHandler errorHandler,
        final OutputPublisher outputs,
        final DigestLog digestLog,
        final InputRing ring,
        final Upstream upstream,
        final SnapshotRound snapshots,
        final SingleWriterRecorder latency,
        final AtomicCounter processedCounter,
        final AtomicCounter emittedCounter)
    {
        this.index = index;
        this.name = spec.name();
        this.processor = spec.processor();
        this.stateful = spec.processor() instanceof StatefulProcessor ? (StatefulProcessor)spec.processor() : null;
        this.state = state;
        this.exceptionPolicy = config.exceptionPolicy;
        this.errorHandler = errorHandler;
        this.outputs = outputs;
        this.digestEvery = config.digestEvery;
        this.timersAllowed = config.producerType == ProducerType.MULTI || config.hostFiresTimers;
        this.hostFiresTimers = config.hostFiresTimers;
        this.digestLog = digestLog;
        this.digestLogWritable = null != digestLog;
        this.ring = ring;
        this.upstream = upstream;
        this.snapshots = snapshots;
        this.latency = latency;
        this.latencyMask = config.latencySampleEvery == 0 ? -1 : config.latencySampleEvery - 1;
        this.processedCounter = processedCounter;
        this.emittedCounter = emittedCounter;
        this.nextDigestSequence = firstDigestSequence();
    }

    /**
     * A replay-only agent (no ring, no outputs, no counters): checks the digests recorded in {@code digestLog} (may be
     * null), writes none.
     */
    ProcessorAgent(final int index, final ProcessorSpec spec, final EngineState state, final DigestLog digestLog)
    {
        this.index = index;
        this.name = spec.name();
        this.processor = spec.processor();
        this.stateful = spec.processor() instanceof StatefulProcessor ? (StatefulProcessor)spec.processor() : null;
        this.state = state;
        this.exceptionPolicy = ExceptionPolicy.HALT;
        this.errorHandler = (cause, sequence, component) -> { };
        this.outputs = OutputPublisher.NONE;
        this.digestEvery = 0;
        this.timersAllowed = true;
        this.hostFiresTimers = false;
        this.digestLog = digestLog;
        this.digestLogWritable = false;
        this.ring = null;
        this.upstream = null;
        this.snapshots = null;
        this.latency = null;
        this.latencyMask = -1;
        this.processedCounter = null;
        this.emittedCounter = null;
        this.nextDigestSequence = Long.MAX_VALUE;
    }

    /** The first multiple of digestEvery after the last recorded digest: compared per event instead of a modulo. */
    private long firstDigestSequence()
    {
        if (!digestLogWritable || digestEvery <= 0)
        {
            return Long.MAX_VALUE;
        }
        return (digestLog.lastRecordedSequence() / digestEvery + 1) * digestEvery;
    }

    public String roleName()
    {
        return name;
    }

    /** @return this agent's progress: the ring position of the last event it has finished with. */
    Sequence progress()
    {
        return progress;
    }

    String name()
    {
        return name;
    }

    int index()
    {
        return index;
    }

    boolean isStateful()
    {
        return null != stateful;
    }

    Divergence divergence()
    {
        return divergence;
    }

    long digestsChecked()
    {
        return digestsChecked;
    }

    /** Digest of everything replay must reproduce: the processor's state and its pending timers. */
    long digest()
    {
        final long timerDigest = timers.digest(index);
        return null == stateful ? timerDigest : Digests.mix(stateful.stateDigest(), timerDigest);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Live path
    // ----------------------------------------------------------------------------------------------------------

    public int doWork()
    {
        final long next = progress.get() + 1;
        final long available = upstream.availableFrom(next);
        if (available < next)
        {
            return 0;
        }
        final long end = Math.min(available, next + EngineConfiguration.DUTY_CYCLE_LIMIT - 1);
        long r = next;
        for (; r <= end; r++)
        {
            final InputSlot slot = ring.slot(r);
            if (slot.snapshotAfter && !snapshots.isFree(index))
            {
                // Our part of the previous round is not taken yet: stop before this marker and come back.
                break;
            }
            onEvent(slot, r);
        }
        final long done = r - 1;
        if (done >= next)
        {
            progress.set(done);
            publishProgress(ring.sequenceOf(done));
        }
        return (int)(done - next + 1);
    }

    private void onEvent(final InputSlot slot, final long r)
    {
        if (halted || slot.sequence >= state.haltSequence)
        {
            return;
        }
        handle(slot.sequence, slot.timestamp, slot.type, slot.buffer, 0, slot.length, false);
        if (halted)
        {
            return;
        }
        if (null != latency && (slot.intendedTime || (r & latencyMask) == 0))
        {
            final long nanos = System.nanoTime() - slot.publishNanos;
            latency.recordValue(nanos < 0 ? 0 : Math.min(nanos, Engine.MAX_LATENCY_NANOS));
        }
        if (slot.snapshotAfter)
        {
            contributeSnapshot(slot.sequence);
        }
        if (!hostFiresTimers && timers.earliestDeadline() <= slot.timestamp && state.running)
        {
            publishDueTimers(slot.timestamp);
        }
    }

    private void publishProgress(final long sequence)
    {
        emittedPublished = emitted;
        processedCounter.setRelease(sequence);
        emittedCounter.setRelease(emitted);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Shared by live and replay
    // ----------------------------------------------------------------------------------------------------------

    /**
     * Handle one journaled event: run the processor (or its timer), then record or check the digest.
     *
     * @return false if the processor halted the engine.
     */
    boolean handle(
        final long sequence,
        final long timestamp,
        final int type,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final boolean replay)
    {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.type = type;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.replay = replay;
        this.ordinal = 0;

        try
        {
            if (type >= 0)
            {
                processor.onEvent(this);
            }
            else if (type == EventTypes.TIMER && buffer.getInt(offset + EventTypes.TIMER_PROCESSOR_OFFSET) == index)
            {
                final long timerId = buffer.getLong(offset + EventTypes.TIMER_ID_OFFSET);
                final long deadline = buffer.getLong(offset + EventTypes.TIMER_DEADLINE_OFFSET);
                if (timers.fire(timerId, deadline))
                {
                    processor.onTimer(timerId, deadline, this);
                }
            }
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex, sequence, name);
            if (exceptionPolicy == ExceptionPolicy.HALT)
            {
                halted = true;
                if (replay)
                {
                    throw new FerriteException("processor '" + name + "' failed at sequence " + sequence +
                        " during replay (exception policy HALT): " + ex, ex);
                }
                state.halt(sequence, name, ex);
                return false;
            }
        }

        if (null != digestLog)
        {
            if (replay && sequence == nextRecordedDigest)
            {
                checkDigest(sequence);
            }
            else if (sequence == nextDigestSequence)
            {
                nextDigestSequence += digestEvery;
                lastDigest = digest();
                lastDigestSequence = sequence;
                digestLog.append(sequence, lastDigest);
            }
        }
        return true;
    }

    /**
     * @return the next sequence at which replay checks a recorded digest ({@link Long#MAX_VALUE} if none): the only
     * sequences after which {@link #divergence()} can change.
     */
    long nextRecordedDigest()
    {
        return nextRecordedDigest;
    }

    /** Position the digest cursor for a replay starting at {@code firstSequence}. */
    void prepareReplay(final long firstSequence)
    {
        nextRecordedDigest = null == digestLog ? Long.MAX_VALUE : digestLog.seek(firstSequence);
    }

    private void checkDigest(final long sequence)
    {
        digestsChecked++;
        final long expected = digestLog.digestAtCursor();
        final long actual = digest();
        if (expected != actual && null == divergence)
        {
            divergence = new Divergence(sequence, name, expected, actual);
        }
        nextRecordedDigest = digestLog.advance();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Snapshots
    // ----------------------------------------------------------------------------------------------------------

    /** Write timers then processor state into the part buffer; returns the length. Processor thread only. */
    int writeSnapshotPart()
    {
        int pos = timers.writeSnapshot(snapshotPart, 0);
        if (null != stateful)
        {
            final int stateLength = stateful.writeSnapshot(stateScratch);
            snapshotPart.putInt(pos, stateLength);
            snapshotPart.putBytes(pos + 4, stateScratch, 0, stateLength);
            pos += 4 + stateLength;
        }
        else
        {
            snapshotPart.putInt(pos, 0);
            pos += 4;
        }
        return pos;
    }

    void loadSnapshotPart(final DirectBuffer part, final int partOffset, final int partLength)
    {
        int pos = partOffset + timers.loadSnapshot(part, partOffset);
        final int stateLength = part.getInt(pos);
        pos += 4;
        if (pos + stateLength != partOffset + partLength)
        {
            throw new FerriteException("snapshot part of processor '" + name + "' is malformed: state length " +
                stateLength + " does not fit part length " + partLength);
        }
        if (null != stateful)
        {
            stateful.loadSnapshot(part, pos, stateLength);
        }
        else if (stateLength != 0)
        {
            throw new FerriteException("snapshot holds " + stateLength + " bytes of state for processor '" + name +
                "', which is not a StatefulProcessor in this pipeline");
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Timers
    // ----------------------------------------------------------------------------------------------------------

    /** Serialise state (memory only) into this agent's part of the round; the writer agent does the disk work. */
    private void contributeSnapshot(final long sequence)
    {
        try
        {
            final int partLength = writeSnapshotPart();
            // A snapshot at a digest sequence (every one, with the defaults) reuses the digest just recorded: for a
            // large state the digest costs the processor thread as much as the serialisation.
            final long digest = sequence == lastDigestSequence ? lastDigest : digest();
            snapshots.fill(index, sequence, snapshotPart, partLength, digest);
        }
        catch (final RuntimeException ex)
        {
            // A processor that cannot snapshot costs this snapshot, not the engine: the journal still has it all.
            errorHandler.onError(ex, sequence, name);
            snapshots.fail(index, sequence);
        }
    }

    private void publishDueTimers(final long now)
    {
        int i = timers.nextUnpublishedDue(now, 0);
        while (i >= 0)
        {
            final long r = ring.tryNext();
            if (r == InputRing.FULL)
            {
                // Ring full: the timer stays due and is retried after the next event. Never wait here: this agent
                // may be the one the producers are waiting for.
                return;
            }
            fillTimerSlot(ring.slot(r), r, i, now);
            i = timers.nextUnpublishedDue(now, i + 1);
        }
    }

    /** Write due timer {@code i} into claimed slot {@code r}, mark it published and publish the slot. */
    private void fillTimerSlot(final InputSlot slot, final long r, final int i, final long now)
    {
        try
        {
            slot.timestamp = now;
            slot.type = EventTypes.TIMER;
            slot.length = EventTypes.TIMER_LENGTH;
            slot.publishNanos = System.nanoTime();
            slot.snapshotAfter = false;
            slot.intendedTime = false;
            slot.buffer.putInt(EventTypes.TIMER_PROCESSOR_OFFSET, index);
            slot.buffer.putInt(EventTypes.TIMER_PROCESSOR_OFFSET + 4, 0);
            slot.buffer.putLong(EventTypes.TIMER_ID_OFFSET, timers.idAt(i));
            slot.buffer.putLong(EventTypes.TIMER_DEADLINE_OFFSET, timers.deadlineAt(i));
            timers.markPublished(i);
        }
        finally
        {
            ring.publish(r);
        }
    }

    /**
     * @param now event time.
     * @return the index in this processor's timers of its earliest due timer not yet published, or -1. Processor
     * thread only (the host's, for {@link Engine#fireNextDueTimer}).
     */
    int nextDueTimer(final long now)
    {
        return timers.nextUnpublishedDue(now, 0);
    }

    long timerDeadlineAt(final int i)
    {
        return timers.deadlineAt(i);
    }

    /**
     * Publish due timer {@code i} as a timer event into claimed ring slot {@code r} (host-fired timers).
     *
     * @return the event's sequence.
     */
    long publishTimer(final long r, final int i, final long now)
    {
        final InputSlot slot = ring.slot(r);
        final long sequence = slot.sequence;
        fillTimerSlot(slot, r, i, now);
        return sequence;
    }

    // ----------------------------------------------------------------------------------------------------------
    // EventContext
    // ----------------------------------------------------------------------------------------------------------

    public long sequence()
    {
        return sequence;
    }

    public long timestamp()
    {
        return timestamp;
    }

    public int type()
    {
        return type;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int payloadOffset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    public boolean isReplay()
    {
        return replay;
    }

    public String processorName()
    {
        return name;
    }

    public void emit(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        outputs.publish(sequence, ordinal++, name, timestamp, replay, type, buffer, offset, length);
        emitted++;
    }

    /**
     * @return outputs this processor emitted, as of the end of its last batch. Any thread.
     */
    long emittedCount()
    {
        return emittedPublished;
    }

    public void scheduleTimer(final long timerId, final long deadline)
    {
        if (!timersAllowed)
        {
            throw new IllegalStateException("processor '" + name + "' scheduled a timer but the engine's producerType " +
                "is SINGLE: timers are published into the input ring and need producerType MULTI (or a host that fires " +
                "them: EngineBuilder.hostFiresTimers)");
        }
        timers.schedule(timerId, deadline);
    }

    public boolean cancelTimer(final long timerId)
    {
        return timers.cancel(timerId);
    }

    public long random(final long salt)
    {
        return Digests.splitMix64(Digests.mix(sequence, salt));
    }
}
