package io.ferrite.engine;

import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Shared setup for engine tests: non-spinning wait strategies (the machine has 2 cores) and a publishing helper.
 */
final class EngineTestSupport
{
    static final Duration STOP = Duration.ofSeconds(20);

    private EngineTestSupport()
    {
    }

    static EngineBuilder builder(final Path dir, final Pipeline pipeline)
    {
        return Engine.builder()
            .dataDirectory(dir)
            .pipeline(pipeline)
            .ringSize(1024)
            .waitStrategy(WaitStrategyType.SLEEPING)
            .minFreeSpaceBytes(0);
    }

    /** Event i's payload value: a pure function of i, so restarted runs publish the same input. */
    static long valueOf(final long sequence)
    {
        return Digests.splitMix64(sequence) & 0xFFFF;
    }

    /** Publish sequences from the engine's next one up to {@code last}, each with valueOf(sequence). */
    static void publishUpTo(final Engine engine, final long last)
    {
        final EventClaim claim = new EventClaim();
        while (engine.lastPublishedSequence() < last)
        {
            engine.claim(claim);
            claim.type(1);
            claim.timestamp(claim.sequence() * 1_000L);
            claim.buffer().putLong(0, valueOf(claim.sequence()));
            claim.length(8);
            claim.commit();
        }
    }

    /** The digest a SummingProcessor reaches after events 1..n, computed without any engine. */
    static long referenceDigest(final long n)
    {
        final SummingProcessor p = new SummingProcessor(false);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        final TestContext ctx = new TestContext(payload);
        for (long s = 1; s <= n; s++)
        {
            payload.putLong(0, valueOf(s));
            ctx.sequence = s;
            p.onEvent(ctx);
        }
        return p.stateDigest();
    }

    /** A minimal context for calling processors directly. */
    static final class TestContext implements EventContext
    {
        long sequence;
        private final UnsafeBuffer payload;

        TestContext(final UnsafeBuffer payload)
        {
            this.payload = payload;
        }

        public long sequence()
        {
            return sequence;
        }

        public long timestamp()
        {
            return sequence * 1_000L;
        }

        public int type()
        {
            return 1;
        }

        public UnsafeBuffer buffer()
        {
            return payload;
        }

        public int payloadOffset()
        {
            return 0;
        }

        public int length()
        {
            return 8;
        }

        public boolean isReplay()
        {
            return false;
        }

        public String processorName()
        {
            return "reference";
        }

        public void emit(final int type, final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
        }

        public void scheduleTimer(final long timerId, final long deadline)
        {
        }

        public boolean cancelTimer(final long timerId)
        {
            return false;
        }

        public long random(final long salt)
        {
            return Digests.splitMix64(Digests.mix(sequence, salt));
        }
    }
}
