package io.ferrite.engine;

/**
 * Told about failures inside the engine's threads. Called on the failing thread; must not block for long and must
 * not throw.
 */
@FunctionalInterface
public interface ErrorHandler
{
    /**
     * A processor or sink threw.
     *
     * @param cause     what it threw.
     * @param sequence  the input sequence being handled.
     * @param component the name of the processor or sink (sinks are named {@code sink:NAME}, the journaller
     *                  {@code journaller}).
     */
    void onError(Throwable cause, long sequence, String component);
}
