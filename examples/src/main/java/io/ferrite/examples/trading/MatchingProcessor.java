package io.ferrite.examples.trading;

import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.examples.support.SnapshotReader;
import io.ferrite.examples.support.StateHasher;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

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
 * an Agrona {@link Long2LongHashMap} sized so that it never rehashes; levels live in a preallocated pool; each book
 * side keeps its levels in sorted arrays (best last) that grow only when a side gets deeper than ever before. In steady
 * state {@link #onEvent(EventContext)} allocates nothing: codecs are reused flyweights over preallocated buffers. When
 * the pool is full a limit order that would rest is rejected with {@link Reason#BOOK_FULL}.
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

    static final int SNAPSHOT_MAGIC = 0x4D545246; // "FRTM" little endian
    static final int SNAPSHOT_VERSION = 1;
    private static final long DIGEST_DOMAIN = 0x74726164696E6701L;
    private static final int NULL = OrderPool.NULL;

    private final int instrumentCount;
    private final int orderCapacity;
    private final BookSide[] bids;
    private final BookSide[] asks;
    private final OrderPool orders;
    private final LevelPool levels;
    private final Long2LongHashMap slotByOrderId;

    private final NewOrderCodec.Decoder newOrder = new NewOrderCodec.Decoder();
    private final CancelOrderCodec.Decoder cancelOrder = new CancelOrderCodec.Decoder();
    private final ReduceOrderCodec.Decoder reduceOrder = new ReduceOrderCodec.Decoder();
    private final MoveOrderCodec.Decoder moveOrder = new MoveOrderCodec.Decoder();
    private final UnsafeBuffer reportBuffer = new UnsafeBuffer(new byte[ExecutionReportCodec.LENGTH]);
    private final UnsafeBuffer tradeBuffer = new UnsafeBuffer(new byte[TradeCodec.LENGTH]);
    private final ExecutionReportCodec.Encoder report = new ExecutionReportCodec.Encoder().wrap(reportBuffer, 0);
    private final TradeCodec.Encoder trade = new TradeCodec.Encoder().wrap(tradeBuffer, 0);
    private final StateHasher hasher = new StateHasher();

    private EventContext ctx;
    private int commandType;
    private int matchNumber;

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
        this.instrumentCount = instrumentCount;
        this.orderCapacity = orderCapacity;
        bids = new BookSide[instrumentCount];
        asks = new BookSide[instrumentCount];
        for (int i = 0; i < instrumentCount; i++)
        {
            bids[i] = new BookSide(true);
            asks[i] = new BookSide(false);
        }
        orders = new OrderPool(orderCapacity);
        levels = new LevelPool(orderCapacity);
        // Twice the capacity keeps the load factor under 0.5, below the 0.65 resize threshold: the map never rehashes.
        slotByOrderId = new Long2LongHashMap(Math.max(16, orderCapacity * 2), 0.65f, NULL);
    }

    /**
     * @return the number of instruments.
     */
    public int instrumentCount()
    {
        return instrumentCount;
    }

    /**
     * @return the order pool's capacity.
     */
    public int orderCapacity()
    {
        return orderCapacity;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onEvent(final EventContext ctx)
    {
        this.ctx = ctx;
        this.matchNumber = 0;
        final int type = ctx.type();
        this.commandType = type;
        final DirectBuffer buffer = ctx.buffer();
        final int offset = ctx.payloadOffset();
        final int length = ctx.length();
        switch (type)
        {
            case TradingEventType.NEW_ORDER:
                if (length == NewOrderCodec.LENGTH)
                {
                    onNewOrder(newOrder.wrap(buffer, offset), ctx.sequence());
                }
                else
                {
                    rejectMalformed(buffer, offset, length);
                }
                break;

            case TradingEventType.CANCEL_ORDER:
                if (length == CancelOrderCodec.LENGTH)
                {
                    onCancel(cancelOrder.wrap(buffer, offset).orderId());
                }
                else
                {
                    rejectMalformed(buffer, offset, length);
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
                    rejectMalformed(buffer, offset, length);
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
                    rejectMalformed(buffer, offset, length);
                }
                break;

            default:
                rejectCommand(0, Reason.UNKNOWN_EVENT_TYPE);
                break;
        }
        this.ctx = null;
    }

    private void onNewOrder(final NewOrderCodec.Decoder order, final long sequence)
    {
        final long orderId = order.orderId();
        final long accountId = order.accountId();
        final int instrument = order.instrumentId();
        final byte side = order.side();
        final byte type = order.orderType();
        final long price = order.price();
        final long quantity = order.quantity();

        short reason = validateNewOrder(orderId, instrument, side, type, price, quantity);
        final BookSide opposite =
            reason == Reason.NONE ? (side == Side.BUY ? asks[instrument] : bids[instrument]) : null;
        final long threshold = type == OrderType.MARKET || opposite == null ? Long.MIN_VALUE : opposite.key(price);

        long fillable = quantity;
        final boolean poolFull = orders.available() == 0;
        if (reason == Reason.NONE && (type == OrderType.FOK || (type == OrderType.LIMIT && poolFull)))
        {
            fillable = fillableQuantity(opposite, threshold, quantity);
            if (type == OrderType.LIMIT && fillable < quantity)
            {
                reason = Reason.BOOK_FULL;
            }
        }
        if (reason != Reason.NONE)
        {
            emitReport(orderId, accountId, instrument, side, type, ExecType.REJECTED, reason, price, quantity, 0);
            return;
        }

        emitReport(orderId, accountId, instrument, side, type, ExecType.ACCEPTED, Reason.NONE, price, quantity,
            quantity);
        if (type == OrderType.FOK && fillable < quantity)
        {
            emitReport(orderId, accountId, instrument, side, type, ExecType.CANCELLED, Reason.FOK_NOT_FILLABLE,
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
                final int slot = orders.allocate();
                orders.orderId[slot] = orderId;
                orders.accountId[slot] = accountId;
                orders.instrument[slot] = instrument;
                orders.side[slot] = side;
                orders.price[slot] = price;
                orders.leaves[slot] = remaining;
                slotByOrderId.put(orderId, slot);
                rest(slot, sequence);
                break;

            case OrderType.IOC:
                emitReport(orderId, accountId, instrument, side, type, ExecType.CANCELLED, Reason.IOC_REMAINDER,
                    price, remaining, 0);
                break;

            default: // MARKET: FOK never has a remainder here, it was checked above
                emitReport(orderId, accountId, instrument, side, type, ExecType.CANCELLED, Reason.MARKET_NO_LIQUIDITY,
                    price, remaining, 0);
                break;
        }
    }

    private short validateNewOrder(
        final long orderId,
        final int instrument,
        final byte side,
        final byte type,
        final long price,
        final long quantity)
    {
        if (orderId <= 0)
        {
            return Reason.INVALID_ORDER_ID;
        }
        if (instrument < 0 || instrument >= instrumentCount)
        {
            return Reason.UNKNOWN_INSTRUMENT;
        }
        if (!Side.isValid(side))
        {
            return Reason.INVALID_SIDE;
        }
        if (!OrderType.isValid(type))
        {
            return Reason.INVALID_ORDER_TYPE;
        }
        if (quantity < 1 || quantity > MAX_QUANTITY)
        {
            return Reason.INVALID_QUANTITY;
        }
        if (type == OrderType.MARKET ? price != 0 : (price < 1 || price > MAX_PRICE))
        {
            return Reason.INVALID_PRICE;
        }
        if (slotByOrderId.containsKey(orderId))
        {
            return Reason.DUPLICATE_ORDER_ID;
        }
        return Reason.NONE;
    }

    private void onCancel(final long orderId)
    {
        final int slot = (int)slotByOrderId.get(orderId);
        if (slot == NULL)
        {
            rejectCommand(orderId, Reason.UNKNOWN_ORDER);
            return;
        }
        removeResting(slot, Reason.CANCELLED_BY_CLIENT);
    }

    private void onReduce(final long orderId, final long quantity)
    {
        if (quantity < 1 || quantity > MAX_QUANTITY)
        {
            rejectCommand(orderId, Reason.INVALID_QUANTITY);
            return;
        }
        final int slot = (int)slotByOrderId.get(orderId);
        if (slot == NULL)
        {
            rejectCommand(orderId, Reason.UNKNOWN_ORDER);
            return;
        }
        final OrderPool orders = this.orders;
        final long leaves = orders.leaves[slot];
        if (quantity >= leaves)
        {
            removeResting(slot, Reason.REDUCED_TO_ZERO);
            return;
        }
        // Quantity down in place: the order keeps its position in the level's queue.
        final long newLeaves = leaves - quantity;
        orders.leaves[slot] = newLeaves;
        levels.quantity[orders.level[slot]] -= quantity;
        emitReport(orderId, orders.accountId[slot], orders.instrument[slot], orders.side[slot], OrderType.LIMIT,
            ExecType.REDUCED, Reason.NONE, orders.price[slot], quantity, newLeaves);
    }

    private void onMove(final long orderId, final long price, final long sequence)
    {
        if (price < 1 || price > MAX_PRICE)
        {
            rejectCommand(orderId, Reason.INVALID_PRICE);
            return;
        }
        final int slot = (int)slotByOrderId.get(orderId);
        if (slot == NULL)
        {
            rejectCommand(orderId, Reason.UNKNOWN_ORDER);
            return;
        }
        final OrderPool orders = this.orders;
        final long accountId = orders.accountId[slot];
        final int instrument = orders.instrument[slot];
        final byte side = orders.side[slot];
        final long leaves = orders.leaves[slot];

        // Out of its queue first: it then trades as an incoming order and, if anything is left, joins the back of the
        // queue at its new price, which is what losing time priority means.
        detach(slot);
        orders.price[slot] = price;
        emitReport(orderId, accountId, instrument, side, OrderType.LIMIT, ExecType.MOVED, Reason.NONE, price, 0,
            leaves);

        final BookSide opposite = side == Side.BUY ? asks[instrument] : bids[instrument];
        final long remaining =
            match(opposite, opposite.key(price), orderId, accountId, instrument, side, OrderType.LIMIT, leaves);
        if (remaining == 0)
        {
            slotByOrderId.remove(orderId);
            orders.release(slot);
        }
        else
        {
            orders.leaves[slot] = remaining;
            rest(slot, sequence);
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
        final OrderPool orders = this.orders;
        final LevelPool levels = this.levels;
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
                trade.encode(instrument, takerBuys ? takerId : makerId, takerBuys ? makerId : takerId, tradePrice, fill,
                    matchNumber++, takerSide);
                ctx.emit(TradingEventType.TRADE, tradeBuffer, 0, TradeCodec.LENGTH);
                emitReport(makerId, orders.accountId[maker], instrument, orders.side[maker], OrderType.LIMIT,
                    makerRemaining == 0 ? ExecType.FILLED : ExecType.PARTIALLY_FILLED, Reason.NONE, tradePrice, fill,
                    makerRemaining);
                emitReport(takerId, takerAccount, instrument, takerSide, takerType,
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
                    slotByOrderId.remove(makerId);
                    orders.release(maker);
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

    /**
     * @return how much of {@code quantity} the opposite side could fill within the threshold, without changing it.
     */
    private long fillableQuantity(final BookSide opposite, final long threshold, final long quantity)
    {
        long available = 0;
        for (int index = opposite.size - 1; index >= 0 && available < quantity; index--)
        {
            if (opposite.keys[index] < threshold)
            {
                break;
            }
            available += levels.quantity[opposite.levels[index]];
        }
        return Math.min(available, quantity);
    }

    /**
     * Put an order whose fields are set at the back of the queue at its price, creating the level if needed.
     */
    private void rest(final int slot, final long sequence)
    {
        final OrderPool orders = this.orders;
        final LevelPool levels = this.levels;
        final long price = orders.price[slot];
        final BookSide own = ownSide(slot);
        int level = own.findLevel(price);
        if (level == NULL)
        {
            level = levels.allocate(price);
            own.insert(price, level);
        }
        append(level, slot);
        orders.entrySequence[slot] = sequence;
    }

    private void append(final int level, final int slot)
    {
        final OrderPool orders = this.orders;
        final LevelPool levels = this.levels;
        final int tail = levels.tail[level];
        orders.prev[slot] = tail;
        orders.next[slot] = NULL;
        orders.level[slot] = level;
        if (tail == NULL)
        {
            levels.head[level] = slot;
        }
        else
        {
            orders.next[tail] = slot;
        }
        levels.tail[level] = slot;
        levels.count[level]++;
        levels.quantity[level] += orders.leaves[slot];
    }

    /**
     * Take an order out of its level's queue, dropping the level if it empties. The order keeps its slot and id.
     */
    private void detach(final int slot)
    {
        final OrderPool orders = this.orders;
        final LevelPool levels = this.levels;
        final int level = orders.level[slot];
        final int prev = orders.prev[slot];
        final int next = orders.next[slot];
        if (prev == NULL)
        {
            levels.head[level] = next;
        }
        else
        {
            orders.next[prev] = next;
        }
        if (next == NULL)
        {
            levels.tail[level] = prev;
        }
        else
        {
            orders.prev[next] = prev;
        }
        levels.quantity[level] -= orders.leaves[slot];
        if (--levels.count[level] == 0)
        {
            ownSide(slot).remove(levels.price[level]);
            levels.release(level);
        }
    }

    private BookSide ownSide(final int slot)
    {
        final int instrument = orders.instrument[slot];
        return orders.side[slot] == Side.BUY ? bids[instrument] : asks[instrument];
    }

    private void removeResting(final int slot, final short reason)
    {
        final OrderPool orders = this.orders;
        final long orderId = orders.orderId[slot];
        final long accountId = orders.accountId[slot];
        final int instrument = orders.instrument[slot];
        final byte side = orders.side[slot];
        final long price = orders.price[slot];
        final long leaves = orders.leaves[slot];
        detach(slot);
        slotByOrderId.remove(orderId);
        orders.release(slot);
        emitReport(orderId, accountId, instrument, side, OrderType.LIMIT, ExecType.CANCELLED, reason, price, leaves, 0);
    }

    private void rejectMalformed(final DirectBuffer buffer, final int offset, final int length)
    {
        // Every command starts with its order id: quote it back when there are enough bytes to read it.
        final long orderId = length >= Long.BYTES ? buffer.getLong(offset, LITTLE_ENDIAN) : 0;
        rejectCommand(orderId, Reason.MALFORMED_PAYLOAD);
    }

    private void rejectCommand(final long orderId, final short reason)
    {
        emitReport(orderId, 0, -1, (byte)0, (byte)0, ExecType.REJECTED, reason, 0, 0, 0);
    }

    private void emitReport(
        final long orderId,
        final long accountId,
        final int instrument,
        final byte side,
        final byte orderType,
        final byte execType,
        final short reason,
        final long price,
        final long lastQuantity,
        final long leavesQuantity)
    {
        report.encode(orderId, accountId, instrument, side, orderType, commandType, execType, reason, price,
            lastQuantity, leavesQuantity);
        ctx.emit(TradingEventType.EXECUTION_REPORT, reportBuffer, 0, ExecutionReportCodec.LENGTH);
    }

    /**
     * @return how many orders rest in all books.
     */
    public int restingOrderCount()
    {
        return slotByOrderId.size();
    }

    /**
     * @return the open quantity of all resting orders, in all books. Walks every level: not for a hot path.
     */
    public long restingQuantity()
    {
        long total = 0;
        for (int i = 0; i < instrumentCount; i++)
        {
            total += sideQuantity(bids[i]) + sideQuantity(asks[i]);
        }
        return total;
    }

    private long sideQuantity(final BookSide side)
    {
        long total = 0;
        for (int index = 0; index < side.size; index++)
        {
            total += levels.quantity[side.levels[index]];
        }
        return total;
    }

    /**
     * @param orderId a client order id.
     * @return its open quantity if it rests in a book, else 0.
     */
    public long leavesQuantity(final long orderId)
    {
        final int slot = (int)slotByOrderId.get(orderId);
        return slot == NULL ? 0 : orders.leaves[slot];
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
        final int level = bookSide(instrument, side).findLevel(price);
        return level == NULL ? 0 : levels.quantity[level];
    }

    /**
     * @param instrument an instrument id.
     * @param side       {@link Side#BUY} or {@link Side#SELL}.
     * @return how many price levels that side holds.
     * @throws IllegalArgumentException if the instrument or side is invalid.
     */
    public int levelCount(final int instrument, final byte side)
    {
        return bookSide(instrument, side).size;
    }

    /**
     * @param instrument an instrument id.
     * @return the highest bid price, or {@link #NO_PRICE} if there is no bid.
     * @throws IllegalArgumentException if the instrument is invalid.
     */
    public long bestBid(final int instrument)
    {
        final int level = bookSide(instrument, Side.BUY).bestLevel();
        return level == NULL ? NO_PRICE : levels.price[level];
    }

    /**
     * @param instrument an instrument id.
     * @return the lowest ask price, or {@link #NO_PRICE} if there is no ask.
     * @throws IllegalArgumentException if the instrument is invalid.
     */
    public long bestAsk(final int instrument)
    {
        final int level = bookSide(instrument, Side.SELL).bestLevel();
        return level == NULL ? NO_PRICE : levels.price[level];
    }

    private BookSide bookSide(final int instrument, final byte side)
    {
        if (instrument < 0 || instrument >= instrumentCount)
        {
            throw new IllegalArgumentException(
                "instrument must be in [0, " + instrumentCount + "), was " + instrument);
        }
        if (!Side.isValid(side))
        {
            throw new IllegalArgumentException("invalid side " + side);
        }
        return side == Side.BUY ? bids[instrument] : asks[instrument];
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
        int position = 0;
        buffer.putInt(position, SNAPSHOT_MAGIC, LITTLE_ENDIAN);
        buffer.putInt(position + 4, SNAPSHOT_VERSION, LITTLE_ENDIAN);
        buffer.putInt(position + 8, instrumentCount, LITTLE_ENDIAN);
        buffer.putInt(position + 12, orderCapacity, LITTLE_ENDIAN);
        buffer.putInt(position + 16, slotByOrderId.size(), LITTLE_ENDIAN);
        position += 20;
        for (int i = 0; i < instrumentCount; i++)
        {
            position = writeSide(buffer, position, bids[i]);
            position = writeSide(buffer, position, asks[i]);
        }
        return position;
    }

    private int writeSide(final MutableDirectBuffer buffer, final int start, final BookSide side)
    {
        int position = start;
        buffer.putInt(position, side.size, LITTLE_ENDIAN);
        position += 4;
        for (int index = 0; index < side.size; index++)
        {
            final int level = side.levels[index];
            buffer.putLong(position, levels.price[level], LITTLE_ENDIAN);
            buffer.putInt(position + 8, levels.count[level], LITTLE_ENDIAN);
            position += 12;
            for (int slot = levels.head[level]; slot != NULL; slot = orders.next[slot])
            {
                buffer.putLong(position, orders.orderId[slot], LITTLE_ENDIAN);
                buffer.putLong(position + 8, orders.accountId[slot], LITTLE_ENDIAN);
                buffer.putLong(position + 16, orders.leaves[slot], LITTLE_ENDIAN);
                buffer.putLong(position + 24, orders.entrySequence[slot], LITTLE_ENDIAN);
                position += 32;
            }
        }
        return position;
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
        clear();
        final SnapshotReader reader = new SnapshotReader(buffer, offset, length);
        final int magic = reader.readInt("magic");
        if (magic != SNAPSHOT_MAGIC)
        {
            throw new IllegalArgumentException("not a trading snapshot: magic 0x" + Integer.toHexString(magic) +
                ", expected 0x" + Integer.toHexString(SNAPSHOT_MAGIC));
        }
        final int version = reader.readInt("version");
        if (version != SNAPSHOT_VERSION)
        {
            throw new IllegalArgumentException(
                "unsupported trading snapshot version " + version + ", expected " + SNAPSHOT_VERSION);
        }
        final int snapshotInstruments = reader.readInt("instrumentCount");
        final int snapshotCapacity = reader.readInt("orderCapacity");
        if (snapshotInstruments != instrumentCount || snapshotCapacity != orderCapacity)
        {
            throw new IllegalArgumentException("trading snapshot was written by a processor with " +
                snapshotInstruments + " instruments and order capacity " + snapshotCapacity + ", this one has " +
                instrumentCount + " and " + orderCapacity);
        }
        final int orderCount = reader.readInt("orderCount");
        for (int i = 0; i < instrumentCount; i++)
        {
            loadSide(reader, i, Side.BUY);
            loadSide(reader, i, Side.SELL);
        }
        reader.expectEnd();
        if (orderCount != slotByOrderId.size())
        {
            throw new IllegalArgumentException("trading snapshot header says " + orderCount +
                " resting orders, the books hold " + slotByOrderId.size());
        }
    }

    private void loadSide(final SnapshotReader reader, final int instrument, final byte side)
    {
        final BookSide bookSide = side == Side.BUY ? bids[instrument] : asks[instrument];
        final int levelCount = reader.readInt("levelCount");
        for (int l = 0; l < levelCount; l++)
        {
            final long price = reader.readLong("level price");
            final int count = reader.readInt("level order count");
            if (price < 1 || price > MAX_PRICE || count < 1)
            {
                throw new IllegalArgumentException("invalid level in trading snapshot at byte " + reader.position() +
                    ": price " + price + ", " + count + " orders (instrument " + instrument + ")");
            }
            final int level = levels.allocate(price);
            bookSide.appendBest(price, level);
            for (int o = 0; o < count; o++)
            {
                if (orders.available() == 0)
                {
                    throw new IllegalArgumentException("trading snapshot holds more orders than the capacity " +
                        orderCapacity);
                }
                final long orderId = reader.readLong("order id");
                final int slot = orders.allocate();
                orders.orderId[slot] = orderId;
                orders.accountId[slot] = reader.readLong("account id");
                orders.leaves[slot] = reader.readLong("leaves");
                orders.entrySequence[slot] = reader.readLong("entry sequence");
                orders.price[slot] = price;
                orders.instrument[slot] = instrument;
                orders.side[slot] = side;
                if (orderId <= 0 || slotByOrderId.put(orderId, slot) != NULL)
                {
                    throw new IllegalArgumentException("invalid or duplicate order id " + orderId +
                        " in trading snapshot");
                }
                append(level, slot);
            }
        }
    }

    private void clear()
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            bids[i].clear();
            asks[i].clear();
        }
        orders.clear();
        levels.clear();
        slotByOrderId.clear();
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
        final StateHasher hasher = this.hasher.reset(DIGEST_DOMAIN).add(instrumentCount).add(orderCapacity);
        for (int i = 0; i < instrumentCount; i++)
        {
            digestSide(hasher, bids[i]);
            digestSide(hasher, asks[i]);
        }
        return hasher.digest();
    }

    private void digestSide(final StateHasher hasher, final BookSide side)
    {
        hasher.add(side.size);
        for (int index = 0; index < side.size; index++)
        {
            final int level = side.levels[index];
            hasher.add(levels.price[level]).add(levels.count[level]);
            for (int slot = levels.head[level]; slot != NULL; slot = orders.next[slot])
            {
                hasher.add(orders.orderId[slot])
                    .add(orders.accountId[slot])
                    .add(orders.leaves[slot])
                    .add(orders.entrySequence[slot]);
            }
        }
    }
}
