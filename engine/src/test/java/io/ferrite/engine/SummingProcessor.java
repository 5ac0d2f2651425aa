package io.ferrite.engine;

import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.StatefulProcessor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stateful test processor: keeps the count of events, a running sum of each payload's first long and a rolling
 * hash of (sequence, value); checks sequences are dense; emits one output per event carrying the running sum.
 */
class SummingProcessor implements StatefulProcessor
{
    static final int OUTPUT_TYPE = 7;

    long count;
    long sum;
    long hash;
    long lastSequence;
    volatile String error;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
    private final boolean emit;

    SummingProcessor(final boolean emit)
    {
        this.emit = emit;
    }

    public void onEvent(final EventContext ctx)
    {
        if (lastSequence != 0 && ctx.sequence() != lastSequence + 1 && null == error)
        {
            error = "sequence " + ctx.sequence() + " after " + lastSequence;
        }
        lastSequence = ctx.sequence();
        final long value = ctx.length() >= 8 ? ctx.buffer().getLong(ctx.payloadOffset()) : 0;
        count++;
        sum += value;
        hash = Digests.mix(hash, ctx.sequence() ^ value);
        if (emit)
        {
            out.putLong(0, ctx.sequence());
            out.putLong(8, sum);
            ctx.emit(OUTPUT_TYPE, out, 0, 16);
        }
    }

    public int writeSnapshot(final MutableDirectBuffer buffer)
    {
        buffer.putLong(0, count);
        buffer.putLong(8, sum);
        buffer.putLong(16, hash);
        buffer.putLong(24, lastSequence);
        return 32;
    }

    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        count = buffer.getLong(offset);
        sum = buffer.getLong(offset + 8);
        hash = buffer.getLong(offset + 16);
        lastSequence = buffer.getLong(offset + 24);
    }

    public long stateDigest()
    {
        return Digests.mix(Digests.mix(Digests.mix(count, sum), hash), lastSequence);
    }
}
