package io.ferrite.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.List;

/**
 * Runs one processor: in the live pipeline as a Disruptor {@link EventHandler} on its own thread, and during
 * recovery called directly by the replay loop. Both paths go through {@link #handle}, so live and replay cannot
 * drift apart. It is also the {@link EventContext} its processor sees (a flyweight re-pointed at each event).
 */
final class ProcessorAgent implements EventHandler<InputSlot>, EventContext
{
    private final int index;
    private final String name;
    private final Processor processor;
    private final StatefulProcessor stateful;
    private final TimerSet timers = new TimerSet();
    private final ExpandableDirectByteBuffer snapshotPart = new ExpandableDirectByteBuffer(4096);
    private final EngineState state;
    private final ExceptionPolicy exceptionPolicy;
    private final ErrorHandler errorHandler;
    private final OutputPublisher outputs;
    private final long digestEvery;
    private final boolean timersAllowed;

    private RingBuffer<InputSlot> inputRing;
    private long sequenceBase;
    private SnapshotCoordinator snapshots;
    private DigestLog digestLog;
    private boolean digestLogWritable;
    private SingleWriterRecorder latency;
    private long latencyMask = -1;
    private AtomicCounter processedCounter;
    private AtomicCounter emittedCounter;
    /** Outputs emitted, counted on this thread; published to {@link #emittedPublished} once per batch. */
    private long emitted;
    private volatile long emittedPublished;
    private Divergence divergence;
    private long digestsChecked;
    private long nextRecordedDigest = Long.MAX_VALUE;
    private boolean halted;
    private Sequence progress;

    // The current event (flyweight state).
    private long sequence;
    private long timestamp;
    private int type;
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean replay;
    private int ordinal;

    ProcessorAgent(
        final int index,
        final ProcessorSpec spec,
        final EngineState state,
        final ExceptionPolicy exceptionPolicy,
        final ErrorHandler errorHandler,
        final OutputPublisher outputs,
        final long digestEvery,
        final boolean timersAllowed)
    {
        this.index = index;
        this.name = spec.name();
        this.processor = spec.processor();
        this.stateful = spec.processor() instanceof StatefulProcessor ? (StatefulProcessor)spec.processor() : null;
        this.state = state;
        this.exceptionPolicy = exceptionPolicy;
        this.errorHandler = errorHandler;
        this.outputs = outputs;
        this.digestEvery = digestEvery;
        this.timersAllowed = timersAllowed;
    }

    void liveWiring(
        final RingBuffer<InputSlot> inputRing,
        final long sequenceBase,
        final SnapshotCoordinator snapshots,
        final SingleWriterRecorder latency,
        final long latencyMask)
    {
        this.latencyMask = latencyMask;
        this.inputRing = inputRing;
        this.sequenceBase = sequenceBase;
        this.snapshots = snapshots;
        this.latency = latency;
        timers.clearPublished();
    }

    void processedCounter(final AtomicCounter processedCounter, final AtomicCounter emittedCounter)
    {
        this.emittedCounter = emittedCounter;
        this.processedCounter = processedCounter;
    }

    void digestLog(final DigestLog digestLog, final boolean writable)
    {
        this.digestLog = digestLog;
        this.digestLogWritable = writable;
    }

    List<DomainCounter> domainCounters()
    {
        return processor.domainCounters();
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

    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        this.progress = sequenceCallback;
    }

    public void onEvent(final InputSlot slot, final long ringSequence, final boolean endOfBatch)
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
        if (null != latency && (ringSequence & latencyMask) == 0)
        {
            final long nanos = System.nanoTime() - slot.publishNanos;
            latency.recordValue(nanos < 0 ? 0 : Math.min(nanos, Engine.MAX_LATENCY_NANOS));
        }
        if (slot.snapshotAfter)
        {
            // Release progress up to this event before possibly waiting for the round: the Disruptor would only
            // publish it at the end of the batch, and a downstream stage must reach this marker to finish the round.
            progress.set(ringSequence);
            snapshots.contribute(this, slot.sequence);
        }
        if (timers.earliestDeadline() <= slot.timestamp && state.running)
        {
            publishDueTimers(slot.timestamp);
        }
        if (endOfBatch)
        {
            publishProgress(slot.sequence);
        }
    }

    private void publishProgress(final long sequence)
    {
        emittedPublished = emitted;
        if (null != processedCounter)
        {
            processedCounter.setRelease(sequence);
            emittedCounter.setRelease(emitted);
        }
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
            else if (digestLogWritable && digestEvery > 0 && sequence % digestEvery == 0 &&
                sequence > digestLog.lastRecordedSequence())
            {
                digestLog.append(sequence, digest());
            }
        }
        return true;
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
            final ExpandableDirectByteBuffer state = snapshotScratch();
            final int stateLength = stateful.writeSnapshot(state);
            snapshotPart.putInt(pos, stateLength);
            snapshotPart.putBytes(pos + 4, state, 0, stateLength);
            pos += 4 + stateLength;
        }
        else
        {
            snapshotPart.putInt(pos, 0);
            pos += 4;
        }
        return pos;
    }

    private ExpandableDirectByteBuffer stateScratch;

    private ExpandableDirectByteBuffer snapshotScratch()
    {
        if (null == stateScratch)
        {
            stateScratch = new ExpandableDirectByteBuffer(4096);
        }
        return stateScratch;
    }

    DirectBuffer snapshotPart()
    {
        return snapshotPart;
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

    private void publishDueTimers(final long now)
    {
        int i = timers.nextUnpublishedDue(now, 0);
        while (i >= 0)
        {
            final long r;
            try
            {
                r = inputRing.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                // Ring full: the timer stays due and is retried after the next event. Never block here: this thread
                // may be the one the producers are waiting for.
                return;
            }
            final InputSlot slot = inputRing.get(r);
            try
            {
                slot.sequence = sequenceBase + r + 1;
                slot.timestamp = now;
                slot.type = EventTypes.TIMER;
                slot.length = EventTypes.TIMER_LENGTH;
                slot.publishNanos = System.nanoTime();
                slot.snapshotAfter = false;
                slot.buffer.putInt(EventTypes.TIMER_PROCESSOR_OFFSET, index);
                slot.buffer.putInt(EventTypes.TIMER_PROCESSOR_OFFSET + 4, 0);
                slot.buffer.putLong(EventTypes.TIMER_ID_OFFSET, timers.idAt(i));
                slot.buffer.putLong(EventTypes.TIMER_DEADLINE_OFFSET, timers.deadlineAt(i));
                timers.markPublished(i);
            }
            finally
            {
                inputRing.publish(r);
            }
            i = timers.nextUnpublishedDue(now, i + 1);
        }
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
                "is SINGLE: timers are published into the input ring and need producerType MULTI");
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
