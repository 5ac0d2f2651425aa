package io.ferrite.engine;

/**
 * Lifecycle state shared by the engine's threads. Transitions are published with volatile writes; the hot path reads
 * {@link #running} only (one volatile load).
 */
final class EngineState
{
    enum Phase
    {
        NEW, RECOVERING, RUNNING, STOPPING, STOPPED, HALTED, FAILED, CLOSED
    }

    private volatile Phase phase = Phase.NEW;
    volatile boolean running;
    /**
     * Under {@link ExceptionPolicy#HALT}, the sequence that failed: no processor handles it or anything after it
     * (processors already past it in a parallel stage keep what they did; it is all journaled and replays).
     */
    volatile long haltSequence = Long.MAX_VALUE;
    private volatile long faultSequence;
    private volatile String faultComponent;
    private volatile Throwable faultCause;

    Phase phase()
    {
        return phase;
    }

    synchronized void phase(final Phase phase)
    {
        this.phase = phase;
        this.running = phase == Phase.RUNNING;
    }

    /**
     * Move from RUNNING to STOPPING atomically, so that a fault landing at the same moment is not overwritten.
     *
     * @return the phase found.
     */
    synchronized Phase beginStop()
    {
        final Phase found = phase;
        if (found == Phase.RUNNING)
        {
            phase = Phase.STOPPING;
            running = false;
        }
        return found;
    }

    /** Record the HALT point before anything downstream can reach it. */
    synchronized void halt(final long sequence, final String component, final Throwable cause)
    {
        if (sequence < haltSequence)
        {
            haltSequence = sequence;
        }
        fault(Phase.HALTED, sequence, component, cause);
    }

    /** A processor halted under {@link ExceptionPolicy#HALT}, or the journal failed: stop accepting input. */
    synchronized void fault(final Phase phase, final long sequence, final String component, final Throwable cause)
    {
        if (faultCause == null)
        {
            faultSequence = sequence;
            faultComponent = component;
            faultCause = cause;
        }
        if (this.phase == Phase.RUNNING || this.phase == Phase.STOPPING || this.phase == Phase.RECOVERING)
        {
            this.phase = phase;
            this.running = false;
        }
    }

    boolean faulted()
    {
        return faultCause != null;
    }

    String describeFault()
    {
        return faultCause == null ? "none" :
            "'" + faultComponent + "' failed at sequence " + faultSequence + ": " + faultCause;
    }

    IllegalStateException notRunning()
    {
        final Phase p = phase;
        if (faultCause != null)
        {
            return new IllegalStateException("engine is " + p + ": " + describeFault(), faultCause);
        }
        return new IllegalStateException("engine is " + p + ", not RUNNING: cannot publish");
    }
}
