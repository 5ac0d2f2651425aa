package io.ferrite.engine.processor;

/**
 * Generates a deterministic workload: event {@code i} is a pure function of (seed, i), including its timestamp, so a
 * run resumed at sequence L+1 produces exactly what an uninterrupted run would. Not thread safe; no allocation per
 * event.
 */
@FunctionalInterface
public interface EventGenerator
{
    /**
     * Write event number {@code event.sequence()} (from 1) into {@code event}: type, timestamp and payload.
     *
     * @param event the event to fill.
     */
    void generate(MutableEvent event);
}
