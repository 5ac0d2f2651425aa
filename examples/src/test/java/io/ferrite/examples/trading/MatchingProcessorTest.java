package io.ferrite.examples.trading;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.ferrite.examples.trading.OrderType.FOK;
import static io.ferrite.examples.trading.OrderType.IOC;
import static io.ferrite.examples.trading.OrderType.LIMIT;
import static io.ferrite.examples.trading.OrderType.MARKET;
import static io.ferrite.examples.trading.Side.BUY;
import static io.ferrite.examples.trading.Side.SELL;
import static io.ferrite.examples.trading.TradingEventType.CANCEL_ORDER;
import static io.ferrite.examples.trading.TradingEventType.MOVE_ORDER;
import static io.ferrite.examples.trading.TradingEventType.NEW_ORDER;
import static io.ferrite.examples.trading.TradingEventType.REDUCE_ORDER;
import static io.ferrite.examples.trading.TradingHarness.Report;
import static io.ferrite.examples.trading.TradingHarness.accepted;
import static io.ferrite.examples.trading.TradingHarness.cancelled;
import static io.ferrite.examples.trading.TradingHarness.fill;
import static io.ferrite.examples.trading.TradingHarness.rejected;
import static io.ferrite.examples.trading.TradingHarness.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatchingProcessorTest
{
    private final TradingHarness h = new TradingHarness();

    @Test
    void shouldRestOrdersThatDoNotCross()
    {
        assertEquals(List.of(accepted(1, BUY, LIMIT, 100, 10)), h.limit(1, BUY, 100, 10));
        assertEquals(List.of(accepted(2, SELL, LIMIT, 101, 7)), h.limit(2, SELL, 101, 7));

        assertEquals(100, h.engine.bestBid(0));
        assertEquals(101, h.engine.bestAsk(0));
        assertEquals(2, h.engine.restingOrderCount());
        assertEquals(17, h.engine.restingQuantity());
    }

    @Test
    void shouldTradeAtTheRestingPriceWhenOrdersCross()
    {
        h.limit(1, SELL, 100, 10);

        assertEquals(List.of(
            accepted(2, BUY, LIMIT, 102, 10),
            trade(2, 1, 100, 10, 0, BUY),
            fill(1, SELL, LIMIT, 100, 10, 0, NEW_ORDER),
            fill(2, BUY, LIMIT, 100, 10, 0, NEW_ORDER)),
            h.limit(2, BUY, 102, 10));

        assertEquals(0, h.engine.restingOrderCount());
        assertEquals(MatchingProcessor.NO_PRICE, h.engine.bestBid(0));
        assertEquals(MatchingProcessor.NO_PRICE, h.engine.bestAsk(0));
    }

    @Test
    void shouldPartiallyFillTheRestingOrder()
    {
        h.limit(1, SELL, 100, 10);

        assertEquals(List.of(
            accepted(2, BUY, LIMIT, 100, 4),
            trade(2, 1, 100, 4, 0, BUY),
            fill(1, SELL, LIMIT, 100, 4, 6, NEW_ORDER),
            fill(2, BUY, LIMIT, 100, 4, 0, NEW_ORDER)),
            h.limit(2, BUY, 100, 4));

        assertEquals(6, h.engine.leavesQuantity(1));
        assertEquals(6, h.engine.quantityAt(0, SELL, 100));
    }

    @Test
    void shouldSweepSeveralLevelsBestPriceFirstAndRestTheRemainder()
    {
        h.limit(1, SELL, 103, 5);
        h.limit(2, SELL, 101, 5);
        h.limit(3, SELL, 102, 5);

        assertEquals(List.of(
            accepted(4, BUY, LIMIT, 102, 12),
            trade(4, 2, 101, 5, 0, BUY),
            fill(2, SELL, LIMIT, 101, 5, 0, NEW_ORDER),
            fill(4, BUY, LIMIT, 101, 5, 7, NEW_ORDER),
            trade(4, 3, 102, 5, 1, BUY),
            fill(3, SELL, LIMIT, 102, 5, 0, NEW_ORDER),
            fill(4, BUY, LIMIT, 102, 5, 2, NEW_ORDER)),
            h.limit(4, BUY, 102, 12));

        assertEquals(102, h.engine.bestBid(0));
        assertEquals(2, h.engine.leavesQuantity(4));
        assertEquals(103, h.engine.bestAsk(0));
        assertEquals(5, h.engine.leavesQuantity(1));
        assertEquals(1, h.engine.levelCount(0, SELL));
    }

    @Test
    void shouldFillTheOldestOrderFirstWithinAPriceLevel()
    {
        h.limit(1, BUY, 100, 5);
        h.limit(2, BUY, 100, 5);
        h.limit(3, BUY, 100, 5);

        assertEquals(List.of(
            accepted(4, SELL, LIMIT, 99, 7),
            trade(1, 4, 100, 5, 0, SELL),
            fill(1, BUY, LIMIT, 100, 5, 0, NEW_ORDER),
            fill(4, SELL, LIMIT, 100, 5, 2, NEW_ORDER),
            trade(2, 4, 100, 2, 1, SELL),
            fill(2, BUY, LIMIT, 100, 2, 3, NEW_ORDER),
            fill(4, SELL, LIMIT, 100, 2, 0, NEW_ORDER)),
            h.limit(4, SELL, 99, 7));

        assertEquals(3, h.engine.leavesQuantity(2));
        assertEquals(5, h.engine.leavesQuantity(3));
    }

    @Test
    void shouldCancelAMarketOrderOnAnEmptyBook()
    {
        assertEquals(List.of(
            accepted(1, BUY, MARKET, 0, 10),
            cancelled(1, BUY, MARKET, Reason.MARKET_NO_LIQUIDITY, 0, 10, NEW_ORDER)),
            h.order(1, 0, BUY, MARKET, 0, 10));

        assertEquals(0, h.engine.restingOrderCount());
    }

    @Test
    void shouldTradeAMarketOrderAtAnyPriceAndCancelWhatIsLeft()
    {
        h.limit(1, SELL, 100, 3);
        h.limit(2, SELL, 5_000, 2);

        assertEquals(List.of(
            accepted(3, BUY, MARKET, 0, 10),
            trade(3, 1, 100, 3, 0, BUY),
            fill(1, SELL, LIMIT, 100, 3, 0, NEW_ORDER),
            fill(3, BUY, MARKET, 100, 3, 7, NEW_ORDER),
            trade(3, 2, 5_000, 2, 1, BUY),
            fill(2, SELL, LIMIT, 5_000, 2, 0, NEW_ORDER),
            fill(3, BUY, MARKET, 5_000, 2, 5, NEW_ORDER),
            cancelled(3, BUY, MARKET, Reason.MARKET_NO_LIQUIDITY, 0, 5, NEW_ORDER)),
            h.order(3, 0, BUY, MARKET, 0, 10));
    }

    @Test
    void shouldCancelTheRemainderOfAnIocOrder()
    {
        h.limit(1, SELL, 100, 3);
        h.limit(2, SELL, 101, 3);

        assertEquals(List.of(
            accepted(3, BUY, IOC, 100, 5),
            trade(3, 1, 100, 3, 0, BUY),
            fill(1, SELL, LIMIT, 100, 3, 0, NEW_ORDER),
            fill(3, BUY, IOC, 100, 3, 2, NEW_ORDER),
            cancelled(3, BUY, IOC, Reason.IOC_REMAINDER, 100, 2, NEW_ORDER)),
            h.order(3, 0, BUY, IOC, 100, 5));

        assertEquals(MatchingProcessor.NO_PRICE, h.engine.bestBid(0));
        assertEquals(3, h.engine.leavesQuantity(2));
    }

    @Test
    void shouldCancelAnIocOrderThatDoesNotCross()
    {
        h.limit(1, SELL, 101, 3);

        assertEquals(List.of(
            accepted(2, BUY, IOC, 100, 5),
            cancelled(2, BUY, IOC, Reason.IOC_REMAINDER, 100, 5, NEW_ORDER)),
            h.order(2, 0, BUY, IOC, 100, 5));
    }

    @Test
    void shouldKillAFokOrderThatCannotFillCompletelyWithoutTouchingTheBook()
    {
        h.limit(1, SELL, 100, 3);
        h.limit(2, SELL, 101, 3);
        h.limit(3, SELL, 102, 3);
        final long before = h.engine.stateDigest();

        assertEquals(List.of(
            accepted(4, BUY, FOK, 101, 7),
            cancelled(4, BUY, FOK, Reason.FOK_NOT_FILLABLE, 101, 7, NEW_ORDER)),
            h.order(4, 0, BUY, FOK, 101, 7));

        assertEquals(before, h.engine.stateDigest());
        assertEquals(9, h.engine.restingQuantity());
    }

    @Test
    void shouldFillAFokOrderCompletelyWhenTheBookHoldsEnough()
    {
        h.limit(1, SELL, 100, 3);
        h.limit(2, SELL, 101, 3);

        assertEquals(List.of(
            accepted(3, BUY, FOK, 101, 5),
            trade(3, 1, 100, 3, 0, BUY),
            fill(1, SELL, LIMIT, 100, 3, 0, NEW_ORDER),
            fill(3, BUY, FOK, 100, 3, 2, NEW_ORDER),
            trade(3, 2, 101, 2, 1, BUY),
            fill(2, SELL, LIMIT, 101, 2, 1, NEW_ORDER),
            fill(3, BUY, FOK, 101, 2, 0, NEW_ORDER)),
            h.order(3, 0, BUY, FOK, 101, 5));
    }

    @Test
    void shouldCancelARestingOrder()
    {
        h.limit(1, BUY, 100, 5);
        h.limit(2, BUY, 99, 5);

        assertEquals(List.of(cancelled(1, BUY, LIMIT, Reason.CANCELLED_BY_CLIENT, 100, 5, CANCEL_ORDER)), h.cancel(1));

        assertEquals(99, h.engine.bestBid(0));
        assertEquals(1, h.engine.levelCount(0, BUY));
        assertEquals(1, h.engine.restingOrderCount());
    }

    @Test
    void shouldCancelAnOrderInTheMiddleOfItsLevelAndKeepTheOthersInOrder()
    {
        h.limit(1, SELL, 100, 1);
        h.limit(2, SELL, 100, 2);
        h.limit(3, SELL, 100, 3);
        h.cancel(2);

        final List<Object> outputs = h.limit(4, BUY, 100, 4);

        assertEquals(trade(4, 1, 100, 1, 0, BUY), outputs.get(1));
        assertEquals(trade(4, 3, 100, 3, 1, BUY), outputs.get(4));
        assertEquals(0, h.engine.restingOrderCount());
    }

    @Test
    void shouldRejectACancelAfterTheOrderWasFilled()
    {
        h.limit(1, SELL, 100, 5);
        h.limit(2, BUY, 100, 5);
        final long before = h.engine.stateDigest();

        assertEquals(List.of(rejected(1, Reason.UNKNOWN_ORDER, CANCEL_ORDER)), h.cancel(1));
        assertEquals(before, h.engine.stateDigest());
    }

    @Test
    void shouldKeepTimePriorityWhenReduced()
    {
        h.limit(1, SELL, 100, 5);
        h.limit(2, SELL, 100, 5);

        assertEquals(List.of(new Report(ExecType.REDUCED, Reason.NONE, 1, SELL, LIMIT, 100, 2, 3, 0, 101,
            REDUCE_ORDER)), h.reduce(1, 2));
        assertEquals(8, h.engine.quantityAt(0, SELL, 100));

        assertEquals(List.of(
            accepted(3, BUY, LIMIT, 100, 4),
            trade(3, 1, 100, 3, 0, BUY),
            fill(1, SELL, LIMIT, 100, 3, 0, NEW_ORDER),
            fill(3, BUY, LIMIT, 100, 3, 1, NEW_ORDER),
            trade(3, 2, 100, 1, 1, BUY),
            fill(2, SELL, LIMIT, 100, 1, 4, NEW_ORDER),
            fill(3, BUY, LIMIT, 100, 1, 0, NEW_ORDER)),
            h.limit(3, BUY, 100, 4));
    }

    @Test
    void shouldCancelWhenReducedByTheWholeOpenQuantityOrMore()
    {
        h.limit(1, SELL, 100, 5);

        assertEquals(List.of(cancelled(1, SELL, LIMIT, Reason.REDUCED_TO_ZERO, 100, 5, REDUCE_ORDER)), h.reduce(1, 9));
        assertEquals(0, h.engine.restingOrderCount());
        assertEquals(0, h.engine.levelCount(0, SELL));
    }

    @Test
    void shouldLoseTimePriorityWhenMovedEvenToTheSamePrice()
    {
        h.limit(1, SELL, 100, 5);
        h.limit(2, SELL, 100, 5);

        assertEquals(List.of(new Report(ExecType.MOVED, Reason.NONE, 1, SELL, LIMIT, 100, 0, 5, 0, 101, MOVE_ORDER)),
            h.move(1, 100));

        assertEquals(List.of(
            accepted(3, BUY, LIMIT, 100, 5),
            trade(3, 2, 100, 5, 0, BUY),
            fill(2, SELL, LIMIT, 100, 5, 0, NEW_ORDER),
            fill(3, BUY, LIMIT, 100, 5, 0, NEW_ORDER)),
            h.limit(3, BUY, 100, 5));
        assertEquals(5, h.engine.leavesQuantity(1));
    }

    @Test
    void shouldMoveToANewLevelAndLeaveTheOldOneWhenEmpty()
    {
        h.limit(1, BUY, 100, 5);

        h.move(1, 98);

        assertEquals(98, h.engine.bestBid(0));
        assertEquals(1, h.engine.levelCount(0, BUY));
        assertEquals(0, h.engine.quantityAt(0, BUY, 100));
        assertEquals(5, h.engine.quantityAt(0, BUY, 98));
    }

    @Test
    void shouldTradeWhenMovedAcrossTheSpreadAndRestTheRemainder()
    {
        h.limit(1, BUY, 99, 8);
        h.limit(2, SELL, 101, 5);

        assertEquals(List.of(
            new Report(ExecType.MOVED, Reason.NONE, 1, BUY, LIMIT, 102, 0, 8, 0, 101, MOVE_ORDER),
            trade(1, 2, 101, 5, 0, BUY),
            fill(2, SELL, LIMIT, 101, 5, 0, MOVE_ORDER),
            fill(1, BUY, LIMIT, 101, 5, 3, MOVE_ORDER)),
            h.move(1, 102));

        assertEquals(102, h.engine.bestBid(0));
        assertEquals(3, h.engine.leavesQuantity(1));
        assertEquals(MatchingProcessor.NO_PRICE, h.engine.bestAsk(0));
    }

    @Test
    void shouldKeepInstrumentsApart()
    {
        h.order(1, 1, SELL, LIMIT, 100, 5);

        final List<Object> outputs = h.order(2, 2, BUY, LIMIT, 100, 5);

        assertEquals(1, outputs.size());
        assertEquals(100, h.engine.bestAsk(1));
        assertEquals(100, h.engine.bestBid(2));
    }

    @Test
    void shouldAcceptAReusedOrderIdOnceTheFirstOrderLeftTheBook()
    {
        h.limit(1, SELL, 100, 5);
        h.limit(2, BUY, 100, 5);

        assertEquals(List.of(accepted(1, SELL, LIMIT, 100, 5)), h.limit(1, SELL, 100, 5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "UNKNOWN_INSTRUMENT,  1, 4,  1, 1, 100, 10",
        "UNKNOWN_INSTRUMENT,  1, -1, 1, 1, 100, 10",
        "INVALID_SIDE,        1, 0,  0, 1, 100, 10",
        "INVALID_SIDE,        1, 0,  3, 1, 100, 10",
        "INVALID_ORDER_TYPE,  1, 0,  1, 0, 100, 10",
        "INVALID_ORDER_TYPE,  1, 0,  1, 5, 100, 10",
        "INVALID_QUANTITY,    1, 0,  1, 1, 100, 0",
        "INVALID_QUANTITY,    1, 0,  1, 1, 100, -3",
        "INVALID_QUANTITY,    1, 0,  1, 1, 100, 1000000001",
        "INVALID_PRICE,       1, 0,  1, 1, 0,   10",
        "INVALID_PRICE,       1, 0,  2, 3, -5,  10",
        "INVALID_PRICE,       1, 0,  1, 4, 1000000000001, 10",
        "INVALID_PRICE,       1, 0,  1, 2, 100, 10",
        "INVALID_ORDER_ID,    0, 0,  1, 1, 100, 10",
        "INVALID_ORDER_ID,   -7, 0,  1, 1, 100, 10",
    })
    void shouldRejectAnInvalidNewOrderWithoutChangingState(
        final String reason,
        final long id,
        final int instrument,
        final byte side,
        final byte type,
        final long price,
        final long quantity)
    {
        h.limit(50, SELL, 100, 5);
        h.limit(51, BUY, 99, 5);
        final long before = h.engine.stateDigest();

        final List<Object> outputs = h.order(id, instrument, side, type, price, quantity);

        assertEquals(List.of(new Report(ExecType.REJECTED, reasonCode(reason), id, side, type, price, quantity, 0,
            instrument, 100 + id, NEW_ORDER)), outputs);
        assertEquals(before, h.engine.stateDigest());
        assertEquals(2, h.engine.restingOrderCount());
    }

    @Test
    void shouldRejectADuplicateOrderId()
    {
        h.limit(1, BUY, 99, 5);
        final long before = h.engine.stateDigest();

        assertEquals(List.of(new Report(ExecType.REJECTED, Reason.DUPLICATE_ORDER_ID, 1, SELL, LIMIT, 100, 5, 0, 0, 101,
            NEW_ORDER)), h.limit(1, SELL, 100, 5));
        assertEquals(before, h.engine.stateDigest());
    }

    @Test
    void shouldRejectCommandsOnUnknownOrders()
    {
        h.limit(1, BUY, 99, 5);
        final long before = h.engine.stateDigest();

        assertEquals(List.of(rejected(2, Reason.UNKNOWN_ORDER, CANCEL_ORDER)), h.cancel(2));
        assertEquals(List.of(rejected(2, Reason.UNKNOWN_ORDER, REDUCE_ORDER)), h.reduce(2, 1));
        assertEquals(List.of(rejected(2, Reason.UNKNOWN_ORDER, MOVE_ORDER)), h.move(2, 100));
        assertEquals(before, h.engine.stateDigest());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, MatchingProcessor.MAX_QUANTITY + 1})
    void shouldRejectAnInvalidReduceQuantity(final long quantity)
    {
        h.limit(1, BUY, 99, 5);
        final long before = h.engine.stateDigest();

        assertEquals(List.of(rejected(1, Reason.INVALID_QUANTITY, REDUCE_ORDER)), h.reduce(1, quantity));
        assertEquals(before, h.engine.stateDigest());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, MatchingProcessor.MAX_PRICE + 1})
    void shouldRejectAnInvalidMovePrice(final long price)
    {
        h.limit(1, BUY, 99, 5);
        final long before = h.engine.stateDigest();

        assertEquals(List.of(rejected(1, Reason.INVALID_PRICE, MOVE_ORDER)), h.move(1, price));
        assertEquals(before, h.engine.stateDigest());
    }

    @Test
    void shouldRejectALimitOrderThatWouldRestWhenThePoolIsFull()
    {
        final TradingHarness small = new TradingHarness(1, 2);
        small.limit(1, SELL, 100, 5);
        small.limit(2, SELL, 101, 5);
        final long before = small.engine.stateDigest();

        assertEquals(List.of(new Report(ExecType.REJECTED, Reason.BOOK_FULL, 3, BUY, LIMIT, 100, 6, 0, 0, 103,
            NEW_ORDER)), small.limit(3, BUY, 100, 6));
        assertEquals(List.of(new Report(ExecType.REJECTED, Reason.BOOK_FULL, 4, SELL, LIMIT, 102, 1, 0, 0, 104,
            NEW_ORDER)), small.limit(4, SELL, 102, 1));
        assertEquals(before, small.engine.stateDigest());
    }

    @Test
    void shouldAcceptOrdersThatNeedNoSlotWhenThePoolIsFull()
    {
        final TradingHarness small = new TradingHarness(1, 2);
        small.limit(1, SELL, 100, 5);
        small.limit(2, SELL, 101, 5);

        assertEquals(ExecType.FILLED, ((Report)small.limit(3, BUY, 100, 5).get(3)).execType());
        small.limit(5, SELL, 105, 1);

        assertEquals(ExecType.FILLED, ((Report)small.order(4, 0, BUY, IOC, 101, 2).get(3)).execType());
    }

    @ParameterizedTest
    @CsvSource({
        "1, 39", "1, 41", "1, 0",
        "2, 7", "2, 16",
        "3, 8", "3, 24",
        "4, 15", "4, 17",
    })
    void shouldRejectAPayloadOfTheWrongLength(final int type, final int length)
    {
        h.limit(1, BUY, 99, 5);
        final long before = h.engine.stateDigest();
        h.input().putLong(TradingHarness.inputOffset(), 1, java.nio.ByteOrder.LITTLE_ENDIAN);

        final List<Object> outputs = h.send(type, length);

        assertEquals(List.of(rejected(length >= 8 ? 1 : 0, Reason.MALFORMED_PAYLOAD, type)), outputs);
        assertEquals(before, h.engine.stateDigest());
    }

    @Test
    void shouldRejectAnUnknownEventType()
    {
        h.limit(1, BUY, 99, 5);
        final long before = h.engine.stateDigest();

        assertEquals(List.of(rejected(0, Reason.UNKNOWN_EVENT_TYPE, 77)), h.send(77, 8));
        assertEquals(before, h.engine.stateDigest());
    }

    @Test
    void shouldGiveEqualDigestsToEqualBooksReachedByDifferentPaths()
    {
        final TradingHarness other = new TradingHarness();
        h.limit(1, BUY, 99, 5);
        h.limit(2, BUY, 98, 5);
        h.cancel(2);
        other.limit(1, BUY, 99, 5);

        // Slots and the order id map differ between the two, the books (including entry sequence 1) do not.
        assertEquals(other.engine.stateDigest(), h.engine.stateDigest());

        other.reduce(1, 1);
        assertNotEquals(other.engine.stateDigest(), h.engine.stateDigest());
    }

    @Test
    void shouldChangeTheDigestWhenOnlyTimePriorityChanges()
    {
        h.limit(1, BUY, 99, 5);
        h.limit(2, BUY, 99, 5);
        final long before = h.engine.stateDigest();

        h.move(1, 99);

        assertNotEquals(before, h.engine.stateDigest());
    }

    @Test
    void shouldRestoreTheSameBooksFromASnapshot()
    {
        h.limit(1, BUY, 99, 5);
        h.limit(2, BUY, 99, 6);
        h.order(3, 2, SELL, LIMIT, 120, 7);
        h.limit(4, SELL, 101, 1);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(16);
        final int length = h.engine.writeSnapshot(snapshot);

        final MatchingProcessor restored = new MatchingProcessor(4, 1024);
        restored.loadSnapshot(snapshot, 0, length);

        assertEquals(h.engine.stateDigest(), restored.stateDigest());
        assertEquals(4, restored.restingOrderCount());
        assertEquals(11, restored.quantityAt(0, BUY, 99));
        assertEquals(120, restored.bestAsk(2));
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(16);
        assertEquals(length, restored.writeSnapshot(again));
        assertEquals(0, compare(snapshot, again, length), "first differing byte (1-based)");
    }

    @Test
    void shouldRejectASnapshotOfAnotherConfiguration()
    {
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(16);
        final int length = h.engine.writeSnapshot(snapshot);

        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new MatchingProcessor(5, 1024).loadSnapshot(snapshot, 0, length));
        assertTrue(error.getMessage().contains("4 instruments"), error.getMessage());
    }

    @Test
    void shouldRejectATruncatedSnapshot()
    {
        h.limit(1, BUY, 99, 5);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(16);
        final int length = h.engine.writeSnapshot(snapshot);

        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new MatchingProcessor(4, 1024).loadSnapshot(snapshot, 0, length - 3));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void shouldRejectSomethingThatIsNotATradingSnapshot()
    {
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(16);
        snapshot.putLong(0, 0x1234_5678_9ABC_DEF0L);

        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new MatchingProcessor(4, 1024).loadSnapshot(snapshot, 0, 8));
        assertTrue(error.getMessage().contains("not a trading snapshot"), error.getMessage());
    }

    @Test
    void shouldRefuseAnInvalidConfiguration()
    {
        assertThrows(IllegalArgumentException.class, () -> new MatchingProcessor(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new MatchingProcessor(1, 0));
        assertThrows(IllegalArgumentException.class,
            () -> new MatchingProcessor(1, MatchingProcessor.MAX_ORDER_CAPACITY + 1));
    }

    private static short reasonCode(final String name)
    {
        try
        {
            return Reason.class.getField(name).getShort(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError("no reason " + name, ex);
        }
    }

    private static int compare(final ExpandableArrayBuffer a, final ExpandableArrayBuffer b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(i) != b.getByte(i))
            {
                return i + 1;
            }
        }
        return 0;
    }
}
