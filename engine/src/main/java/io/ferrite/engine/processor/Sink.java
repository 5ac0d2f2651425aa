package io.ferrite.engine.processor;

import io.ferrite.engine.Engine;

/**
 * Receives outputs off the critical path, on its own thread.
 * <p>
 * <b>Across crashes</b> a sink chooses one of two contracts through {@link #lastDeliveredSequence()}:
 * <ul>
 *     <li><b>Not tracked</b> (the default, {@link #NOT_TRACKED}): the sink gets live outputs only. Outputs that recovery
 *     re-creates while replaying are never delivered to it, so across a crash it sees each output at most once
 *     and may miss those of the last events before the crash.</li>
 *     <li><b>Tracked</b> (returns a sequence {@code >= 0}): the sink reports the last input sequence whose outputs it
 *     has made durable. Recovery restores a snapshot no newer than that, replays from there, and delivers every
 *     output caused by a later input again (flagged {@link OutputView#isReplay()}), so nothing is lost. Outputs of an
 *     input the sink had only partly stored arrive again with the same {@link OutputView#ordinal()}: drop the ones
 *     already held and the sink sees every output exactly once.</li>
 * </ul>
 * <b>Note:</b> exactly-once per input is well defined when one processor emits (or each sink listens to one
 * emitting processor, filtering on {@link OutputView#processorName()}): outputs of different processors interleave
 * on the output ring in no fixed order.
 */
@FunctionalInterface
public interface Sink
{
    /** Returned by {@link #lastDeliveredSequence()} by a sink that does not track what it made durable. */
    long NOT_TRACKED = -1;

    /**
     * Handle one output.
     *
     * @param output     the output; valid only during this call.
     * @param endOfBatch true if no further output is immediately available (a good moment to flush).
     */
    void onOutput(OutputView output, boolean endOfBatch);

    /**
     * Called once by {@link Engine#start()}, on the starting thread, before recovery chooses a snapshot.
     *
     * @return the last input sequence whose outputs this sink has made durable (0 if none yet), or
     * {@link #NOT_TRACKED}.
     */
    default long lastDeliveredSequence()
    {
        return NOT_TRACKED;
    }
}
