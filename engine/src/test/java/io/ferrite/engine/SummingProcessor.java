package io.ferrite.engine;

import io.ferrite.engine.processor.Digests;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.StatefulProcessor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stateful test processor: keeps the count of events, a running sum of each payload's first long and a rolling
 * hash of (sequence, value); checks sequences are dense; emits one output per event carrying the running sum, or,
 * built with {@link #several}, {@link #outputsFor} outputs per event (0 to 3) carrying the running sum plus the
 * ordinal, like a matching engine that emits several fills per order.
 */
class SummingProcessor implements StatefulProcessor
{
    static final int OUTPUT_TYPE = 7;

    long count;
    /** How often {@link #writeSnapshot} and {@link #stateDigest} were called (volatile: read by the test thread). */
    volatile int snapshotsWritten;
    volatile int digestsTaken;
    long sum;
    long hash;
    long lastSequence;
    volatile String error;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
    private final boolean emit;
    private final boolean several;

    SummingProcessor(final boolean emit)
    {
        this(emit, false);
    }

    private SummingProcessor(final boolean emit, final boolean several)
    {
        this.emit = emit;
        this.several = several;
    }

    /** @return a processor that emits {@link #outputsFor} outputs per event. */
    static SummingProcessor several()
    {
        return new SummingProcessor(true, true);
    }

    /** @return how many outputs a {@link #several()} processor emits for the event at this sequence. */
    static int outputsFor(final long sequence)
    {
        return (int)(sequence & 3);
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
        if (several)
        {
            final int outputs = outputsFor(ctx.sequence());
            for (int ordinal = 0; ordinal < outputs; ordinal++)
            {
                out.putLong(0, ctx.sequence());
                out.putLong(8, sum + ordinal);
                ctx.emit(OUTPUT_TYPE, out, 0, 16);
            }
        }
        else if (emit)
        {
            out.putLong(0, ctx.sequence());
            out.putLong(8, sum);
            ctx.emit(OUTPUT_TYPE, out, 0, 16);
        }
    }

    public int writeSnapshot(final MutableDirectBuffer buffer)
    {
        snapshotsWritten++;
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
        digestsTaken++;
        return Digests.mix(Digests.mix(Digests.mix(count, sum), hash), lastSequence);
    }
}
