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
    private final long resumeAfter;
    private long delivered;
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
        this.resumeAfter = sink.lastDeliveredSequence();
    }

    long resumeAfter()
    {
        return resumeAfter;
    }

    String name()
    {
        return name;
    }

    long delivered()
    {
        return delivered;
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
            delivered++;
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex, slot.inputSequence, name);
        }
    }
}
