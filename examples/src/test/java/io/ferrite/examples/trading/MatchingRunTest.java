package io.ferrite.examples.trading;

import io.ferrite.examples.testing.RecordingContext;
import io.ferrite.examples.testing.TestEvent;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ferrite.examples.trading.TradingHarness.Report;
import static io.ferrite.examples.trading.TradingHarness.Trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the matching engine on long generated order flows and checks properties that must hold throughout.
 */
class MatchingRunTest
{
    private static final int INSTRUMENTS = 8;
    private static final int LANES = 1024;
    private static final int CAPACITY = 1 << 14;

    /**
     * What the test knows about an order from the reports alone.
     */
    private static final class OrderState
    {
        final byte side;
        final byte type;
        long limit;
        long leaves;

        OrderState(final byte side, final byte type, final long limit, final long leaves)
        {
            this.side = side;
            this.type = type;
            this.limit = limit;
            this.leaves = leaves;
        }
    }

    @Test
    void shouldConserveQuantityOverALongGeneratedRun()
    {
        final TradingGenerator generator = new TradingGenerator(7, INSTRUMENTS, LANES, TradingMix.EXCHANGE_CORE);
        final MatchingProcessor engine = new MatchingProcessor(INSTRUMENTS, CAPACITY);
        final RecordingContext ctx = RecordingContext.recording();
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);

        final Map<Long, OrderState> open = new HashMap<>();
        final long[] submitted = new long[3];
        final long[] filled = new long[3];
        final long[] cancelled = new long[3];
        long traded = 0;
        long trades = 0;
        long rejects = 0;

        for (long i = 1; i <= 200_000; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(engine, event);
            for (final Object output : TradingHarness.decode(ctx.drain()))
            {
                if (output instanceof Trade trade)
                {
                    final OrderState buy = open.get(trade.buyOrderId());
                    final OrderState sell = open.get(trade.sellOrderId());
                    assertNotNull(buy, () -> "trade with an unknown buyer at event " + event.sequence());
                    assertNotNull(sell, () -> "trade with an unknown seller at event " + event.sequence());
                    assertEquals(Side.BUY, buy.side);
                    assertEquals(Side.SELL, sell.side);
                    final OrderState taker = trade.aggressorSide() == Side.BUY ? buy : sell;
                    final OrderState maker = trade.aggressorSide() == Side.BUY ? sell : buy;
                    assertEquals(maker.limit, trade.price(), "trades happen at the maker's price");
                    if (taker.type != OrderType.MARKET)
                    {
                        assertTrue(taker.side == Side.BUY ? trade.price() <= taker.limit : trade.price() >= taker.limit,
                            "trade price within the taker's limit");
                    }
                    traded += trade.quantity();
                    trades++;
                    continue;
                }
                final Report report = (Report)output;
                final OrderState state = open.get(report.orderId());
                if (report.execType() != ExecType.ACCEPTED && report.execType() != ExecType.REJECTED)
                {
                    assertNotNull(state, () -> report + " about an order not open, at event " + event.sequence());
                }
                switch (report.execType())
                {
                    case ExecType.ACCEPTED:
                        assertEquals(null, state, "accepted twice");
                        open.put(report.orderId(),
                            new OrderState(report.side(), report.orderType(), report.price(), report.last()));
                        submitted[report.side()] += report.last();
                        break;

                    case ExecType.PARTIALLY_FILLED:
                    case ExecType.FILLED:
                        state.leaves -= report.last();
                        assertEquals(state.leaves, report.leaves());
                        filled[report.side()] += report.last();
                        break;

                    case ExecType.CANCELLED:
                        assertEquals(state.leaves, report.last(), "a cancel removes all that is open");
                        state.leaves = 0;
                        cancelled[report.side()] += report.last();
                        break;

                    case ExecType.REDUCED:
                        state.leaves -= report.last();
                        assertEquals(state.leaves, report.leaves());
                        cancelled[report.side()] += report.last();
                        break;

                    case ExecType.MOVED:
                        assertEquals(state.leaves, report.leaves());
                        state.limit = report.price();
                        break;

                    case ExecType.REJECTED:
                        rejects++;
                        break;

                    default:
                        throw new AssertionError("unexpected report " + report);
                }
                if (state != null && state.leaves == 0)
                {
                    open.remove(report.orderId());
                }
            }
            final int instrument = generator.instrument(i);
            final long bid = engine.bestBid(instrument);
            final long ask = engine.bestAsk(instrument);
            if (bid != MatchingProcessor.NO_PRICE && ask != MatchingProcessor.NO_PRICE)
            {
                assertTrue(bid < ask, "book crossed after event " + i + ": bid " + bid + " ask " + ask);
            }
        }

