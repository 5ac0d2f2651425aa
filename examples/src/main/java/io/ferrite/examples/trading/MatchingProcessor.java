package io.ferrite.examples.trading;

import io.ferrite.engine.processor.DomainCounter;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.examples.support.StateHasher;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;

/**
 * A price-time-priority matching engine: one central limit order book per instrument, fed by the commands of
 * {@link TradingEventType}, emitting {@link ExecutionReportCodec execution reports} and {@link TradeCodec trades}.
 * <p>
 * <b>Semantics.</b>
 * <ul>
 *   <li>An incoming order trades against the opposite side from the best price outwards and, within a price, oldest
 *   first; each trade is at the resting (maker) order's price.</li>
 *   <li>{@link OrderType#LIMIT} rests its remainder; {@link OrderType#IOC} and {@link OrderType#MARKET} cancel it;
 *   {@link OrderType#FOK} trades its whole quantity within its limit or is cancelled without trading.</li>
 *   <li>{@link TradingEventType#REDUCE_ORDER} lowers a resting order's open quantity and keeps its place in the queue
 *   (reducing by all of it or more cancels it); {@link TradingEventType#MOVE_ORDER} re-prices a resting order, sends
 *   it to the back of the queue at its new price, and lets it trade at once if the new price crosses.</li>
 *   <li>Every command is validated before anything changes ("no rollback"): a rejected command is reported with a
 *   {@link Reason} and leaves the books untouched. Unknown event types and payloads of the wrong length are rejected
 *   too, never skipped silently.</li>
 *   <li>Order ids are the client's ({@link NewOrderCodec}); they must be positive and unique among resting orders
 *   (an id becomes reusable once its order has left the book). The engine-side identity of an order's place in the
 *   queue is the sequence of the event that placed or moved it; a trade is identified by its input sequence and its
 *   {@link TradeCodec match number}. Self-trades are not prevented and commands are not checked against accounts.</li>
 * </ul>
 * <p>
 * <b>Outputs per command</b>, in this order: new order: ACCEPTED (or REJECTED), then for each match a TRADE, the
 * maker's and the taker's fill report, then CANCELLED for an unfilled IOC/market/FOK remainder. Cancel: CANCELLED.
 * Reduce: REDUCED or CANCELLED. Move: MOVED, then fills as for a new order.
 * <p>
 * <b>Memory and allocation.</b> Orders live in a preallocated pool of {@code orderCapacity} slots, looked up by id in
 * an Agrona {@link org.agrona.collections.Long2LongHashMap} sized so that it never rehashes; levels live in a
 * preallocated pool; each book side keeps its levels in sorted arrays (best last) that grow only when a side gets
 * deeper than ever before (all held by {@link OrderBooks}). In steady state {@link #onEvent(EventContext)} allocates
 * nothing: codecs are reused flyweights over preallocated buffers. When the pool is full a limit order that would rest
 * is rejected with {@link Reason#BOOK_FULL}.
 * <p>
 * <b>Threading.</b> Not thread safe: every method, including the queries, runs on the processor's thread or while the
 * pipeline is stopped.
 */
public final class MatchingProcessor implements StatefulProcessor
{
    /**
     * Highest accepted price in ticks.
     */
    public static final long MAX_PRICE = 1_000_000_000_000L;

    /**
     * Highest accepted quantity; with {@link #MAX_ORDER_CAPACITY} it keeps every sum of quantities far from overflow.
     */
    public static final long MAX_QUANTITY = 1_000_000_000L;

    /**
     * Largest number of instruments a processor accepts.
     */
    public static final int MAX_INSTRUMENTS = 1 << 20;

    /**
     * Largest order pool a processor accepts.
     */
    public static final int MAX_ORDER_CAPACITY = 1 << 26;

    /**
     * Price returned by {@link #bestBid(int)} and {@link #bestAsk(int)} for an empty side.
     */
    public static final long NO_PRICE = 0;

    private static final long DIGEST_DOMAIN = 0x74726164696E6701L;
    private static final int NULL = OrderPool.NULL;

