package io.ferrite.bench.engine;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Processor;

/**
 * Emits one output per input, a copy of its payload: the processor of the latency harness's Ferrite pipeline, doing
 * what the hand-wired pipeline's processor does. Threading: the processor's thread. No allocation.
 */
public final class EchoProcessor implements Processor
{
    @Override
    public void onEvent(final EventContext ctx)
    {
        ctx.emit(ctx.type(), ctx.buffer(), ctx.payloadOffset(), ctx.length());
    }
}
