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

    Throwable faultCause()
    {
        return faultCause;
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
