package io.ferrite.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

abstract class PaddedCounterLhsPadding
{
    // 56 bytes before the value, so no field of a neighbouring object shares its cache line.
    private long p01, p02, p03, p04, p05, p06, p07;
}

abstract class PaddedCounterValue extends PaddedCounterLhsPadding
{
    /** The counter; written through {@code PaddedCounter.VALUE} with release semantics. */
    protected volatile long value;
}

abstract class PaddedCounterRhsPadding extends PaddedCounterValue
{
    // 56 bytes after the value, for the same reason.
    private long p11, p12, p13, p14, p15, p16, p17;
}

/**
 * A counter written by one thread and read by others, alone on its cache line(s) so that the writer's stores do not
 * invalidate a neighbouring field another thread is using (false sharing). The padding class chain keeps the JVM
 * from reordering the padding away, the way the Disruptor's {@code Sequence} does.
 * <p>
 * Threading: one writer ({@link #setRelease(long)}), any number of readers. No allocation.
 */
public final class PaddedCounter extends PaddedCounterRhsPadding
{
    private static final VarHandle VALUE;

    static
    {
        try
        {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedCounterValue.class, "value", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * Publish a new value. A release store: everything the writer did before is visible to a reader that sees it.
     *
     * @param newValue the new value.
     */
    public void setRelease(final long newValue)
    {
        VALUE.setRelease(this, newValue);
    }

    /**
     * @return the current value (a volatile read).
     */
    public long get()
    {
        return value;
    }
}