        final long[] resting = new long[3];
        for (final Map.Entry<Long, OrderState> entry : open.entrySet())
        {
            resting[entry.getValue().side] += entry.getValue().leaves;
            assertEquals(entry.getValue().leaves, engine.leavesQuantity(entry.getKey()), "order " + entry.getKey());
        }
        for (final byte side : new byte[]{Side.BUY, Side.SELL})
        {
            assertEquals(submitted[side], resting[side] + filled[side] + cancelled[side],
                "submitted = resting + filled + cancelled for " + Side.name(side));
            assertEquals(traded, filled[side], "every traded unit filled a " + Side.name(side));
        }
        assertEquals(open.size(), engine.restingOrderCount());
        assertEquals(resting[Side.BUY] + resting[Side.SELL], engine.restingQuantity());
        assertTrue(trades > 10_000 && rejects > 1_000 && cancelled[Side.BUY] > 0 && resting[Side.SELL] > 0,
            "the run exercised trades (" + trades + "), rejects (" + rejects + "), cancels and resting orders");
    }

    @Test
    void shouldEmitTheSameOutputsAndDigestAfterRestoringASnapshot()
    {
        final TradingGenerator generator = new TradingGenerator(11, INSTRUMENTS, LANES, TradingMix.EXCHANGE_CORE);
        final MatchingProcessor original = new MatchingProcessor(INSTRUMENTS, CAPACITY);
        final RecordingContext originalCtx = RecordingContext.recording();
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);
        for (long i = 1; i <= 60_000; i++)
        {
            generator.generate(event.reset(i));
            originalCtx.deliver(original, event);
        }
        originalCtx.drain();

        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1024);
        final int length = original.writeSnapshot(snapshot);
        final MatchingProcessor restored = new MatchingProcessor(INSTRUMENTS, CAPACITY);
        restored.loadSnapshot(snapshot, 0, length);
        assertEquals(original.stateDigest(), restored.stateDigest());
        assertTrue(original.restingOrderCount() > 100, "the snapshot holds a real book");

        final RecordingContext restoredCtx = RecordingContext.recording();
        for (long i = 60_001; i <= 100_000; i++)
        {
            generator.generate(event.reset(i));
            originalCtx.deliver(original, event);
            restoredCtx.deliver(restored, event);
            final List<RecordingContext.Output> expected = originalCtx.drain();
            assertEquals(expected, restoredCtx.drain(), "outputs of event " + i);
        }
        assertEquals(original.stateDigest(), restored.stateDigest());
    }

    @Test
    void shouldReachTheSameDigestWhenTheSameEventsAreProcessedAgain()
    {
        final long first = digestAfter(3, 50_000);
        final long second = digestAfter(3, 50_000);
        final long otherSeed = digestAfter(4, 50_000);

        assertEquals(first, second);
        assertTrue(first != otherSeed, "a different order flow gives a different book");
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter not available");
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());

        final TradingGenerator generator = new TradingGenerator(5, 16, 4096, TradingMix.EXCHANGE_CORE);
        final MatchingProcessor engine = new MatchingProcessor(16, 1 << 16);
        final RecordingContext ctx = RecordingContext.discarding();
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);
        final int events = 300_000;
        long i = 1;
        for (; i <= events; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(engine, event);
        }

        final long threadId = Thread.currentThread().getId();
        final long before = bean.getThreadAllocatedBytes(threadId);
        for (; i <= 2L * events; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(engine, event);
        }
        final long allocated = bean.getThreadAllocatedBytes(threadId) - before;

        // One object per event would be at least 16 bytes per event; allow only rare growth of a book side's arrays.
        assertTrue(allocated < events / 4,
            "generator + matching allocated " + allocated + " bytes over " + events + " events");
        assertTrue(ctx.emittedCount() > events, "outputs were emitted");
    }

    private static long digestAfter(final long seed, final int events)
    {
        final TradingGenerator generator = new TradingGenerator(seed, INSTRUMENTS, LANES, TradingMix.EXCHANGE_CORE);
        final MatchingProcessor engine = new MatchingProcessor(INSTRUMENTS, CAPACITY);
        final RecordingContext ctx = RecordingContext.discarding();
        final TestEvent event = new TestEvent(TradingWorkload.MAX_EVENT_LENGTH);
        for (long i = 1; i <= events; i++)
        {
            generator.generate(event.reset(i));
            ctx.deliver(engine, event);
        }
        return engine.stateDigest();
    }
}
