package io.ferrite.examples.fraud;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.examples.testing.GeneratorContract;
import io.ferrite.examples.testing.TestEvent;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FraudGeneratorTest extends GeneratorContract
{
    @Override
    protected EventGenerator newGenerator(final long seed)
    {
        return new FraudGenerator(seed);
    }

    @Override
    protected int maxEventLength()
    {
        return FraudWorkload.MAX_EVENT_LENGTH;
    }

    @Override
    protected long resumeAt()
    {
        return 12_345;
    }

    @Test
    void shouldStampStrictlyIncreasingSyntheticTimestamps()
    {
        final FraudGenerator generator = new FraudGenerator(3);
        long previous = Long.MIN_VALUE;
        for (final TestEvent.Copy event : generate(generator, 1, 50_000))
        {
            final long base = FraudGenerator.EPOCH_NANOS + event.sequence() * generator.meanGapNanos();
            assertTrue(event.timestamp() >= base && event.timestamp() < base + generator.meanGapNanos());
            assertTrue(event.timestamp() > previous);
            assertEquals(generator.timestamp(event.sequence()), event.timestamp());
            previous = event.timestamp();
        }
    }

    @Test
    void shouldLabelOnlyTransactionsAndInjectEachPatternAtTheDocumentedRate()
    {
        final FraudGenerator generator = new FraudGenerator(11);
        final TestEvent event = new TestEvent(FraudWorkload.MAX_EVENT_LENGTH);
        final long[] counts = new long[FraudPattern.COUNT];
        long controls = 0;
        final int events = 1_000_000;
        for (long i = 1; i <= events; i++)
        {
            generator.generate(event.reset(i));
            assertEquals(generator.eventType(i), event.type(), "eventType(" + i + ")");
            final int pattern = generator.pattern(i);
            if (event.type() == FraudEventType.BLOCK_LIST_UPDATE)
            {
                assertEquals(FraudPattern.NONE, pattern, "control events are not labelled");
                assertEquals(BlockListUpdateCodec.LENGTH, event.length());
                controls++;
                continue;
            }
            assertEquals(FraudEventType.TRANSACTION, event.type());
            assertEquals(TransactionCodec.LENGTH, event.length());
            counts[pattern]++;
        }
        final double fraudShare = (events - controls - counts[FraudPattern.NONE]) / (double)events;
        System.out.printf("fraud generator: %.3f%% injected fraud, %d control events in %d events%n",
            100 * fraudShare, controls, events);
        assertEquals(0.0044, fraudShare, 0.0008, "documented about 0.44%");
        for (int p = FraudPattern.VELOCITY_BURST; p < FraudPattern.COUNT; p++)
        {
            assertTrue(counts[p] > 100, FraudPattern.name(p) + " injected " + counts[p] + " times");
        }
    }

    @Test
    void shouldUseBlockedEntitiesOnlyWhileTheyAreBlockedAndKeepTheListsSmall()
    {
        final FraudGenerator generator = new FraudGenerator(13);
        final TestEvent event = new TestEvent(FraudWorkload.MAX_EVENT_LENGTH);
        final BlockListUpdateCodec.Decoder update = new BlockListUpdateCodec.Decoder();
        final TransactionCodec.Decoder transaction = new TransactionCodec.Decoder();
        final Set<Long> blockedCards = new HashSet<>();
        final Set<Long> blockedMerchants = new HashSet<>();
        int largest = 0;
        for (long i = 1; i <= 600_000; i++)
        {
            generator.generate(event.reset(i));
            if (event.type() == FraudEventType.BLOCK_LIST_UPDATE)
            {
                update.wrap(event.buffer(), TestEvent.PAYLOAD_OFFSET);
                final Set<Long> list = update.entityKind() == BlockListUpdateCodec.CARD ? blockedCards : blockedMerchants;
                if (update.action() == BlockListUpdateCodec.BLOCK)
                {
                    assertTrue(list.add(update.entityId()), "blocked twice: " + update.entityId());
                }
                else
                {
                    assertTrue(list.remove(update.entityId()), "unblocked without a block: " + update.entityId());
                }
                largest = Math.max(largest, blockedCards.size() + blockedMerchants.size());
                continue;
            }
            transaction.wrap(event.buffer(), TestEvent.PAYLOAD_OFFSET);
            final int pattern = generator.pattern(i);
            final boolean cardBlocked = blockedCards.contains(transaction.cardId());
            final boolean merchantBlocked = blockedMerchants.contains(transaction.merchantId());
            assertEquals(pattern == FraudPattern.BLOCKED_CARD, cardBlocked, "event " + i);
            assertEquals(pattern == FraudPattern.BLOCKED_MERCHANT, merchantBlocked, "event " + i);
            assertEquals(pattern == FraudPattern.BLOCKED_CARD,
                transaction.cardId() >= FraudGenerator.COMPROMISED_CARD_ID_BASE, "compromised ids only when labelled");
        }
        assertTrue(largest > 0 && largest <= FraudGenerator.UNBLOCK_LAG_BLOCKS + 1, "largest block list " + largest);
    }

    @Test
    void shouldRejectAnEventNumberBelowOneOrASlotTooSmall()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new FraudGenerator(1).generate(new TestEvent(64).reset(0)));
        assertThrows(IllegalArgumentException.class,
            () -> new FraudGenerator(1).generate(new TestEvent(TransactionCodec.LENGTH - 1).reset(1)));
        assertThrows(IllegalArgumentException.class, () -> new FraudGenerator(1, 0, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> new FraudGenerator(1, 10, 7, 1));
    }
}
