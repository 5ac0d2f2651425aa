package io.ferrite.engine;

import io.ferrite.engine.processor.Sink;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Runs one sink: each duty cycle hands it the outputs published since the last one, up to a bounded batch. Outputs
 * replayed during recovery that the sink confirmed before the crash, up to the (sequence, ordinal) it reported, are
 * dropped here. A sink that throws is reported
 * and the output skipped: sinks are off the critical path and own their retries.
 */
final class SinkAgent implements Agent
{
    /** Sink agents' role names are this prefix and the sink's name. */
    static final String PREFIX = "sink:";

    private final String name;
    private final Sink sink;
    private final ErrorHandler errorHandler;
    private final OutputPublisher outputs;
    private final AtomicCounter consumedCounter;
    private final Sequence progress = new Sequence();
    private long tracked = Sink.NOT_TRACKED;
    private long resumeSequence = Long.MAX_VALUE;
    private int resumeOrdinal = Sink.ALL_OUTPUTS;
    private long completeUpTo = Long.MAX_VALUE;
    private long consumed;

    SinkAgent(
        final String name,
        final Sink sink,
        final ErrorHandler errorHandler,
        final OutputPublisher outputs,
        final AtomicCounter consumedCounter)
    {
        this.name = PREFIX + name;
        this.sink = sink;
        this.errorHandler = errorHandler;
        this.outputs = outputs;
        this.consumedCounter = consumedCounter;
    }

    public String roleName()
    {
        return name;
    }

    /**
     * Ask the sink where it is; called once at start, before recovery. Returns what it reported.
     */
    long readResumePoint()
    {
        tracked = sink.lastDeliveredSequence();
        if (tracked < Sink.NOT_TRACKED)
        {
            throw new FerriteException(name + " reported lastDeliveredSequence " + tracked +
                ": must be >= 0, or Sink.NOT_TRACKED");
        }
        if (tracked == Sink.NOT_TRACKED)
        {
            // An untracked sink takes live outputs only: nothing re-created by replay is delivered to it.
            resumeSequence = Long.MAX_VALUE;
            resumeOrdinal = Sink.ALL_OUTPUTS;
            completeUpTo = Long.MAX_VALUE;
            return tracked;
        }
        final int ordinal = sink.lastDeliveredOrdinal();
        if (ordinal < 0)
        {
            throw new FerriteException(name + " reported lastDeliveredOrdinal " + ordinal + " for sequence " +
                tracked + ": must be >= 0, or Sink.ALL_OUTPUTS");
        }
        resumeSequence = tracked;
        resumeOrdinal = ordinal;
        // With only part of the last input's outputs durable, replay must re-create that input's outputs too.
        completeUpTo = ordinal == Sink.ALL_OUTPUTS ? tracked : Math.max(0, tracked - 1);
        return tracked;
    }

    /**
     * @return the last input sequence all of whose outputs this sink holds (Long.MAX_VALUE for an untracked sink,
     * which takes no replayed output): replay need not re-create outputs of inputs up to it for this sink.
     */
    long completeUpTo()
    {
        return completeUpTo;
    }

    String name()
    {
        return name;
    }

    /** @return this sink's progress on the output ring. */
    Sequence progress()
    {
        return progress;
    }

    public int doWork()
    {
        final long next = progress.get() + 1;
        final long available = outputs.publishedUpTo(next);
        if (available < next)
        {
            return 0;
        }
        final long end = Math.min(available, next + EngineConfiguration.DUTY_CYCLE_LIMIT - 1);
        for (long r = next; r <= end; r++)
        {
            deliver(outputs.slot(r), r == end);
        }
        consumed += end - next + 1;
        progress.set(end);
        consumedCounter.setRelease(consumed);
        return (int)(end - next + 1);
    }

    private void deliver(final OutputSlot slot, final boolean endOfBatch)
    {
        if (slot.replay && (slot.inputSequence < resumeSequence ||
            (slot.inputSequence == resumeSequence && slot.ordinal <= resumeOrdinal)))
        {
            return;
        }
        try
        {
            sink.onOutput(slot, endOfBatch);
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex, slot.inputSequence, name);
        }
    }
}
