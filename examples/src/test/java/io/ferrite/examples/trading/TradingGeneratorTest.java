package io.ferrite.examples.trading;

import io.ferrite.examples.testing.RecordingContext;
import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.examples.testing.GeneratorContract;
import io.ferrite.examples.testing.TestEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradingGeneratorTest extends GeneratorContract
{
    @Override
    protected EventGenerator newGenerator(final long seed)
    {
        return new TradingGenerator(seed);
    }

    @Override
    protected int maxEventLength()
    {
        return TradingWorkload.MAX_EVENT_LENGTH;
    }

    @Override
    protected long resumeAt()
    {
        return 17_001;
    }

    @Test
    void shouldStampStrictlyIncreasingSyntheticTimestamps()
    {
        final List<TestEvent.Copy> events = generate(new TradingGenerator(3), 1, 50_000);

        long previous = Long.MIN_VALUE;
        for (final TestEvent.Copy event : events)
        {
            final long base = TradingGenerator.EPOCH_NANOS + event.sequence() * TradingGenerator.MEAN_GAP_NANOS;
            assertTrue(event.timestamp() >= base && event.timestamp() < base + TradingGenerator.MEAN_GAP_NANOS);
            assertTrue(event.timestamp() > previous);
            previous = event.timestamp();
        }
    }

    @Test
    void shouldProduceTheStatedMix()
    {
        final TradingGenerator generator = new TradingGenerator(5);
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);
        final NewOrderCodec.Decoder newOrder = new NewOrderCodec.Decoder();
        final int events = 1_000_000;
        final long[] counts = new long[7];
        // The stated mix is the long-run one: skip the lanes' first, shortened cycles.
        final long warmUp = (long)TradingMix.EXCHANGE_CORE.cycleLength() * TradingGenerator.DEFAULT_LANES;
        for (long i = warmUp + 1; i <= warmUp + events; i++)
        {
            generator.generate(event.reset(i));
            final int kind;
            switch (event.type())
            {
                case TradingEventType.NEW_ORDER:
                    final byte type = newOrder.wrap(event.buffer(), TestEvent.PAYLOAD_OFFSET).orderType();
                    kind = type == OrderType.LIMIT ? TradingMix.NEW_LIMIT :
                        type == OrderType.IOC ? TradingMix.NEW_IOC : TradingMix.NEW_FOK;
                    assertTrue(type != OrderType.MARKET, "the exchange-core mix has no market orders");
                    break;
                case TradingEventType.MOVE_ORDER:
                    kind = TradingMix.MOVE;
                    break;
                case TradingEventType.REDUCE_ORDER:
                    kind = TradingMix.REDUCE;
                    break;
                case TradingEventType.CANCEL_ORDER:
                    kind = TradingMix.CANCEL;
                    break;
                default:
                    throw new AssertionError("unexpected type " + event.type());
            }
            assertEquals(kind, generator.command(i), "command(" + i + ") agrees with the event");
            counts[kind]++;
        }

        final StringBuilder measured = new StringBuilder("measured mix over " + events + " events:");
        for (int kind = TradingMix.NEW_LIMIT; kind <= TradingMix.CANCEL; kind++)
        {
            final double share = counts[kind] / (double)events;
            measured.append(String.format(Locale.ROOT, " %s %.2f%%", TradingMix.kindName(kind), 100 * share));
            assertEquals(TradingMix.EXCHANGE_CORE.expectedShare(kind), share, 0.003, TradingMix.kindName(kind));
        }
        System.out.println(measured);
        System.out.println("stated:   " + TradingMix.EXCHANGE_CORE);
        assertEquals(0.705, TradingMix.EXCHANGE_CORE.expectedShare(TradingMix.MOVE), 0.001);
        assertEquals(0.125, TradingMix.EXCHANGE_CORE.expectedShare(TradingMix.NEW_LIMIT), 0.001);
        assertEquals(0.070, TradingMix.EXCHANGE_CORE.expectedShare(TradingMix.REDUCE), 0.001);
        assertEquals(0.070, TradingMix.EXCHANGE_CORE.expectedShare(TradingMix.CANCEL), 0.001);
        assertEquals(0.020, TradingMix.EXCHANGE_CORE.expectedShare(TradingMix.NEW_IOC), 0.001);
        assertEquals(0.010, TradingMix.EXCHANGE_CORE.expectedShare(TradingMix.NEW_FOK), 0.001);
    }

    @Test
    void shouldReferenceOnlyOrdersPlacedEarlierOnTheSameInstrument()
    {
        final TradingGenerator generator = new TradingGenerator(6, 32, 512, TradingMix.EXCHANGE_CORE);
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);
        final NewOrderCodec.Decoder newOrder = new NewOrderCodec.Decoder();
        int modifications = 0;
        for (long i = 1; i <= 100_000; i++)
        {
            generator.generate(event.reset(i));
            final long id = event.buffer().getLong(TestEvent.PAYLOAD_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(generator.orderId(i), id, "order id in the payload of event " + i);
            if (event.type() == TradingEventType.NEW_ORDER)
            {
                assertEquals(i, id);
                assertEquals(generator.instrument(i),
                    newOrder.wrap(event.buffer(), TestEvent.PAYLOAD_OFFSET).instrumentId());
                continue;
            }
            modifications++;
            assertTrue(id < i && id >= 1, "event " + i + " targets " + id);
            assertEquals(TradingMix.NEW_LIMIT, generator.command(id), "event " + i + " targets a GTC order");
            assertEquals(generator.instrument(i), generator.instrument(id));
        }
        assertTrue(modifications > 80_000);
    }

    @Test
    void shouldSkewInstrumentPopularity()
    {
        final TradingGenerator generator = new TradingGenerator(8);
        final long[] counts = new long[TradingGenerator.DEFAULT_INSTRUMENTS];
        final int events = 200_000;
        for (long i = 1; i <= events; i++)
        {
            counts[generator.instrument(i)]++;
        }
        double harmonic = 0;
        for (int k = 1; k <= TradingGenerator.DEFAULT_INSTRUMENTS; k++)
        {
            harmonic += 1.0 / k;
        }
        assertEquals(1 / harmonic, counts[0] / (double)events, 0.03, "busiest instrument's share");
        assertTrue(counts[0] > 10 * counts[TradingGenerator.DEFAULT_INSTRUMENTS - 1]);
    }

    @Test
    void shouldMoveTheMidDeterministicallyAndKeepItPositive()
    {
        final TradingGenerator generator = new TradingGenerator(10);
        final TradingGenerator again = new TradingGenerator(10);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long i = 1; i <= 1L << 26; i += 4099)
        {
            final long mid = generator.mid(0, i);
            assertEquals(mid, again.mid(0, i));
            min = Math.min(min, mid);
            max = Math.max(max, mid);
        }
        assertTrue(min > 900, "mid stays clear of zero: " + min);
        assertTrue(max - min > 20, "mid moves: " + min + ".." + max);
    }

    @Test
    void shouldRejectAnEventNumberBelowOne()
    {
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> new TradingGenerator(1).generate(event.reset(0)));
    }

    @Test
    void shouldRejectASlotTooSmallForANewOrder()
    {
        final TestEvent event = new TestEvent(NewOrderCodec.LENGTH - 1);
        assertThrows(IllegalArgumentException.class, () -> new TradingGenerator(1).generate(event.reset(1)));
    }

    /**
     * Measures what the class javadoc of {@link TradingGenerator} states about rejects and book size
     * ({@code -Dtrading.events=N} for a longer run).
     */
    @Test
    void shouldMatchTheDocumentedRejectRateAndBookSize()
    {
        final TradingGenerator generator = new TradingGenerator(42);
        final MatchingProcessor engine =
            new MatchingProcessor(TradingGenerator.DEFAULT_INSTRUMENTS, TradingWorkload.ORDER_CAPACITY);
        final long[] rejectsByCommand = new long[5];
        final long[] commands = new long[5];
        final long[] rejectsByReason = new long[128];
        final long[] trades = new long[1];
        final ExecutionReportCodec.Decoder report = new ExecutionReportCodec.Decoder();
        final RecordingContext ctx = RecordingContext.listening((type, buffer, offset, length) ->
        {
            trades[0] += type == TradingEventType.TRADE ? 1 : 0;
            if (type == TradingEventType.EXECUTION_REPORT &&
                report.wrap(buffer, offset).execType() == ExecType.REJECTED)
            {
                rejectsByCommand[report.commandType()]++;
                rejectsByReason[report.reason()]++;
            }
        });
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);
        final int events = Integer.getInteger("trading.events", 1_000_000);
        int maxResting = 0;
        for (long i = 1; i <= events; i++)
        {
            generator.generate(event.reset(i));
            commands[event.type()]++;
            ctx.deliver(engine, event);
            maxResting = Math.max(maxResting, engine.restingOrderCount());
        }

        long rejects = 0;
        for (final long r : rejectsByCommand)
        {
            rejects += r;
        }
        final double rejectRate = rejects / (double)events;
        final double moveRejects = rejectsByCommand[TradingEventType.MOVE_ORDER] /
            (double)commands[TradingEventType.MOVE_ORDER];
        final double reduceRejects = rejectsByCommand[TradingEventType.REDUCE_ORDER] /
            (double)commands[TradingEventType.REDUCE_ORDER];
        final double cancelRejects = rejectsByCommand[TradingEventType.CANCEL_ORDER] /
            (double)commands[TradingEventType.CANCEL_ORDER];
        System.out.printf(Locale.ROOT,
            "trading run of %d events: rejected %.2f%% (unknown order %.2f%%); moves %.1f%%, reduces %.1f%%, " +
            "cancels %.1f%% rejected; %.3f trades per event; max resting orders %d, at end %d%n",
            events, 100 * rejectRate, 100.0 * rejectsByReason[Reason.UNKNOWN_ORDER] / events, 100 * moveRejects,
            100 * reduceRejects, 100 * cancelRejects, trades[0] / (double)events, maxResting,
            engine.restingOrderCount());

        assertEquals(rejects, rejectsByReason[Reason.UNKNOWN_ORDER], "the generator only makes stale-id rejects");
        assertEquals(0, rejectsByCommand[TradingEventType.NEW_ORDER]);
        assertTrue(rejectRate > 0.12 && rejectRate < 0.20, "documented about 16%: " + rejectRate);
        assertTrue(maxResting < TradingGenerator.DEFAULT_LANES, "at most one order per lane rests: " + maxResting);
    }
}
