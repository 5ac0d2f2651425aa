package io.ferrite.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How a consumer thread waits for the next event, named as the benchmarks' {@code waitStrategy} parameter.
 * <p>
 * <b>Note:</b> on a machine with fewer cores than threads, busy-spinning threads steal each other's time slices and
 * throughput collapses 10-20x (measured on the 2-core machines this project is developed on). {@link #BUSY_SPIN} is
 * therefore refused by {@link #checkCores(int, String)} whenever the spinning threads outnumber the cores.
 */
public enum WaitKind
{
    /** Spin without yielding: lowest latency, needs a core per spinning thread. */
    BUSY_SPIN("busy-spin"),
    /** Spin a little, then {@code Thread.yield()}: the benchmarks' default, safe on 2 cores. */
    YIELDING("yielding"),
    /** Spin, yield, then park for short periods: lower CPU use, higher latency. */
    SLEEPING("sleeping"),
    /** Lock and condition: lowest CPU use, highest latency. */
    BLOCKING("blocking");

    private final String paramName;

    WaitKind(final String paramName)
    {
        this.paramName = paramName;
    }

    /**
     * @return the name used in benchmark parameters and on command lines.
     */
    public String paramName()
    {
        return paramName;
    }

    /**
     * @param name a {@link #paramName()}, e.g. "yielding".
     * @return the wait kind.
     * @throws IllegalArgumentException naming the valid values if {@code name} is not one.
     */
    public static WaitKind parse(final String name)
    {
        for (final WaitKind kind : values())
        {
            if (kind.paramName.equals(name))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException(
            "unknown wait strategy '" + name + "', expected one of busy-spin, yielding, sleeping, blocking");
    }

    /**
     * @return a new Disruptor wait strategy of this kind (one per ring: some strategies hold a lock).
     */
    public WaitStrategy newDisruptorStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case BLOCKING:
                return new BlockingWaitStrategy();
            default:
                throw new IllegalStateException("unhandled wait kind " + this);
        }
    }

    /**
     * Refuse a configuration that would run more busy-spinning threads than the machine has cores.
     *
     * @param spinningThreads threads that would spin with this wait kind (consumers plus a producer that never waits).
     * @param shape           the benchmark or pipeline, named in the error.
     * @throws IllegalStateException if this is {@link #BUSY_SPIN} and there are more spinning threads than cores.
     */
    public void checkCores(final int spinningThreads, final String shape)
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        if (this == BUSY_SPIN && spinningThreads > cores)
        {
            throw new IllegalStateException(shape + " with busy-spin needs " + spinningThreads +
                " spinning threads but this machine has " + cores +
                " cores; that measures the scheduler, not the pipeline. Use yielding or sleeping, or more cores.");
        }
    }
}
