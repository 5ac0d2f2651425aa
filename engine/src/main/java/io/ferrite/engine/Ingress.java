package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;

/**
 * The producers' side of the input ring: claims, copies, timestamps and publishes events, and waits for space with
 * the engine's idle strategy (in an INVOKER engine, on the invoking thread, by running the engine instead). Safe from
 * one producer thread with {@link ProducerType#SINGLE}, from any number with {@link ProducerType#MULTI}.
 * <p>
 * A publish that races {@link Engine#stop}: the event went into the ring after the engine stopped taking input. It
 * is reported as accepted only if the journaller took it (a restart replays it), otherwise refused.
 */
final class Ingress
{
    private final InputRing ring;
    private final EngineState state;
    private final EpochNanoClock clock;
    private final int maxEventLength;
    private final long latencyMask;
    /** What a publish racing stop() waits on: the journaller's progress, or the first stage's without a journal. */
    private final Sequence acceptedGate;
    private final JournallerAgent journaller;
    private final AgentThreads threads;
    /** Each producer thread's own idle strategy (they hold state), created on its first wait, reused after. */
    private final ThreadLocal<IdleStrategy> idle;
    private volatile boolean pipelineStopped;

    Ingress(
        final EngineConfiguration config,
        final EngineState state,
        final Topology topology,
        final AgentThreads threads)
    {
        this.ring = topology.ring;
        this.state = state;
        this.clock = config.clock;
        this.maxEventLength = config.maxEventLength;
        this.latencyMask = config.latencySampleEvery == 0 ? -1 : config.latencySampleEvery - 1;
        this.journaller = topology.journaller;
        this.acceptedGate = null == topology.journaller ?
            topology.processors[0].progress() : topology.journaller.progress();
        this.threads = threads;
        this.idle = ThreadLocal.withInitial(config.waitStrategy::newIdleStrategy);
    }

    /** From here on a producer that raced stop() can tell whether its event made it into the journal. */
    void pipelineStopped()
    {
        pipelineStopped = true;
    }

    boolean tryClaim(final EventClaim claim)
    {
        if (!state.running)
        {
            throw state.notRunning();
        }
        if (claim.isClaimed())
        {
            throw new IllegalStateException("the claim still holds sequence " + claim.sequence() +
                ": commit() or abort() it first");
        }
        final long r = ring.tryNext();
        if (r == InputRing.FULL)
        {
            return false;
        }
        claim.wrap(this, ring.slot(r), r);
        return true;
    }

    void claim(final EventClaim claim)
    {
        int attempt = 0;
        while (!tryClaim(claim))
        {
            waitForSpace(attempt++);
        }
        idleReset(attempt);
    }

    boolean tryPublish(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        checkEvent(type, length);
        if (!state.running)
        {
            throw state.notRunning();
        }
        final long r = ring.tryNext();
        if (r == InputRing.FULL)
        {
            return false;
        }
        final InputSlot slot = ring.slot(r);
        try
        {
            slot.type = type;
            slot.length = length;
            slot.snapshotAfter = false;
            slot.buffer.putBytes(0, buffer, offset, length);
            slot.timestamp = clock.nanoTime();
            stampIfSampled(slot, r);
        }
        finally
        {
            ring.publish(r);
        }
        if (!state.running)
        {
            awaitJournaledOrRefuse(r);
        }
        return true;
    }

    void publish(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        int attempt = 0;
        while (!tryPublish(type, buffer, offset, length))
        {
            waitForSpace(attempt++);
        }
        idleReset(attempt);
    }

    void claimBatch(final int count, final EventBatchClaim batch)
    {
        if (count < 1 || count > ring.size())
        {
            throw new IllegalArgumentException("batch size must be in [1, " + ring.size() + "], was " + count);
        }
        if (batch.isClaimed())
        {
            throw new IllegalStateException("the batch claim still holds slots: commit() it first");
        }
        int attempt = 0;
        while (true)
        {
            if (!state.running)
            {
                throw state.notRunning();
            }
            final long hi = ring.tryNext(count);
            if (hi != InputRing.FULL)
            {
                batch.wrap(this, ring, hi - count + 1, hi);
                idleReset(attempt);
                return;
            }
            waitForSpace(attempt++);
        }
    }

    void commit(final InputSlot slot, final long r, final boolean timestampSet)
    {
        if (!timestampSet)
        {
            slot.timestamp = clock.nanoTime();
        }
        stampIfSampled(slot, r);
        ring.publish(r);
        if (!state.running)
        {
            awaitJournaledOrRefuse(r);
        }
    }

    void commitBatch(final long lo, final long hi)
    {
        for (long r = lo; r <= hi; r++)
        {
            stampIfSampled(ring.slot(r), r);
        }
        ring.publish(lo, hi);
        if (!state.running)
        {
            awaitJournaledOrRefuse(hi);
        }
    }

    long clockNanos()
    {
        return clock.nanoTime();
    }

    /** @return the journal sequence of the last claimed input event (0 if none). */
    long lastClaimedSequence()
    {
        return ring.sequenceOf(ring.cursor());
    }

    private void checkEvent(final int type, final int length)
    {
        if (length < 0 || length > maxEventLength)
        {
            throw new IllegalArgumentException(
                "payload length " + length + " outside [0, " + maxEventLength + "] (maxEventLength)");
        }
        if (EventTypes.isReserved(type))
        {
            throw new IllegalArgumentException("event type " + type + " is reserved for the engine: use types >= 0");
        }
    }

    /** Take the ingress time of the events whose latency is sampled; the rest pay no clock read. */
    private void stampIfSampled(final InputSlot slot, final long r)
    {
        if ((r & latencyMask) == 0)
        {
            slot.publishNanos = System.nanoTime();
        }
    }

    private void awaitJournaledOrRefuse(final long r)
    {
        int attempt = 0;
        while (acceptedGate.get() < r)
        {
            if (pipelineStopped || state.phase() == EngineState.Phase.FAILED ||
                (null != journaller && journaller.hasFailed()))
            {
                throw new IllegalStateException("engine stopped before sequence " + ring.sequenceOf(r) +
                    " was journaled: the event was not accepted");
            }
            waitForSpace(attempt++);
        }
        idleReset(attempt);
    }

    /**
     * The ring is full (or a racing stop is draining). On an INVOKER engine's own thread nobody else will make room,
     * so run a duty cycle; anywhere else idle with the engine's strategy.
     */
    private void waitForSpace(final int attempt)
    {
        if (threads.isInvokingThread())
        {
            if (threads.invoke() > 0)
            {
                return;
            }
        }
        idle.get().idle();
    }

    private void idleReset(final int attempts)
    {
        if (attempts > 0)
        {
            idle.get().reset();
        }
    }
}