    private final OrderBooks books;
    private final ExecutionPublisher publisher = new ExecutionPublisher();
    private final NewOrderCodec.Decoder newOrder = new NewOrderCodec.Decoder();
    private final CancelOrderCodec.Decoder cancelOrder = new CancelOrderCodec.Decoder();
    private final ReduceOrderCodec.Decoder reduceOrder = new ReduceOrderCodec.Decoder();
    private final MoveOrderCodec.Decoder moveOrder = new MoveOrderCodec.Decoder();
    private final StateHasher hasher = new StateHasher();

    /**
     * Create an empty matching engine. Allocates every pool up front (about 150 bytes per order slot).
     *
     * @param instrumentCount number of instruments, ids {@code 0..instrumentCount-1}.
     * @param orderCapacity   most orders that can rest at once across all books.
     * @throws IllegalArgumentException if a count is out of range.
     */
    public MatchingProcessor(final int instrumentCount, final int orderCapacity)
    {
        if (instrumentCount < 1 || instrumentCount > MAX_INSTRUMENTS)
        {
            throw new IllegalArgumentException(
                "instrumentCount must be in [1, " + MAX_INSTRUMENTS + "], was " + instrumentCount);
        }
        if (orderCapacity < 1 || orderCapacity > MAX_ORDER_CAPACITY)
        {
            throw new IllegalArgumentException(
                "orderCapacity must be in [1, " + MAX_ORDER_CAPACITY + "], was " + orderCapacity);
        }
        books = new OrderBooks(instrumentCount, orderCapacity);
    }

    /**
     * @return trades matched, commands rejected by reason and orders cancelled by reason, for dashboards.
     */
    @Override
    public List<DomainCounter> domainCounters()
    {
        return publisher.domainCounters();
    }

    /**
     * @return the number of instruments.
     */
    public int instrumentCount()
    {
        return books.instrumentCount;
    }

