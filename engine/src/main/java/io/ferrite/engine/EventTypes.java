package io.ferrite.engine;

/**
 * Event types the engine reserves for itself. Application types are {@code >= 0}; negative types are the engine's.
 */
public final class EventTypes
{
    /** A processor timer fell due. Payload: {@link #TIMER_LENGTH} bytes, see the offsets below. */
    public static final int TIMER = -1;
    /** An aborted claim: journaled to keep sequences dense, skipped by processors. Empty payload. */
    public static final int NOOP = -2;

    /** Offset of the index (pipeline order) of the processor that owns the timer. */
    public static final int TIMER_PROCESSOR_OFFSET = 0;
    /** Offset of the timer id. */
    public static final int TIMER_ID_OFFSET = 8;
    /** Offset of the timer deadline. */
    public static final int TIMER_DEADLINE_OFFSET = 16;
    /** Payload length of a timer event. */
    public static final int TIMER_LENGTH = 24;

    private EventTypes()
    {
    }

    /**
     * @param type an event type.
     * @return true if the engine reserves it.
     */
    public static boolean isReserved(final int type)
    {
        return type < 0;
    }
}
