package io.ferrite.engine;

/**
 * How many threads publish into the input ring.
 */
public enum ProducerType
{
    /** Exactly one thread publishes. Fastest. Processors cannot schedule timers (they would be a second producer). */
    SINGLE,
    /** Any number of threads publish; also required for processor timers. */
    MULTI
}
