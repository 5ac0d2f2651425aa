package io.ferrite.engine;

import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Sink;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records what a sink receives into preallocated arrays; the count is published with a release store so the test
 * thread can read everything up to it.
 */
class RecordingSink implements Sink
{
    final long[] inputSequences;
    final long[] values;
    final boolean[] replays;
    final AtomicLong count = new AtomicLong();
    private final long lastDelivered;

    RecordingSink(final int capacity, final long lastDelivered)
    {
        inputSequences = new long[capacity];
        values = new long[capacity];
        replays = new boolean[capacity];
        this.lastDelivered = lastDelivered;
    }

    public void onOutput(final OutputView output, final boolean endOfBatch)
    {
        final int i = (int)count.get();
        inputSequences[i] = output.inputSequence();
        values[i] = output.length() >= 16 ? output.buffer().getLong(output.payloadOffset() + 8) : -1;
        replays[i] = output.isReplay();
        count.lazySet(i + 1);
    }

    public long lastDeliveredSequence()
    {
        return lastDelivered;
    }
}
