package io.ferrite.examples.fraud;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;
import io.ferrite.engine.processor.EventSchema;
import io.ferrite.engine.processor.EventSchema.Field;
import org.agrona.DirectBuffer;

import java.util.Locale;

/**
 * The "fraud" workload: a one-stage pipeline holding a {@link FraudScorer} named {@value #PROCESSOR_NAME} with the
 * default capacities, driven by a {@link FraudGenerator} with the default cards, merchants and event gap.
 * <pre>
 *   journaller ─► fraud-scorer (FraudScorer) ─► sinks: DECISION, BLOCK_LIST_UPDATED, REJECTED
 * </pre>
 * Found by {@link java.util.ServiceLoader} under the name {@value #NAME}. Thread safe: every call returns new objects.
 */
public final class FraudWorkload implements Workload
{
    /**
     * The name on the command line.
     */
    public static final String NAME = "fraud";

    /**
     * The scorer's name in the pipeline, snapshots and digests.
     */
    public static final String PROCESSOR_NAME = "fraud-scorer";

    /**
     * Largest payload of any input or output (rounded up to a multiple of 8 bytes).
     */
    public static final int MAX_EVENT_LENGTH = 64;

    /**
     * Create the workload (the {@link java.util.ServiceLoader} needs a public no-argument constructor).
     */
    public FraudWorkload()
    {
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String description()
    {
        return "card-transaction fraud scoring: " + FraudGenerator.DEFAULT_CARDS + " cards, velocity, amount, " +
            "travel and block-list rules, injected fraud patterns";
    }

    @Override
    public int maxEventLength()
    {
        return MAX_EVENT_LENGTH;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder().stage(PROCESSOR_NAME, new FraudScorer()).build();
    }

    /**
     * The payload layouts as named fields, for the CSV and JSON-lines codecs, journal dumps and database tables:
     * every field of {@link TransactionCodec}, {@link BlockListUpdateCodec} and the three output codecs. See the
     * README ("Sources and sinks") for the text schema.
     */
    public static final EventSchema SCHEMA = EventSchema.builder()
        .input(FraudEventType.TRANSACTION, "TRANSACTION", TransactionCodec.LENGTH,
            Field.of("transaction_id", TransactionCodec.TRANSACTION_ID_OFFSET, 8),
            Field.of("card_id", TransactionCodec.CARD_ID_OFFSET, 8),
            Field.of("merchant_id", TransactionCodec.MERCHANT_ID_OFFSET, 8),
            Field.of("amount_cents", TransactionCodec.AMOUNT_OFFSET, 8),
            Field.of("latitude_e6", TransactionCodec.LATITUDE_OFFSET, 4),
            Field.of("longitude_e6", TransactionCodec.LONGITUDE_OFFSET, 4),
            Field.of("merchant_category", TransactionCodec.MERCHANT_CATEGORY_OFFSET, 2),
            Field.of("channel", TransactionCodec.CHANNEL_OFFSET, 1))
        .input(FraudEventType.BLOCK_LIST_UPDATE, "BLOCK_LIST_UPDATE", BlockListUpdateCodec.LENGTH,
            Field.of("entity_id", BlockListUpdateCodec.ENTITY_ID_OFFSET, 8),
            Field.of("entity_kind", BlockListUpdateCodec.ENTITY_KIND_OFFSET, 1),
            Field.of("action", BlockListUpdateCodec.ACTION_OFFSET, 1))
        .output(FraudEventType.DECISION, "DECISION", DecisionCodec.LENGTH,
            Field.of("transaction_id", DecisionCodec.TRANSACTION_ID_OFFSET, 8),
            Field.of("card_id", DecisionCodec.CARD_ID_OFFSET, 8),
            Field.of("merchant_id", DecisionCodec.MERCHANT_ID_OFFSET, 8),
            Field.of("amount_cents", DecisionCodec.AMOUNT_OFFSET, 8),
            Field.of("score", DecisionCodec.SCORE_OFFSET, 4),
            Field.of("rules", DecisionCodec.RULES_OFFSET, 4),
            Field.of("decision", DecisionCodec.DECISION_OFFSET, 1))
        .output(FraudEventType.REJECTED, "REJECTED", FraudRejectCodec.LENGTH,
            Field.of("id", FraudRejectCodec.ID_OFFSET, 8),
            Field.of("event_type", FraudRejectCodec.EVENT_TYPE_OFFSET, 4),
            Field.of("event_length", FraudRejectCodec.EVENT_LENGTH_OFFSET, 4),
            Field.of("reason", FraudRejectCodec.REASON_OFFSET, 2))
        .output(FraudEventType.BLOCK_LIST_UPDATED, "BLOCK_LIST_UPDATED", BlockListUpdatedCodec.LENGTH,
            Field.of("entity_id", BlockListUpdatedCodec.ENTITY_ID_OFFSET, 8),
            Field.of("list_size", BlockListUpdatedCodec.LIST_SIZE_OFFSET, 4),
            Field.of("entity_kind", BlockListUpdatedCodec.ENTITY_KIND_OFFSET, 1),
            Field.of("action", BlockListUpdatedCodec.ACTION_OFFSET, 1),
            Field.of("changed", BlockListUpdatedCodec.CHANGED_OFFSET, 1))
        .build();

    @Override
    public EventSchema eventSchema()
    {
        return SCHEMA;
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return new FraudGenerator(seed);
    }

    /**
     * {@inheritDoc}
     * <p>
     * For example {@code TRANSACTION id=12 card=4000000000000042 merchant=100417 amount=23.15 at 51.512300,-0.130000
     * mcc=5812 CARD_PRESENT}; a payload of the wrong length is described as malformed, an unknown type by its number.
     */
    @Override
    public String describeEvent(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        return describe(type, buffer, offset, length);
    }

    /**
     * Describe an input or output of the fraud application on one line, for humans. Allocates.
     *
     * @param type   an input or output type of {@link FraudEventType}.
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @return the description.
     */
    public static String describe(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        final String name = FraudEventType.name(type);
        switch (type)
        {
            case FraudEventType.TRANSACTION:
            {
                if (length != TransactionCodec.LENGTH)
                {
                    return malformed(name, length, TransactionCodec.LENGTH);
                }
                final TransactionCodec.Decoder d = new TransactionCodec.Decoder().wrap(buffer, offset);
                return String.format(Locale.ROOT, "%s id=%d card=%d merchant=%d amount=%s at %.6f,%.6f mcc=%d %s",
                    name, d.transactionId(), d.cardId(), d.merchantId(), money(d.amountCents()),
                    d.latitudeE6() / 1e6, d.longitudeE6() / 1e6, d.merchantCategory(), Channel.name(d.channel()));
            }

            case FraudEventType.BLOCK_LIST_UPDATE:
            {
                if (length != BlockListUpdateCodec.LENGTH)
                {
                    return malformed(name, length, BlockListUpdateCodec.LENGTH);
                }
                final BlockListUpdateCodec.Decoder d = new BlockListUpdateCodec.Decoder().wrap(buffer, offset);
                return name + " " + BlockListUpdateCodec.actionName(d.action()) + " " +
                    BlockListUpdateCodec.kindName(d.entityKind()) + " " + d.entityId();
            }

            case FraudEventType.DECISION:
            {
                if (length != DecisionCodec.LENGTH)
                {
                    return malformed(name, length, DecisionCodec.LENGTH);
                }
                final DecisionCodec.Decoder d = new DecisionCodec.Decoder().wrap(buffer, offset);
                return name + " " + Decision.name(d.decision()) + " score=" + d.score() + " rules=" +
                    FraudRule.names(d.rules()) + " id=" + d.transactionId() + " card=" + d.cardId() + " merchant=" +
                    d.merchantId() + " amount=" + money(d.amountCents());
            }

            case FraudEventType.REJECTED:
            {
                if (length != FraudRejectCodec.LENGTH)
                {
                    return malformed(name, length, FraudRejectCodec.LENGTH);
                }
                final FraudRejectCodec.Decoder d = new FraudRejectCodec.Decoder().wrap(buffer, offset);
                return name + " " + FraudReason.name(d.reason()) + " id=" + d.id() + " type=" +
                    FraudEventType.name(d.eventType()) + " length=" + d.eventLength();
            }

            case FraudEventType.BLOCK_LIST_UPDATED:
            {
                if (length != BlockListUpdatedCodec.LENGTH)
                {
                    return malformed(name, length, BlockListUpdatedCodec.LENGTH);
                }
                final BlockListUpdatedCodec.Decoder d = new BlockListUpdatedCodec.Decoder().wrap(buffer, offset);
                return name + " " + BlockListUpdateCodec.actionName(d.action()) + " " +
                    BlockListUpdateCodec.kindName(d.entityKind()) + " " + d.entityId() + " changed=" + d.changed() +
                    " size=" + d.listSize();
            }

            default:
                return name + " length=" + length + " (not a fraud event)";
        }
    }

    private static String money(final long cents)
    {
        final long units = cents / 100;
        final long rest = Math.abs(cents % 100);
        return (cents < 0 && units == 0 ? "-" : "") + units + "." + (rest < 10 ? "0" : "") + rest;
    }

    private static String malformed(final String name, final int length, final int expected)
    {
        return name + " <malformed: length " + length + ", expected " + expected + ">";
    }
}
