package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalFlusher;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The group commit of {@link FlushPolicy#BATCH} off the pipeline's thread: the {@link JournallerAgent} appends and
 * publishes batches without forcing them; this agent, on a thread of its own, repeatedly forces everything appended so
 * far ({@link JournalFlusher#flush()}) and only then advances the sequence the first stage polls. Processors therefore
 * still see only durable events, while the journaller appends (and, in a shared thread, the processors process) the
 * next batch during the force; whatever was appended meanwhile rides on the next force.
 * <p>
 * The thread spends its time blocked in {@code fdatasync} or idling (it backs off to parking when there is nothing to
 * force), so it does not take a core from the busy threads. It does not wait for its back-off to end before forcing a
 * batch appended while it idles: it raises a flag when it finds nothing to force, and the journaller, after publishing
 * a batch, unparks it if (and only if) the flag is up ({@link #wakeIfIdle()}): one fence and one volatile load per
 * batch on the journaller's side, an unpark only when this thread was idle, no allocation.
 * <p>
 * A failed force is final: the error names the segment file and the sequences not made durable, the engine fails, and
 * the released sequence never moves again. On a clean stop the last duty cycle ({@link #onClose()}) forces what was
 * appended and releases it.
 */
final class FlusherAgent implements Agent
{
    static final String NAME = "flusher";
    private static final VarHandle IDLE;

    static
    {
        try
        {
            IDLE = MethodHandles.lookup().findVarHandle(FlusherAgent.class, "idle", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final InputRing ring;
    private final JournalFlusher flusher;
    private final Sequence journaled;
    private final EngineState state;
    private final ErrorHandler errorHandler;
    private final AtomicCounter journaledCounter;
    private final Path journalDirectory;
    private volatile boolean failed;
    private volatile Thread thread;
    /** Up while this agent found nothing to force and idles; lowered by whichever side sees work first. */
    @SuppressWarnings("unused") // also accessed through IDLE
    private volatile boolean idle;
    /** Written by the journaller's thread only. */
    private volatile long wakeUps;

    FlusherAgent(
        final InputRing ring,
        final JournalFlusher flusher,
        final Sequence journaled,
        final EngineState state,
        final ErrorHandler errorHandler,
        final AtomicCounter journaledCounter,
        final Path journalDirectory)
    {
        this.journalDirectory = journalDirectory;
        this.ring = ring;
        this.flusher = flusher;
        this.journaled = journaled;
        this.state = state;
        this.errorHandler = errorHandler;
        this.journaledCounter = journaledCounter;
    }

    public String roleName()
    {
        return NAME;
    }

    public void onStart()
    {
        thread = Thread.currentThread();
    }

    public int doWork()
    {
        if (failed)
        {
            return 0;
        }
        final long durable = flusher.durableSequence();
        if (flusher.appendedSequence() <= durable)
        {
            return idle(durable);
        }
        if (idle)
        {
            idle = false;
        }
        return release(durable);
    }

    /**
     * Journaller's thread, after it published a batch: if this agent idles, unpark it so that it forces the batch now
     * rather than at the end of its back-off. Nothing happens (but a fence and a load) while it forces or polls.
     */
    void wakeIfIdle()
    {
        // The batch's publication (JournalFlusher.appended) before the look at the flag; pairs with idle(long).
        VarHandle.fullFence();
        if (idle && IDLE.compareAndSet(this, true, false))
        {
            final Thread thread = this.thread;
            if (null != thread)
            {
                wakeUps++;
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Last cycle, on the agent's thread: what the journaller appended is forced and released before the journal
     * closes. A flusher whose thread ends while the engine still runs (interrupted) fails the engine: nothing appended
     * after this could ever reach a processor.
     */
    public void onClose()
    {
        if (!failed)
        {
            release(flusher.durableSequence());
        }
        if (!failed && state.running)
        {
            failed = true;
            final long sequence = flusher.durableSequence() + 1;
            final FerriteException ex = new FerriteException("the flusher of journal " + journalDirectory +
                " stopped while the engine was running (its thread was interrupted): sequence " + sequence +
                " and later are not durable and will not be processed");
            errorHandler.onError(ex, sequence, NAME);
            state.fault(EngineState.Phase.FAILED, sequence, NAME, ex);
        }
    }

    /** @return the journal's flusher; for tests. */
    JournalFlusher journalFlusher()
    {
        return flusher;
    }

    /** @return the thread running this agent once it started, else null; for tests. */
    Thread thread()
    {
        return thread;
    }

    /** @return true while this agent idles with nothing to force; for tests. */
    boolean isIdle()
    {
        return idle;
    }

    /** @return how many times the journaller unparked this agent from idling; for tests. */
    long wakeUps()
    {
        return wakeUps;
    }

    /** @return true once a force failed: nothing after the released sequence will ever be released. */
    boolean hasFailed()
    {
        return failed;
    }

    /**
     * Nothing to force: raise the idle flag (once per idle spell), then look at the appended position once more. A
     * batch the journaller publishes after that look finds the flag up and wakes this thread; one it published before
     * is found by the look (each side stores, fences, then loads what the other stored).
     */
    private int idle(final long durable)
    {
        if (!idle)
        {
            idle = true;
            VarHandle.fullFence();
            if (flusher.appendedSequence() > durable)
            {
                idle = false;
                return release(durable);
            }
        }
        return 0;
    }

    private int release(final long durableBefore)
    {
        final long durable;
        try
        {
            durable = flusher.flush();
        }
        catch (final Throwable ex)
        {
            failed = true;
            final long sequence = durableBefore + 1;
            errorHandler.onError(ex, sequence, NAME);
            state.fault(EngineState.Phase.FAILED, sequence, NAME, ex);
            return 1;
        }
        if (durable == durableBefore)
        {
            return 0;
        }
        // The ring position of a journal sequence: the ring continues the journal from its tail (ring.base()).
        journaled.set(durable - ring.base() - 1);
        journaledCounter.setRelease(durable);
        return 1;
    }
}
