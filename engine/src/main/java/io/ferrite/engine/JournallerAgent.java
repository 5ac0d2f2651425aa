package io.ferrite.engine;

import com.lmax.disruptor.Cursored;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalAppender;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The first stage: appends every event to the journal (unless the engine runs without one), then advances {@link #journaled}, the sequence every
 * processor waits on. Processors therefore never see an event that is not in the journal (and, with
 * {@link FlushPolicy#BATCH}, not forced to disk: the sequence only moves after the batch's {@code endBatch()}).
 * <p>
 * Each ring batch is one journal batch ({@code beginBatch} in {@link #onBatchStart}, {@code endBatch} at the end of
 * the batch), written as few Chronicle excerpts as its size allows. Its records become visible to readers only at
 * {@code endBatch()}, so {@link #journaled} moves only then, whatever the flush policy (with
 * {@link FlushPolicy#EVERY} every record is published alone and it moves per event): a batch torn by a crash was seen
 * by no processor.
 * <p>
 * It also marks snapshot points, so that a snapshot belongs to exactly one sequence: the flag travels in the slot to
 * every processor behind it.
 */
final class JournallerAgent implements EventHandler<InputSlot>
{
    static final String NAME = "journaller";

    private final JournalAppender appender;
    private final Sequence journaled;
    private final boolean publishPerEvent;
    private final long snapshotEvery;
    private final EngineState state;
    private final ErrorHandler errorHandler;
    private volatile boolean snapshotRequested;
    private boolean failed;
    private AtomicCounter journaledCounter;
    private AtomicCounter publishedCounter;
    private Cursored ring;
    private long sequenceBase;

    void counters(
        final AtomicCounter journaled, final AtomicCounter published, final Cursored ring,
        final long sequenceBase)
    {
        this.journaledCounter = journaled;
        this.publishedCounter = published;
        this.ring = ring;
        this.sequenceBase = sequenceBase;
    }

    JournallerAgent(
        final JournalAppender appender,
        final Sequence journaled,
        final FlushPolicy flushPolicy,
        final long snapshotEvery,
        final EngineState state,
        final ErrorHandler errorHandler)
    {
        this.appender = appender;
        this.journaled = journaled;
        this.publishPerEvent = null == appender || flushPolicy == FlushPolicy.EVERY;
        this.snapshotEvery = snapshotEvery;
        this.state = state;
        this.errorHandler = errorHandler;
    }

    void requestSnapshot()
    {
        snapshotRequested = true;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        if (null != appender && !failed)
        {
            try
            {
                appender.beginBatch();
            }
            catch (final Throwable ex)
            {
                failed = true;
                errorHandler.onError(ex, appender.lastSequence() + 1, NAME);
                state.fault(EngineState.Phase.FAILED, appender.lastSequence() + 1, NAME, ex);
            }
        }
    }

    public void onEvent(final InputSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        if (failed)
        {
            return;
        }
        try
        {
            if (null != appender)
            {
                appender.append(slot.sequence, slot.timestamp, slot.type, slot.buffer, 0, slot.length);
            }
            boolean snapshot = snapshotEvery > 0 && slot.sequence % snapshotEvery == 0;
            if (snapshotRequested)
            {
                snapshotRequested = false;
                snapshot = true;
            }
            slot.snapshotAfter = snapshot;
            if (endOfBatch)
            {
                if (null != appender)
                {
                    appender.endBatch();
                }
                journaled.set(ringSequence);
                if (null != journaledCounter)
                {
                    journaledCounter.setRelease(slot.sequence);
                    publishedCounter.setRelease(sequenceBase + ring.getCursor() + 1);
                }
            }
            else if (publishPerEvent)
            {
                journaled.set(ringSequence);
            }
        }
        catch (final Throwable ex)
        {
            // Nothing after this event may reach a processor: stop advancing 'journaled' and refuse new input.
            failed = true;
            errorHandler.onError(ex, slot.sequence, NAME);
            state.fault(EngineState.Phase.FAILED, slot.sequence, NAME, ex);
        }
    }
}
