package io.ferrite.bench.engine;

import java.nio.file.Path;

import org.agrona.DirectBuffer;

import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EngineBuilder;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.WaitStrategyType;
import io.ferrite.journal.FlushPolicy;

/**
 * How the benchmarks build and feed a Ferrite engine, kept in one place so every Ferrite benchmark configures it
 * the same way: the benchmark's ring size and payload size, digests off unless a benchmark wants them, the wait
 * strategy of the benchmark parameter.
 */
public final class FerriteEngines
{
    /** The application event type the benchmarks publish. */
    public static final int EVENT_TYPE = 1;

    private FerriteEngines()
    {
    }

    /**
     * @param directory  the engine's data directory.
     * @param ringSize   input (and output) ring size.
     * @param maxPayload the largest payload (at least the engine's minimum, for timer events).
     * @param waitKind   the stages' wait strategy.
     * @param flush      "NONE", "BATCH" or "EVERY".
     * @param pipeline   the stages.
     * @return a builder with those settings; add sinks or snapshot settings, then build.
     */
    public static EngineBuilder builder(
        final Path directory, final int ringSize, final int maxPayload, final WaitKind waitKind, final String flush,
        final Pipeline pipeline)
    {
        return Engine.builder()
            .dataDirectory(directory)
            .ringSize(ringSize)
            .maxEventLength(Math.max(maxPayload, 64))
            .waitStrategy(waitStrategy(waitKind))
            .flushPolicy(flushPolicy(flush))
            .digestEvery(0)
            .pipeline(pipeline);
    }

    /**
     * Publish one event through the claim API: claim a slot, copy the payload in, set the per-event value and the
     * timestamp, commit. Blocks while the ring is full.
     *
     * @param engine    the running engine.
     * @param claim     the producer's reusable claim.
     * @param timestamp the event's timestamp, also written over the payload's first 8 bytes.
     * @param payload   the payload template.
     * @param length    payload length.
     * @return the event's sequence.
     */
    public static long publish(
        final Engine engine, final EventClaim claim, final long timestamp, final DirectBuffer payload, final int length)
    {
        engine.claim(claim);
        final long sequence = claim.sequence();
        try
        {
            claim.type(EVENT_TYPE);
            claim.timestamp(timestamp);
            claim.buffer().putBytes(claim.payloadOffset(), payload, 0, length);
            claim.buffer().putLong(claim.payloadOffset() + Payloads.VALUE_OFFSET, timestamp);
            claim.length(length);
        }
        finally
        {
            // Commit even if filling failed: a claimed slot that is never committed stalls the engine.
            claim.commit();
        }
        return sequence;
    }

    /**
     * @param threading a benchmark threading parameter: "shared", "dedicated" or "invoker".
     * @return the engine's threading mode.
     */
    public static ThreadingMode threading(final String threading)
    {
        return ThreadingMode.valueOf(threading.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * @param waitKind a benchmark wait parameter.
     * @return Ferrite's wait strategy of the same kind.
     */
    public static WaitStrategyType waitStrategy(final WaitKind waitKind)
    {
        return WaitStrategyType.valueOf(waitKind.name());
    }

    /**
     * @param flush "NONE", "BATCH" or "EVERY".
     * @return the flush policy.
     * @throws IllegalArgumentException naming the valid values.
     */
    public static FlushPolicy flushPolicy(final String flush)
    {
        try
        {
            return FlushPolicy.valueOf(flush);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("flush must be NONE, BATCH or EVERY, was " + flush, ex);
        }
    }
}
