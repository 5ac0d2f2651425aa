package io.ferrite.engine;

/**
 * Receives outputs off the critical path, on its own thread.
 * <p>
 * <b>Exactly once across crashes:</b> at start the engine asks {@link #lastDeliveredSequence()}; outputs caused by
 * inputs up to and including that sequence are not delivered again during replay. A sink that persists what it
 * received reports the last input sequence whose outputs it has fully made durable; outputs of a later, partially
 * delivered input arrive again with the same {@link OutputView#ordinal()}, so the sink can drop the ones it has.
 */
@FunctionalInterface
public interface Sink
{
    /**
     * Handle one output.
     *
     * @param output     the output; valid only during this call.
     * @param endOfBatch true if no further output is immediately available (a good moment to flush).
     */
    void onOutput(OutputView output, boolean endOfBatch);

    /**
     * @return the last input sequence whose outputs this sink has already made durable, 0 if none. Called once, on
     * the starting thread, before recovery replays the journal.
     */
    default long lastDeliveredSequence()
    {
        return 0;
    }
}
