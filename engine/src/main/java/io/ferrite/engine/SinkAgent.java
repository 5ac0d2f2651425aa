package io.ferrite.engine;

import com.lmax.disruptor.EventHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Runs one sink on its own thread. Outputs replayed during recovery that the sink confirmed before the crash are
 * dropped here. A sink that throws is reported and the output skipped: sinks are off the critical path and own their
 * retries.
 */
final class SinkAgent implements EventHandler<OutputSlot>
{
    private final String name;
    private final Sink sink;
    private final ErrorHandler errorHandler;
    private final Sink sinkForResume;
    private long tracked = Sink.NOT_TRACKED;
    private long resumeAfter = Long.MAX_VALUE;
    private AtomicCounter consumedCounter;
    private long consumed;

    void consumedCounter(final AtomicCounter consumedCounter)
    {
        this.consumedCounter = consumedCounter;
    }

    SinkAgent(final String name, final Sink sink, final ErrorHandler errorHandler)
    {
        this.name = "sink:" + name;
        this.sink = sink;
        this.errorHandler = errorHandler;
        this.sinkForResume = sink;
    }

    /**
     * Ask the sink where it is; called once at start, before recovery. Returns what it reported.
     */
    long readResumePoint()
    {
        tracked = sinkForResume.lastDeliveredSequence();
        if (tracked < Sink.NOT_TRACKED)
        {
            throw new FerriteException(name + " reported lastDeliveredSequence " + tracked +
                ": must be >= 0, or Sink.NOT_TRACKED");
        }
        // An untracked sink takes live outputs only: nothing re-created by replay is delivered to it.
        resumeAfter = tracked == Sink.NOT_TRACKED ? Long.MAX_VALUE : tracked;
        return tracked;
    }

    long resumeAfter()
    {
        return resumeAfter;
    }

    String name()
    {
        return name;
    }

    public void onEvent(final OutputSlot slot, final long sequence, final boolean endOfBatch)
    {
        consumed++;
        if (endOfBatch && null != consumedCounter)
        {
            consumedCounter.setRelease(consumed);
        }
        if (slot.replay && slot.inputSequence <= resumeAfter)
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
