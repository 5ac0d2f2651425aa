package io.ferrite.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * How engine threads wait for work, and how a blocked producer waits for space.
 * <p>
 * <b>Note:</b> a busy-spinning thread owns a whole core. With more spinning threads than free cores throughput
 * collapses by an order of magnitude; use {@link #BUSY_SPIN} only with one isolated core per engine thread.
 */
public enum WaitStrategyType
{
    /** Spin on the sequence: lowest latency, one whole core per thread. Production with isolated cores only. */
    BUSY_SPIN,
    /** Spin briefly, then {@code Thread.yield()}: low latency, burns idle CPU but shares a core politely. */
    YIELDING,
    /** Spin, yield, then park briefly: the safe default on shared or small machines. */
    SLEEPING,
    /** Park on a lock/condition until signalled: least CPU, highest and most variable latency. */
    BLOCKING;

    WaitStrategy newWaitStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BLOCKING:
                return new BlockingWaitStrategy();
            case SLEEPING:
            default:
                return new SleepingWaitStrategy();
        }
    }

    /**
     * @return an idle strategy of the same temperament, for a producer waiting on a full ring. Stateful: one per
     * waiting thread.
     */
    IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELDING:
                return new YieldingIdleStrategy();
            case BLOCKING:
                return new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(1));
            case SLEEPING:
            default:
                return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        }
    }
}
