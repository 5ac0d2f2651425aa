package io.ferrite.engine.processor;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.util.Objects;

/**
 * A named counter a processor keeps about its own domain (trades matched, orders rejected for a reason, decisions by
 * outcome), for dashboards and metrics. A processor creates its counters when it is constructed and lists them in
 * {@link Processor#domainCounters()}; the engine then places each one in its counters file
 * ({@code DIR/counters.dat}, label {@code domain: PROCESSOR: NAME}) where another process reads it live.
 * <p>
 * <b>Threading:</b> only the processor's own thread may call {@link #increment()} and {@link #add(long)} (single
 * writer); the value is published with a release store, so readers in other processes see it without a lock.
 * <p>
 * <b>Allocation:</b> none after construction; no locks, no boxing. Before an engine places it (a processor used by a
 * replay tool or a unit test) the counter still counts, in memory only.
 * <p>
 * <b>Note:</b> a domain counter is observation, not state: it is not in snapshots or digests and restarts from zero
 * on every start (counting replayed events as well as live ones, like the engine's own counters).
 */
public final class DomainCounter
{
    private final String name;
    private AtomicCounter counter;
    private long value;

    /**
     * @param name what it counts, shown as is on dashboards, e.g. {@code trades} or {@code rejects: NO_LIQUIDITY}.
     * @throws IllegalArgumentException if the name is blank or longer than 200 characters.
     */
    public DomainCounter(final String name)
    {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200)
        {
            throw new IllegalArgumentException("domain counter name must be 1 to 200 characters, was '" + name + "'");
        }
        this.name = name;
        this.counter = new AtomicCounter(new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH]), 0);
    }

    /**
     * @return the name given at construction.
     */
    public String name()
    {
        return name;
    }

    /**
     * Add one. Processor thread only.
     */
    public void increment()
    {
        counter.setRelease(++value);
    }

    /**
     * @param delta added to the count. Processor thread only.
     */
    public void add(final long delta)
    {
        value += delta;
        counter.setRelease(value);
    }

    /**
     * @return the count, as the processor's own thread sees it.
     */
    public long get()
    {
        return value;
    }

    /**
     * Move the counter into the engine's counters file. <b>For the engine only</b>: it calls this at start, before
     * the processor's thread runs; a processor never does.
     *
     * @param placed the counter allocated for it in the counters file.
     */
    public void place(final AtomicCounter placed)
    {
        value = 0;
        placed.setRelease(0);
        counter = placed;
    }
}
