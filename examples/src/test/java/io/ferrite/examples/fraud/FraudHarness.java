package io.ferrite.examples.fraud;

import io.ferrite.examples.testing.RecordingContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Drives a {@link FraudScorer} with hand-written inputs at chosen event times and decodes its single output.
 */
final class FraudHarness
{
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long T0 = 1_704_067_200_000_000_000L;
    static final int LONDON_LAT = 51_507_400;
    static final int LONDON_LON = -127_800;
    static final int NEW_YORK_LAT = 40_712_800;
    static final int NEW_YORK_LON = -74_006_000;
    private static final int OFFSET = 8;

    /**
     * A decoded decision.
     */
    record Scored(long transactionId, long cardId, long merchantId, long amount, int score, int rules, byte decision)
    {
        @Override
        public String toString()
        {
            return Decision.name(decision) + "(score=" + score + ", rules=" + FraudRule.names(rules) + ", tx=" +
                transactionId + ")";
        }
    }

    /**
     * A decoded rejection.
     */
    record Rejected(long id, int eventType, int eventLength, short reason)
    {
    }

    /**
     * A decoded block-list acknowledgement.
     */
    record Acknowledged(long entityId, byte kind, byte action, boolean changed, int listSize)
    {
    }

    final FraudScorer scorer;
    final RecordingContext ctx = RecordingContext.recording();
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[OFFSET + 128]);
    private long sequence;

    FraudHarness(final FraudScorer scorer)
    {
        this.scorer = scorer;
    }

    FraudHarness()
    {
        this(new FraudScorer(1024, 1024, 16, 6 * HOUR));
    }

    Object tx(final long card, final long merchant, final long amount, final long at)
    {
        return tx(card, merchant, amount, LONDON_LAT, LONDON_LON, at);
    }

    Object tx(final long card, final long merchant, final long amount, final int lat, final int lon, final long at)
    {
        new TransactionCodec.Encoder().wrap(in, OFFSET)
            .encode(sequence + 1, card, merchant, amount, lat, lon, (short)5411, Channel.CARD_PRESENT);
        return send(FraudEventType.TRANSACTION, TransactionCodec.LENGTH, at);
    }

    Scored scored(final long card, final long merchant, final long amount, final long at)
    {
        return (Scored)tx(card, merchant, amount, at);
    }

    Scored scored(final long card, final long merchant, final long amount, final int lat, final int lon, final long at)
    {
        return (Scored)tx(card, merchant, amount, lat, lon, at);
    }

    Object update(final long entity, final byte kind, final byte action, final long at)
    {
        new BlockListUpdateCodec.Encoder().wrap(in, OFFSET).encode(entity, kind, action);
        return send(FraudEventType.BLOCK_LIST_UPDATE, BlockListUpdateCodec.LENGTH, at);
    }

    Object send(final int type, final int length, final long at)
    {
        sequence++;
        ctx.deliver(scorer, sequence, at, type, in, OFFSET, length);
        final List<RecordingContext.Output> outputs = ctx.drain();
        if (outputs.size() != 1)
        {
            throw new AssertionError("expected exactly one output, got " + outputs.size());
        }
        return decode(outputs.get(0));
    }

    /**
     * Continue numbering events (and so transaction ids) where another harness is.
     */
    void continueAfter(final FraudHarness other)
    {
        sequence = other.sequence;
    }

    UnsafeBuffer input()
    {
        return in;
    }

    static int inputOffset()
    {
        return OFFSET;
    }

    static Object decode(final RecordingContext.Output output)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(output.payload());
        switch (output.type())
        {
            case FraudEventType.DECISION:
            {
                final DecisionCodec.Decoder d = new DecisionCodec.Decoder().wrap(buffer, 0);
                return new Scored(d.transactionId(), d.cardId(), d.merchantId(), d.amountCents(), d.score(), d.rules(),
                    d.decision());
            }
            case FraudEventType.REJECTED:
            {
                final FraudRejectCodec.Decoder d = new FraudRejectCodec.Decoder().wrap(buffer, 0);
                return new Rejected(d.id(), d.eventType(), d.eventLength(), d.reason());
            }
            case FraudEventType.BLOCK_LIST_UPDATED:
            {
                final BlockListUpdatedCodec.Decoder d = new BlockListUpdatedCodec.Decoder().wrap(buffer, 0);
                return new Acknowledged(d.entityId(), d.entityKind(), d.action(), d.changed(), d.listSize());
            }
            default:
                throw new AssertionError("unexpected output type " + output.type());
        }
    }
}
