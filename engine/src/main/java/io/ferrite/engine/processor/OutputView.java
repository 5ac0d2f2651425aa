package io.ferrite.engine.processor;

import org.agrona.DirectBuffer;

/**
 * An output as a sink sees it. A flyweight over an output-ring slot: valid only during {@link Sink#onOutput}.
 */
public interface OutputView
{
    /**
     * @return the sequence of the input event that caused this output.
     */
    long inputSequence();

    /**
     * @return the position of this output among those the same processor emitted for the same input, from 0.
     * Together with {@link #inputSequence()} and {@link #processorName()} it identifies an output across recoveries.
     */
    int ordinal();

    /**
     * @return the name of the processor that emitted it.
     */
    String processorName();

    /**
     * @return the timestamp of the causing input event.
     */
    long timestamp();

    /**
     * @return the application-defined output type.
     */
    int type();

    /**
     * @return a view of the payload: valid bytes are {@code [payloadOffset(), payloadOffset()+length())}.
     */
    DirectBuffer buffer();

    /**
     * @return the offset of the payload in {@link #buffer()}.
     */
    int payloadOffset();

    /**
     * @return the payload length.
     */
    int length();

    /**
     * @return true if it was emitted during recovery replay (and the sink had not confirmed it before the crash).
     */
    boolean isReplay();
}
