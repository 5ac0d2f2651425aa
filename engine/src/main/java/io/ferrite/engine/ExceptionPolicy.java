package io.ferrite.engine;

/**
 * What the engine does when a processor throws from a callback.
 */
public enum ExceptionPolicy
{
    /**
     * Stop: the failing processor processes nothing after the failing sequence, the engine refuses new publishes,
     * the journal is kept. A restart recovers by replaying the journal (and fails the same way if the failure is
     * deterministic, until the processor is fixed). The default.
     */
    HALT,

    /**
     * Report the failure to the {@link ErrorHandler} and carry on with the next event. Replay skips the same event in
     * the same way, provided the exception is deterministic (a function of state and event).
     */
    SKIP
}
