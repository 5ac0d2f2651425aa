package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.JournalFlusher;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.file.Path;

/**
 * The group commit of {@link FlushPolicy#BATCH} off the pipeline's thread: the {@link JournallerAgent} appends and
 * publishes batches without forcing them; this agent, on a thread of its own, repeatedly forces everything appended so
 * far ({@link JournalFlusher#flush()}) and only then advances the sequence the first stage polls. Processors therefore
 * still see only durable events, while the journaller appends (and, in a shared thread, the processors process) the
 * next batch during the force; whatever was appended meanwhile rides on the next force.
 * <p>
 * The thread spends its time blocked in {@code fdatasync} or idling (it backs off to parking when there is nothing to
 * force), so it does not take a core from the busy threads.
 * <p>
 * A failed force is final: the error names the segment file and the sequences not made durable, the engine fails, and
 * the released sequence never moves again. On a clean stop the last duty cycle ({@link #onClose()}) forces what was
 * appended and releases it.
 */
final class FlusherAgent implements Agent
{
    static final String NAME = "flusher";

    private final InputRing ring;
    private final JournalFlusher flusher;
    private final Sequence journaled;
    private final EngineState state;
    private final ErrorHandler errorHandler;
    private final AtomicCounter journaledCounter;
    private final Path journalDirectory;
    private volatile boolean failed;
    private volatile Thread thread;

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
            return 0;
        }
        return release(durable);
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

    /** @return true once a force failed: nothing after the released sequence will ever be released. */
    boolean hasFailed()
    {
        return failed;
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
