package io.ferrite.tools;

import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Sink;

/**
 * The sink {@code ferrite run} attaches: counts the outputs the workload emits, so a run exercises the output ring
 * as an application would, and reports how many there were.
 * <p>
 * Runs on the engine's sink thread. No allocation; the counts are published with one volatile write per batch
 * rather than per output, and read by the command's thread after the engine stopped.
 */
final class CountingSink implements Sink
{
    private long live;
    private long replayed;
    private volatile long publishedLive;
    private volatile long publishedReplayed;

    @Override
    public void onOutput(final OutputView output, final boolean endOfBatch)
    {
        if (output.isReplay())
        {
            replayed++;
        }
        else
        {
            live++;
        }
        if (endOfBatch)
        {
            publishedReplayed = replayed;
            publishedLive = live;
        }
    }

    /**
     * @return outputs of live events delivered, as of the last batch end.
     */
    long live()
    {
        return publishedLive;
    }

    /**
     * @return outputs re-delivered during recovery replay, as of the last batch end.
     */
    long replayed()
    {
        return publishedReplayed;
    }
}
