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
 *     <li><b>Tracked</b> (returns a sequence {@code >= 0}): the sink reports the last output it has made durable,
 *     as the input sequence that caused it and, through {@link #lastDeliveredOrdinal()}, its
 *     {@link OutputView#ordinal()}. Recovery restores a snapshot old enough to re-create what follows, replays from
 *     there, and delivers every later output again (flagged {@link OutputView#isReplay()}), dropping those at or
 *     before the reported (sequence, ordinal). The sink sees every output exactly once, even when a crash cut off
 *     the outputs of one input part-way: a matching engine emits several per order.</li>
 * </ul>
 * A sink that cannot tell which ordinal it stored last leaves {@link #lastDeliveredOrdinal()} at its default,
 * {@link #ALL_OUTPUTS}: then the sequence it reports must be one whose outputs it holds in full, which a sink only
 * knows once it has seen an output of a later input.
 * <b>Note:</b> exactly-once per input is well defined when one processor emits (or each sink listens to one
 * emitting processor, filtering on {@link OutputView#processorName()}): outputs of different processors interleave
 * on the output ring in no fixed order.
 */
@FunctionalInterface
public interface Sink
{
    /** Returned by {@link #lastDeliveredSequence()} by a sink that does not track what it made durable. */
    long NOT_TRACKED = -1;

    /** Returned by {@link #lastDeliveredOrdinal()}: every output of the reported input sequence is durable. */
    int ALL_OUTPUTS = Integer.MAX_VALUE;

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

    /**
     * Called once by {@link Engine#start()}, right after {@link #lastDeliveredSequence()}, by a tracked sink only.
     *
     * @return the ordinal of the last durable output of the input {@link #lastDeliveredSequence()} reported, or
     * {@link #ALL_OUTPUTS} (the default) if every output of that input is durable.
     */
    default int lastDeliveredOrdinal()
    {
        return ALL_OUTPUTS;
    }
}
