package io.ferrite.engine.processor;

/**
 * A single-threaded stage of a Ferrite pipeline.
 * <p>
 * <b>Threading:</b> every callback runs on the processor's own thread, one event at a time, in sequence order. An
 * event reaches a processor only after the journaller has appended it.
 * <p>
 * <b>Determinism:</b> a processor must be a pure function of its state, the event and the {@link EventContext}: read
 * time from {@link EventContext#timestamp()}, randomness from {@link EventContext#random(long)}, identifiers from
 * {@link EventContext#sequence()}; never from the wall clock, {@code Math.random}, identity hash codes or thread
 * timing. Replay of the journal must reach the same state and emit the same outputs.
 * <p>
 * <b>Allocation:</b> callbacks should not allocate in steady state; buffers passed in are views valid only for the
 * duration of the callback.
 */
@FunctionalInterface
public interface Processor
{
    /**
     * Handle one journaled event.
     *
     * @param ctx the event and the means to emit outputs and schedule timers; valid only during this call.
     */
    void onEvent(EventContext ctx);

    /**
     * A timer scheduled with {@link EventContext#scheduleTimer(long, long)} fell due. Timers travel through the input
     * ring as events, so they are journaled and fire at the same sequence on replay.
     *
     * @param timerId  the id given when scheduling.
     * @param deadline the event-time deadline it was scheduled for.
     * @param ctx      the context of the timer event (its sequence and timestamp).
     */
    default void onTimer(final long timerId, final long deadline, final EventContext ctx)
    {
    }
}
