package io.ferrite.engine.processor;

import org.agrona.DirectBuffer;

/**
 * The event a processor is handling and what it may do in response. A flyweight, reused for every event: valid only
 * during the callback it is passed to. Not thread safe.
 */
public interface EventContext
{
    /**
     * @return the event's sequence: dense from 1, the same in the ring, the journal, snapshots and replays.
     */
    long sequence();

    /**
     * @return the event time in nanoseconds, stamped once at ingress (or given by the producer) and journaled.
     */
    long timestamp();

    /**
     * @return the application-defined event type.
     */
    int type();

    /**
     * @return a read-only view of the payload: valid bytes are {@code [payloadOffset(), payloadOffset()+length())}.
     */
    DirectBuffer buffer();

    /**
     * @return the offset of the payload in {@link #buffer()}.
     */
    int payloadOffset();

    /**
     * @return the payload length in bytes.
     */
    int length();

    /**
     * @return true while the engine is replaying the journal during recovery, false when live.
     */
    boolean isReplay();

    /**
     * @return the name this processor was registered under.
     */
    String processorName();

    /**
     * Emit an output to the sinks. The output carries this event's sequence as its cause. Blocks (with the engine's
     * wait strategy) while the output ring is full: a slow sink back-pressures the pipeline instead of losing data.
     * During replay, outputs a sink already received before the crash are not delivered to it again.
     *
     * @param type   application-defined output type.
     * @param buffer holding the output payload.
     * @param offset of the payload in {@code buffer}.
     * @param length of the payload, at most the engine's max event length.
     * @throws IllegalArgumentException if {@code length} exceeds the max event length.
     */
    void emit(int type, DirectBuffer buffer, int offset, int length);

    /**
     * Schedule (or reschedule) a timer at an event-time deadline. When an event with timestamp at or after the
     * deadline has been processed, the engine publishes a timer event into the input ring; it is journaled and then
     * delivered to {@link Processor#onTimer(long, long, EventContext)} on this processor.
     *
     * @param timerId  the processor's id for this timer; scheduling an existing id replaces it.
     * @param deadline event time in nanoseconds.
     */
    void scheduleTimer(long timerId, long deadline);

    /**
     * Cancel a timer.
     *
     * @param timerId the id given when scheduling.
     * @return true if a pending timer was cancelled.
     */
    boolean cancelTimer(long timerId);

    /**
     * A deterministic pseudo-random number derived from the event's sequence and {@code salt}: the same on replay.
     *
     * @param salt lets a processor draw several independent numbers for one event.
     * @return 64 pseudo-random bits.
     */
    long random(long salt);
}
