package io.ferrite.engine.processor;

import org.agrona.MutableDirectBuffer;

/**
 * An event being written by a producer or a workload generator: set type, timestamp and payload, then the owner
 * publishes it. Writes go straight into a preallocated slot; nothing is allocated.
 */
public interface MutableEvent
{
    /**
     * @return the sequence this event will have in the journal.
     */
    long sequence();

    /**
     * @param type application-defined event type.
     */
    void type(int type);

    /**
     * Override the ingress timestamp that the engine's clock would give. Deterministic workloads set it so a resumed
     * run journals exactly what an uninterrupted run would.
     *
     * @param timestamp event time in nanoseconds.
     */
    void timestamp(long timestamp);

    /**
     * @return the buffer to write the payload into, from offset {@link #payloadOffset()}, at most
     * {@link #maxLength()} bytes.
     */
    MutableDirectBuffer buffer();

    /**
     * @return where the payload starts in {@link #buffer()}.
     */
    int payloadOffset();

    /**
     * @return the largest payload this event can carry.
     */
    int maxLength();

    /**
     * @param length the payload length written.
     * @throws IllegalArgumentException if negative or above {@link #maxLength()}.
     */
    void length(int length);
}
