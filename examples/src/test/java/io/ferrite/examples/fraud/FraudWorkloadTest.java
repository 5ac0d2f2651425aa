package io.ferrite.examples.fraud;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;
import io.ferrite.examples.testing.TestEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FraudWorkloadTest
{
    private final FraudWorkload workload = new FraudWorkload();

    @Test
    void shouldBeFoundByTheServiceLoaderUnderItsName()
    {
        final Workload found = ServiceLoader.load(Workload.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(w -> w.name().equals("fraud"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workload named fraud"));

        assertInstanceOf(FraudWorkload.class, found);
    }

    @Test
    void shouldBuildAFreshScorerPipelineEachTime()
    {
        final Pipeline first = workload.newPipeline();
        final Pipeline second = workload.newPipeline();

        assertEquals(1, first.processors().size());
        assertEquals(FraudWorkload.PROCESSOR_NAME, first.processors().get(0).name());
        final FraudScorer scorer = assertInstanceOf(FraudScorer.class, first.processors().get(0).processor());
        assertEquals(0, scorer.cardCount());
        assertNotSame(scorer, second.processors().get(0).processor());
    }

    @Test
    void shouldDeclareAMaxLengthThatFitsEveryPayload()
    {
        for (final int length : new int[]{TransactionCodec.LENGTH, BlockListUpdateCodec.LENGTH, DecisionCodec.LENGTH,
            FraudRejectCodec.LENGTH, BlockListUpdatedCodec.LENGTH})
        {
            assertTrue(length <= workload.maxEventLength());
        }
        assertTrue(workload.maxEventLength() <= 256);
    }

    @Test
    void shouldDescribeInputsOnOneLine()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        new TransactionCodec.Encoder().wrap(buffer, 0).encode(12, 4_000_000_000_000_042L, 100_417, 2_315, 51_512_300,
            -130_000, (short)5812, Channel.CARD_PRESENT);
        assertEquals("TRANSACTION id=12 card=4000000000000042 merchant=100417 amount=23.15 at 51.512300,-0.130000 " +
            "mcc=5812 CARD_PRESENT",
            workload.describeEvent(FraudEventType.TRANSACTION, buffer, 0, TransactionCodec.LENGTH));

        new BlockListUpdateCodec.Encoder().wrap(buffer, 0).encode(7, BlockListUpdateCodec.MERCHANT,
            BlockListUpdateCodec.BLOCK);
        assertEquals("BLOCK_LIST_UPDATE BLOCK MERCHANT 7",
            workload.describeEvent(FraudEventType.BLOCK_LIST_UPDATE, buffer, 0, BlockListUpdateCodec.LENGTH));

        assertEquals("TRANSACTION <malformed: length 3, expected 48>",
            workload.describeEvent(FraudEventType.TRANSACTION, buffer, 0, 3));
        assertEquals("TYPE(9) length=3 (not a fraud event)", workload.describeEvent(9, buffer, 0, 3));
    }

    @Test
    void shouldDescribeOutputsOnOneLine()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        new DecisionCodec.Encoder().wrap(buffer, 0).encode(12, 42, 7, 100_005, 700,
            FraudRule.AMOUNT_SPIKE | FraudRule.VELOCITY_AMOUNT, Decision.DECLINE);
        assertEquals("DECISION DECLINE score=700 rules=VELOCITY_AMOUNT+AMOUNT_SPIKE id=12 card=42 merchant=7 " +
            "amount=1000.05", FraudWorkload.describe(FraudEventType.DECISION, buffer, 0, DecisionCodec.LENGTH));

        new FraudRejectCodec.Encoder().wrap(buffer, 0).encode(12, FraudEventType.TRANSACTION, 48,
            FraudReason.INVALID_AMOUNT);
        assertEquals("REJECTED INVALID_AMOUNT id=12 type=TRANSACTION length=48",
            FraudWorkload.describe(FraudEventType.REJECTED, buffer, 0, FraudRejectCodec.LENGTH));

        new BlockListUpdatedCodec.Encoder().wrap(buffer, 0).encode(7, BlockListUpdateCodec.CARD,
            BlockListUpdateCodec.UNBLOCK, true, 3);
        assertEquals("BLOCK_LIST_UPDATED UNBLOCK CARD 7 changed=true size=3",
            FraudWorkload.describe(FraudEventType.BLOCK_LIST_UPDATED, buffer, 0, BlockListUpdatedCodec.LENGTH));
    }

    @Test
    void shouldDescribeEveryGeneratedEvent()
    {
        final EventGenerator generator = workload.newGenerator(1);
        final TestEvent event = new TestEvent(workload.maxEventLength());
        for (long i = 1; i <= 20_000; i++)
        {
            generator.generate(event.reset(i));
            final String line = workload.describeEvent(event.type(), event.buffer(), TestEvent.PAYLOAD_OFFSET,
                event.length());
            assertTrue(line.startsWith(FraudEventType.name(event.type()) + " "), line);
            assertTrue(!line.contains("\n") && !line.contains("malformed"), line);
        }
    }
}
