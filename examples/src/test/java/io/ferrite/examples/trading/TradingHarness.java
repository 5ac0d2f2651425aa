package io.ferrite.examples.trading;

import io.ferrite.examples.testing.RecordingContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link MatchingProcessor} with hand-written commands and decodes what it emits into comparable records.
 */
final class TradingHarness
{
    static final long BASE_TIME = 1_000_000_000L;
    private static final int OFFSET = 16;

    /**
     * A decoded execution report.
     */
    record Report(
        byte execType,
        short reason,
        long orderId,
        byte side,
        byte orderType,
        long price,
        long last,
        long leaves,
        int instrument,
        long accountId,
        int commandType)
    {
        @Override
        public String toString()
        {
            return ExecType.name(execType) + "(" + Reason.name(reason) + ", id=" + orderId + ", " + Side.name(side) +
                " " + OrderType.name(orderType) + ", " + last + "@" + price + ", leaves=" + leaves + ", inst=" +
                instrument + ", acct=" + accountId + ", cmd=" + commandType + ")";
        }
    }

    /**
     * A decoded trade.
     */
    record Trade(int instrument, long buyOrderId, long sellOrderId, long price, long quantity, int matchNumber,
        byte aggressorSide)
    {
    }

    final MatchingProcessor engine;
    final RecordingContext ctx = RecordingContext.recording();
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[OFFSET + 128]);
    private final NewOrderCodec.Encoder newOrder = new NewOrderCodec.Encoder();
    private long sequence;

    TradingHarness(final int instruments, final int capacity)
    {
        this.engine = new MatchingProcessor(instruments, capacity);
    }

    TradingHarness()
    {
        this(4, 1024);
    }

    long sequence()
    {
        return sequence;
    }

    List<Object> limit(final long id, final byte side, final long price, final long quantity)
    {
        return order(id, 0, side, OrderType.LIMIT, price, quantity);
    }

    List<Object> order(
        final long id, final int instrument, final byte side, final byte type, final long price, final long quantity)
    {
        newOrder.wrap(in, OFFSET).orderId(id).accountId(100 + id).instrumentId(instrument).side(side).orderType(type)
            .price(price).quantity(quantity);
        return send(TradingEventType.NEW_ORDER, NewOrderCodec.LENGTH);
    }

    List<Object> cancel(final long id)
    {
        new CancelOrderCodec.Encoder().wrap(in, OFFSET).orderId(id);
        return send(TradingEventType.CANCEL_ORDER, CancelOrderCodec.LENGTH);
    }

    List<Object> reduce(final long id, final long quantity)
    {
        new ReduceOrderCodec.Encoder().wrap(in, OFFSET).orderId(id).quantity(quantity);
        return send(TradingEventType.REDUCE_ORDER, ReduceOrderCodec.LENGTH);
    }

    List<Object> move(final long id, final long price)
    {
        new MoveOrderCodec.Encoder().wrap(in, OFFSET).orderId(id).price(price);
        return send(TradingEventType.MOVE_ORDER, MoveOrderCodec.LENGTH);
    }

    /**
     * Send a raw event whose payload is the first {@code length} bytes last encoded (or garbage).
     */
    List<Object> send(final int type, final int length)
    {
        sequence++;
        ctx.deliver(engine, sequence, BASE_TIME + sequence, type, in, OFFSET, length);
        return decode(ctx.drain());
    }

    UnsafeBuffer input()
    {
        return in;
    }

    static int inputOffset()
    {
        return OFFSET;
    }

    static List<Object> decode(final List<RecordingContext.Output> outputs)
    {
        final List<Object> decoded = new ArrayList<>(outputs.size());
        final ExecutionReportCodec.Decoder report = new ExecutionReportCodec.Decoder();
        final TradeCodec.Decoder trade = new TradeCodec.Decoder();
        for (final RecordingContext.Output output : outputs)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(output.payload());
            if (output.type() == TradingEventType.EXECUTION_REPORT)
            {
                if (output.payload().length != ExecutionReportCodec.LENGTH)
                {
                    throw new AssertionError("report of length " + output.payload().length);
                }
                report.wrap(buffer, 0);
                decoded.add(new Report(report.execType(), report.reason(), report.orderId(), report.side(),
                    report.orderType(), report.price(), report.lastQuantity(), report.leavesQuantity(),
                    report.instrumentId(), report.accountId(), report.commandType()));
            }
            else if (output.type() == TradingEventType.TRADE)
            {
                if (output.payload().length != TradeCodec.LENGTH)
                {
                    throw new AssertionError("trade of length " + output.payload().length);
                }
                trade.wrap(buffer, 0);
                decoded.add(new Trade(trade.instrumentId(), trade.buyOrderId(), trade.sellOrderId(), trade.price(),
                    trade.quantity(), trade.matchNumber(), trade.aggressorSide()));
            }
            else
            {
                throw new AssertionError("unexpected output type " + output.type());
            }
        }
        return decoded;
    }

    // Expected-record factories for instrument 0 orders placed through limit()/order() (account = 100 + id).

    static Report accepted(final long id, final byte side, final byte type, final long price, final long quantity)
    {
        return new Report(ExecType.ACCEPTED, Reason.NONE, id, side, type, price, quantity, quantity, 0, 100 + id,
            TradingEventType.NEW_ORDER);
    }

    static Report fill(
        final long id,
        final byte side,
        final byte type,
        final long price,
        final long quantity,
        final long leaves,
        final int command)
    {
        return new Report(leaves == 0 ? ExecType.FILLED : ExecType.PARTIALLY_FILLED, Reason.NONE, id, side, type, price,
            quantity, leaves, 0, 100 + id, command);
    }

    static Report cancelled(
        final long id,
        final byte side,
        final byte type,
        final short reason,
        final long price,
        final long quantity,
        final int command)
    {
        return new Report(ExecType.CANCELLED, reason, id, side, type, price, quantity, 0, 0, 100 + id, command);
    }

    static Report rejected(final long id, final short reason, final int command)
    {
        return new Report(ExecType.REJECTED, reason, id, (byte)0, (byte)0, 0, 0, 0, -1, 0, command);
    }

    static Trade trade(final long buyId, final long sellId, final long price, final long quantity, final int match,
        final byte aggressor)
    {
        return new Trade(0, buyId, sellId, price, quantity, match, aggressor);
    }
}
