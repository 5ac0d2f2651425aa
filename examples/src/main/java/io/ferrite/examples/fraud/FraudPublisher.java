package io.ferrite.examples.fraud;

import io.ferrite.engine.processor.DomainCounter;
import io.ferrite.engine.processor.EventContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes what {@link FraudScorer} sends out: {@link DecisionCodec decisions}, {@link FraudRejectCodec rejections} and
 * {@link BlockListUpdatedCodec block list acknowledgements}, and counts decisions, fired rules and rejections for
 * dashboards. Encoders and buffers are reused flyweights: nothing is allocated per event. Not thread safe: used on the
 * processor's thread.
 */
final class FraudPublisher
{
    static final int RULE_COUNT = Integer.numberOfTrailingZeros(FraudRule.RISKY_MERCHANT) + 1;

    private final UnsafeBuffer decisionBuffer = new UnsafeBuffer(new byte[DecisionCodec.LENGTH]);
    private final UnsafeBuffer rejectBuffer = new UnsafeBuffer(new byte[FraudRejectCodec.LENGTH]);
    private final UnsafeBuffer ackBuffer = new UnsafeBuffer(new byte[BlockListUpdatedCodec.LENGTH]);
    private final DecisionCodec.Encoder decision = new DecisionCodec.Encoder().wrap(decisionBuffer, 0);
    private final FraudRejectCodec.Encoder reject = new FraudRejectCodec.Encoder().wrap(rejectBuffer, 0);
    private final BlockListUpdatedCodec.Encoder ack = new BlockListUpdatedCodec.Encoder().wrap(ackBuffer, 0);
    /** Observation only (dashboards): decisions by outcome, rules that fired, invalid input by reason. */
    private final DomainCounter[] decisions = new DomainCounter[Decision.DECLINE + 1];
    private final DomainCounter[] reasons = new DomainCounter[RULE_COUNT];
    private final DomainCounter[] rejects = new DomainCounter[FraudReason.BLOCK_LIST_FULL + 1];
    private final List<DomainCounter> domainCounters = new ArrayList<>();

    FraudPublisher()
    {
        for (byte outcome = Decision.APPROVE; outcome < decisions.length; outcome++)
        {
            decisions[outcome] = new DomainCounter("decisions: " + Decision.name(outcome));
            domainCounters.add(decisions[outcome]);
        }
        for (int bit = 0; bit < RULE_COUNT; bit++)
        {
            reasons[bit] = new DomainCounter("reasons: " + FraudRule.names(1 << bit));
            domainCounters.add(reasons[bit]);
        }
        for (short reason = FraudReason.MALFORMED_PAYLOAD; reason < rejects.length; reason++)
        {
            rejects[reason] = new DomainCounter("rejects: " + FraudReason.name(reason));
            domainCounters.add(rejects[reason]);
        }
    }

    /**
     * @return decisions by outcome, how often each rule fired, and invalid input rejected by reason.
     */
    List<DomainCounter> domainCounters()
    {
        return domainCounters;
    }

    /**
     * Emit the decision on a transaction and count its outcome and the rules that fired.
     */
    void decision(
        final EventContext ctx,
        final long transactionId,
        final long cardId,
        final long merchantId,
        final long amount,
        final int score,
        final int rules,
        final byte outcome)
    {
        decision.encode(transactionId, cardId, merchantId, amount, score, rules, outcome);
        ctx.emit(FraudEventType.DECISION, decisionBuffer, 0, DecisionCodec.LENGTH);
        if (outcome > 0 && outcome < decisions.length)
        {
            decisions[outcome].increment();
        }
        for (int remaining = rules; remaining != 0; remaining &= remaining - 1)
        {
            final int bit = Integer.numberOfTrailingZeros(remaining);
            if (bit < RULE_COUNT)
            {
                reasons[bit].increment();
            }
        }
    }

    /**
     * Acknowledge a block list update.
     */
    void ack(
        final EventContext ctx,
        final long entityId,
        final byte kind,
        final byte action,
        final boolean changed,
        final int listSize)
    {
        ack.encode(entityId, kind, action, changed, listSize);
        ctx.emit(FraudEventType.BLOCK_LIST_UPDATED, ackBuffer, 0, BlockListUpdatedCodec.LENGTH);
    }

    /**
     * Reject the input in {@code ctx}, quoting its first 8 bytes as its id when it has that many, and count it.
     */
    void reject(final EventContext ctx, final short reason)
    {
        final int length = ctx.length();
        final long id = length >= Long.BYTES ? ctx.buffer().getLong(ctx.payloadOffset(), LITTLE_ENDIAN) : 0;
        reject.encode(id, ctx.type(), length, reason);
        ctx.emit(FraudEventType.REJECTED, rejectBuffer, 0, FraudRejectCodec.LENGTH);
        if (reason > 0 && reason < rejects.length)
        {
            rejects[reason].increment();
        }
    }
}
