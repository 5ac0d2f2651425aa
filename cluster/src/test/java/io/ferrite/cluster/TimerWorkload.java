package io.ferrite.cluster;

import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.engine.processor.Workload;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A workload whose processors live on timers, for the cluster's timer and egress tests. Event {@code n} has key
 * {@code 7n mod 13} and event time {@code 1000 n}, plus a gap of 20,000 every 50 events.
 * <ul>
 *   <li>Stage 1, {@value #SESSIONS}: per key, an idle timer 15,000 after the key's last event (each key recurs every
 *   13,000, so it fires only across a gap); when it fires, a heartbeat timer every 3,000 of event time, two beats in
 *   a row. A gap makes several keys idle at once and the beats due at once: each beat schedules the next one,
 *   already due: cascades.</li>
 *   <li>Stage 2, {@value #AUDITOR}: every fifth event schedules a one-shot timer 2,500 later, so two processors have
 *   timers due at the same time.</li>
 * </ul>
 * Every event and every timer emits an output (16 bytes: key or id, and a count).
 */
public final class TimerWorkload implements Workload
{
    /** The name the tests pass to {@code --workload}. */
    public static final String NAME = "test-timers";
    /** Stage 1. */
    public static final String SESSIONS = "sessions";
    /** Stage 2. */
    public static final String AUDITOR = "auditor";

    static final int KEYS = 13;
    static final int OUTPUT_EVENT = 10;
    static final int OUTPUT_IDLE = 11;
    static final int OUTPUT_BEAT = 12;
    static final int OUTPUT_AUDIT = 20;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "test workload: processors that schedule event-time timers (cascading ones included)";
    }

    @Override
    public int maxEventLength()
    {
        return 64;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder().stage(SESSIONS, new Sessions()).stage(AUDITOR, new Auditor()).build();
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return event ->
        {
            final long n = event.sequence();
            event.type(1);
            event.timestamp(1_000 * n + 20_000 * (n / 50));
            event.buffer().putLong(event.payloadOffset(), (7 * n) % KEYS);
            event.buffer().putLong(event.payloadOffset() + 8, seed ^ n);
            event.length(16);
        };
    }

    private static final class Sessions implements StatefulProcessor
    {
        private final long[] counts = new long[KEYS];
        private final long[] beats = new long[KEYS];
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        private long hash;

        @Override
        public void onEvent(final EventContext ctx)
        {
            final int key = (int)ctx.buffer().getLong(ctx.payloadOffset());
            counts[key]++;
            hash = Digests.mix(hash, ctx.buffer().getLong(ctx.payloadOffset() + 8));
            ctx.scheduleTimer(key, ctx.timestamp() + 15_000);
            emit(ctx, OUTPUT_EVENT, key, counts[key]);
        }

        @Override
        public void onTimer(final long timerId, final long deadline, final EventContext ctx)
        {
            hash = Digests.mix(hash, Digests.mix(timerId, ctx.sequence()));
            if (timerId < KEYS)
            {
                emit(ctx, OUTPUT_IDLE, timerId, counts[(int)timerId]);
                ctx.scheduleTimer(100 + timerId, deadline + 3_000);
            }
            else
            {
                final int key = (int)(timerId - 100);
                beats[key]++;
                emit(ctx, OUTPUT_BEAT, timerId, beats[key]);
                if (beats[key] % 2 != 0)
                {
                    ctx.scheduleTimer(timerId, deadline + 3_000);
                }
            }
        }

        private void emit(final EventContext ctx, final int type, final long a, final long b)
        {
            out.putLong(0, a);
            out.putLong(8, b);
            ctx.emit(type, out, 0, 16);
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            int at = 0;
            for (int i = 0; i < KEYS; i++)
            {
                buffer.putLong(at, counts[i]);
                buffer.putLong(at + 8, beats[i]);
                at += 16;
            }
            buffer.putLong(at, hash);
            return at + 8;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            int at = offset;
            for (int i = 0; i < KEYS; i++)
            {
                counts[i] = buffer.getLong(at);
                beats[i] = buffer.getLong(at + 8);
                at += 16;
            }
            hash = buffer.getLong(at);
        }

        @Override
        public long stateDigest()
        {
            long h = hash;
            for (int i = 0; i < KEYS; i++)
            {
                h = Digests.mix(Digests.mix(h, counts[i]), beats[i]);
            }
            return h;
        }
    }

    private static final class Auditor implements StatefulProcessor
    {
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        private long fired;
        private long hash;

        @Override
        public void onEvent(final EventContext ctx)
        {
            if (ctx.sequence() % 5 == 0)
            {
                ctx.scheduleTimer(ctx.sequence(), ctx.timestamp() + 2_500);
            }
        }

        @Override
        public void onTimer(final long timerId, final long deadline, final EventContext ctx)
        {
            fired++;
            hash = Digests.mix(hash, Digests.mix(timerId, ctx.sequence()));
            out.putLong(0, timerId);
            out.putLong(8, fired);
            ctx.emit(OUTPUT_AUDIT, out, 0, 16);
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer)
        {
            buffer.putLong(0, fired);
            buffer.putLong(8, hash);
            return 16;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            fired = buffer.getLong(offset);
            hash = buffer.getLong(offset + 8);
        }

        @Override
        public long stateDigest()
        {
            return Digests.mix(fired, hash);
        }
    }
}