    /**
     * @return the order pool's capacity.
     */
    public int orderCapacity()
    {
        return books.orderCapacity;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onEvent(final EventContext ctx)
    {
        final ExecutionPublisher publisher = this.publisher;
        publisher.begin(ctx);
        final DirectBuffer buffer = ctx.buffer();
        final int offset = ctx.payloadOffset();
        final int length = ctx.length();
        switch (ctx.type())
        {
            case TradingEventType.NEW_ORDER:
                if (length == NewOrderCodec.LENGTH)
                {
                    onNewOrder(newOrder.wrap(buffer, offset), ctx.sequence());
                }
                else
                {
                    publisher.rejectMalformed(buffer, offset, length);
                }
                break;

            case TradingEventType.CANCEL_ORDER:
                if (length == CancelOrderCodec.LENGTH)
                {
                    onCancel(cancelOrder.wrap(buffer, offset).orderId());
                }
                else
                {
                    publisher.rejectMalformed(buffer, offset, length);
                }
                break;

            case TradingEventType.REDUCE_ORDER:
                if (length == ReduceOrderCodec.LENGTH)
                {
                    reduceOrder.wrap(buffer, offset);
                    onReduce(reduceOrder.orderId(), reduceOrder.quantity());
                }
                else
                {
                    publisher.rejectMalformed(buffer, offset, length);
                }
                break;

            case TradingEventType.MOVE_ORDER:
                if (length == MoveOrderCodec.LENGTH)
                {
                    moveOrder.wrap(buffer, offset);
                    onMove(moveOrder.orderId(), moveOrder.price(), ctx.sequence());
                }
                else
                {
                    publisher.rejectMalformed(buffer, offset, length);
                }
                break;

            default:
                publisher.rejectCommand(0, Reason.UNKNOWN_EVENT_TYPE);
                break;
        }
        publisher.end();
    }

    private void onNewOrder(final NewOrderCodec.Decoder order, final long sequence)
    {
        final OrderBooks books = this.books;
        final ExecutionPublisher publisher = this.publisher;
        final long orderId = order.orderId();
        final long accountId = order.accountId();
        final int instrument = order.instrumentId();
        final byte side = order.side();
        final byte type = order.orderType();
        final long price = order.price();
        final long quantity = order.quantity();

        short reason = OrderValidation.validateNewOrder(books, orderId, instrument, side, type, price, quantity);
        final BookSide opposite = reason == Reason.NONE ? books.opposite(instrument, side) : null;
        final long threshold = type == OrderType.MARKET || opposite == null ? Long.MIN_VALUE : opposite.key(price);

        long fillable = quantity;
        final boolean poolFull = books.orders.available() == 0;
        if (reason == Reason.NONE && (type == OrderType.FOK || (type == OrderType.LIMIT && poolFull)))
        {
            fillable = books.fillableQuantity(opposite, threshold, quantity);
            if (type == OrderType.LIMIT && fillable < quantity)
            {
                reason = Reason.BOOK_FULL;
            }
        }
        if (reason != Reason.NONE)
        {
            publisher.report(orderId, accountId, instrument, side, type, ExecType.REJECTED, reason, price, quantity, 0);
            return;
        }

        publisher.report(orderId, accountId, instrument, side, type, ExecType.ACCEPTED, Reason.NONE, price, quantity,
            quantity);
        if (type == OrderType.FOK && fillable < quantity)
        {
            publisher.report(orderId, accountId, instrument, side, type, ExecType.CANCELLED, Reason.FOK_NOT_FILLABLE,
                price, quantity, 0);
            return;
        }

        final long remaining = match(opposite, threshold, orderId, accountId, instrument, side, type, quantity);
        if (remaining == 0)
        {
            return;
        }
        switch (type)
        {
            case OrderType.LIMIT:
                books.rest(books.allocate(orderId, accountId, instrument, side, price, remaining), sequence);
                break;

            case OrderType.IOC:
                publisher.report(orderId, accountId, instrument, side, type, ExecType.CANCELLED, Reason.IOC_REMAINDER,
                    price, remaining, 0);
                break;

            default: // MARKET: FOK never has a remainder here, it was checked above
                publisher.report(orderId, accountId, instrument, side, type, ExecType.CANCELLED,
                    Reason.MARKET_NO_LIQUIDITY, price, remaining, 0);
                break;
        }
    }

    private void onCancel(final long orderId)
    {
        final int slot = books.slotOf(orderId);
        if (slot == NULL)
        {
            publisher.rejectCommand(orderId, Reason.UNKNOWN_ORDER);
            return;
        }
        removeResting(slot, Reason.CANCELLED_BY_CLIENT);
    }

    private void onReduce(final long orderId, final long quantity)
    {
        if (!OrderValidation.isValidQuantity(quantity))
        {
            publisher.rejectCommand(orderId, Reason.INVALID_QUANTITY);
            return;
        }
        final int slot = books.slotOf(orderId);
        if (slot == NULL)
        {
            publisher.rejectCommand(orderId, Reason.UNKNOWN_ORDER);
            return;
        }
        final OrderPool orders = books.orders;
        final long leaves = orders.leaves[slot];
        if (quantity >= leaves)
        {
            removeResting(slot, Reason.REDUCED_TO_ZERO);
            return;
        }
        // Quantity down in place: the order keeps its position in the level's queue.
        final long newLeaves = leaves - quantity;
        orders.leaves[slot] = newLeaves;
        books.levels.quantity[orders.level[slot]] -= quantity;
        publisher.report(orderId, orders.accountId[slot], orders.instrument[slot], orders.side[slot], OrderType.LIMIT,
            ExecType.REDUCED, Reason.NONE, orders.price[slot], quantity, newLeaves);
    }

    private void onMove(final long orderId, final long price, final long sequence)
    {
        if (!OrderValidation.isValidLimitPrice(price))
        {
            publisher.rejectCommand(orderId, Reason.INVALID_PRICE);
            return;
        }
        final OrderBooks books = this.books;
        final int slot = books.slotOf(orderId);
        if (slot == NULL)
        {
            publisher.rejectCommand(orderId, Reason.UNKNOWN_ORDER);
            return;
        }
        final OrderPool orders = books.orders;
        final long accountId = orders.accountId[slot];
        final int instrument = orders.instrument[slot];
        final byte side = orders.side[slot];
        final long leaves = orders.leaves[slot];

        // Out of its queue first: it then trades as an incoming order and, if anything is left, joins the back of the
        // queue at its new price, which is what losing time priority means.
        books.detach(slot);
        orders.price[slot] = price;
        publisher.report(orderId, accountId, instrument, side, OrderType.LIMIT, ExecType.MOVED, Reason.NONE, price, 0,
            leaves);

        final BookSide opposite = books.opposite(instrument, side);
        final long remaining =
            match(opposite, opposite.key(price), orderId, accountId, instrument, side, OrderType.LIMIT, leaves);
        if (remaining == 0)
        {
            books.release(orderId, slot);
        }
        else
        {
            orders.leaves[slot] = remaining;
            books.rest(slot, sequence);
        }
    }

    /**
     * Trade an incoming order against the opposite side while it crosses.
     *
     * @param opposite  the side to take liquidity from.
     * @param threshold the lowest opposite-side key that crosses the incoming limit ({@link Long#MIN_VALUE}: any).
     * @return the incoming order's quantity left untraded.
     */
    private long match(
        final BookSide opposite,
        final long threshold,
        final long takerId,
        final long takerAccount,
        final int instrument,
        final byte takerSide,
        final byte takerType,
        final long quantity)
    {
        final OrderBooks books = this.books;
        final OrderPool orders = books.orders;
        final LevelPool levels = books.levels;
        final ExecutionPublisher publisher = this.publisher;
        long remaining = quantity;
        while (remaining > 0 && opposite.size > 0)
        {
            final int index = opposite.size - 1;
            if (opposite.keys[index] < threshold)
            {
                break;
            }
            final int level = opposite.levels[index];
            final long tradePrice = levels.price[level];
            int maker = levels.head[level];
            while (remaining > 0 && maker != NULL)
            {
                final long makerLeaves = orders.leaves[maker];
                final long fill = Math.min(remaining, makerLeaves);
                final long makerRemaining = makerLeaves - fill;
                remaining -= fill;
                orders.leaves[maker] = makerRemaining;
                levels.quantity[level] -= fill;

                final long makerId = orders.orderId[maker];
                final boolean takerBuys = takerSide == Side.BUY;
                publisher.trade(instrument, takerBuys ? takerId : makerId, takerBuys ? makerId : takerId, tradePrice,
                    fill, takerSide);
                publisher.report(makerId, orders.accountId[maker], instrument, orders.side[maker], OrderType.LIMIT,
                    makerRemaining == 0 ? ExecType.FILLED : ExecType.PARTIALLY_FILLED, Reason.NONE, tradePrice, fill,
                    makerRemaining);
                publisher.report(takerId, takerAccount, instrument, takerSide, takerType,
                    remaining == 0 ? ExecType.FILLED : ExecType.PARTIALLY_FILLED, Reason.NONE, tradePrice, fill,
                    remaining);

                final int next = orders.next[maker];
                if (makerRemaining == 0)
                {
                    // A filled maker is always the head of its level: pop it.
                    levels.head[level] = next;
                    if (next == NULL)
                    {
                        levels.tail[level] = NULL;
                    }
                    else
                    {
                        orders.prev[next] = NULL;
                    }
                    levels.count[level]--;
                    books.release(makerId, maker);
                }
                maker = next;
            }
            if (levels.count[level] == 0)
            {
                opposite.removeBest();
                levels.release(level);
            }
        }
        return remaining;
    }

    private void removeResting(final int slot, final short reason)
    {
        final OrderPool orders = books.orders;
        final long orderId = orders.orderId[slot];
        final long accountId = orders.accountId[slot];
        final int instrument = orders.instrument[slot];
        final byte side = orders.side[slot];
        final long price = orders.price[slot];
        final long leaves = orders.leaves[slot];
        books.detach(slot);
        books.release(orderId, slot);
        publisher.report(orderId, accountId, instrument, side, OrderType.LIMIT, ExecType.CANCELLED, reason, price,
            leaves, 0);
    }

    /**
     * @return how many orders rest in all books.
     */
    public int restingOrderCount()
    {
        return books.restingOrderCount();
    }

    /**
     * @return the open quantity of all resting orders, in all books. Walks every level: not for a hot path.
     */
    public long restingQuantity()
    {
        return books.restingQuantity();
    }

    /**
     * @param orderId a client order id.
     * @return its open quantity if it rests in a book, else 0.
     */
    public long leavesQuantity(final long orderId)
    {
        final int slot = books.slotOf(orderId);
        return slot == NULL ? 0 : books.orders.leaves[slot];
    }

    /**
     * @param instrument an instrument id.
     * @param side       {@link Side#BUY} or {@link Side#SELL}.
     * @param price      a price in ticks.
     * @return the open quantity resting at that price, 0 if none.
     * @throws IllegalArgumentException if the instrument or side is invalid.
     */
    public long quantityAt(final int instrument, final byte side, final long price)
    {
        final int level = books.checkedSide(instrument, side).findLevel(price);
        return level == NULL ? 0 : books.levels.quantity[level];
    }

    /**
     * @param instrument an instrument id.
     * @param side       {@link Side#BUY} or {@link Side#SELL}.
     * @return how many price levels that side holds.
     * @throws IllegalArgumentException if the instrument or side is invalid.
     */
    public int levelCount(final int instrument, final byte side)
    {
        return books.checkedSide(instrument, side).size;
    }

    /**
     * @param instrument an instrument id.
     * @return the highest bid price, or {@link #NO_PRICE} if there is no bid.
     * @throws IllegalArgumentException if the instrument is invalid.
     */
    public long bestBid(final int instrument)
    {
        final int level = books.checkedSide(instrument, Side.BUY).bestLevel();
        return level == NULL ? NO_PRICE : books.levels.price[level];
    }

    /**
     * @param instrument an instrument id.
     * @return the lowest ask price, or {@link #NO_PRICE} if there is no ask.
     * @throws IllegalArgumentException if the instrument is invalid.
     */
    public long bestAsk(final int instrument)
    {
        final int level = books.checkedSide(instrument, Side.SELL).bestLevel();
        return level == NULL ? NO_PRICE : books.levels.price[level];
    }

    /**
     * Write the books: a header (magic, version, instrument count, order capacity, resting order count), then for
     * each instrument its bids and its asks, each as a level count followed by levels from the worst price to the
     * best, each level as price, order count and its orders oldest first (order id, account id, open quantity, entry
     * sequence). Little endian. The same books always give the same bytes.
     *
     * @param buffer an expandable buffer to write from offset 0.
     * @return the number of bytes written.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer)
    {
        return BookSnapshot.write(books, buffer);
    }

    /**
     * Replace the books with those of a snapshot written by {@link #writeSnapshot(MutableDirectBuffer)} of a
     * processor with the same instrument count and order capacity.
     *
     * @param buffer holding the snapshot.
     * @param offset of the snapshot in {@code buffer}.
     * @param length of the snapshot.
     * @throws IllegalArgumentException if the snapshot is not a trading snapshot, was written with another
     *                                  configuration, or is truncated or inconsistent; the message says where.
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        BookSnapshot.load(books, buffer, offset, length);
    }

    /**
     * A digest of the configuration and of every book in snapshot order (levels worst to best, orders oldest first,
     * each order's id, account, open quantity and entry sequence). Walks the books: cost grows with the number of
     * resting orders; allocation free.
     *
     * @return the digest.
     */
    @Override
    public long stateDigest()
    {
        final StateHasher hasher = this.hasher.reset(DIGEST_DOMAIN).add(books.instrumentCount).add(books.orderCapacity);
        books.digest(hasher);
        return hasher.digest();
    }
}
