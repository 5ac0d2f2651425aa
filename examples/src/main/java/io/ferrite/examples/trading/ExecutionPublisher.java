package io.ferrite.examples.trading;

import io.ferrite.engine.processor.DomainCounter;
import io.ferrite.engine.processor.EventContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes what {@link MatchingProcessor} sends out for one command: {@link ExecutionReportCodec execution reports}
 * (rejections included) and {@link TradeCodec trades}, numbering the trades of the command, and counts them for
 * dashboards. Encoders and buffers are reused flyweights: nothing is allocated per event.
 * <p>
 * Call {@link #begin(EventContext)} before the first output of a command and {@link #end()} after its last. Not thread
 * safe: used on the processor's thread.
 */
final class ExecutionPublisher
{
    private final UnsafeBuffer reportBuffer = new UnsafeBuffer(new byte[ExecutionReportCodec.LENGTH]);
    private final UnsafeBuffer tradeBuffer = new UnsafeBuffer(new byte[TradeCodec.LENGTH]);
    private final ExecutionReportCodec.Encoder report = new ExecutionReportCodec.Encoder().wrap(reportBuffer, 0);
    private final TradeCodec.Encoder trade = new TradeCodec.Encoder().wrap(tradeBuffer, 0);
    /** Observation only (dashboards): trades matched, commands rejected by reason, orders cancelled by reason. */
    private final DomainCounter trades = new DomainCounter("trades");
    private final DomainCounter[] rejects = new DomainCounter[Reason.BOOK_FULL + 1];
    private final DomainCounter[] cancels = new DomainCounter[Reason.FOK_NOT_FILLABLE - Reason.CANCELLED_BY_CLIENT + 1];
    private final List<DomainCounter> domainCounters = new ArrayList<>();

    private EventContext ctx;
    private int commandType;
    private int matchNumber;

    ExecutionPublisher()
    {
        domainCounters.add(trades);
        for (short reason = Reason.MALFORMED_PAYLOAD; reason < rejects.length; reason++)
        {
            rejects[reason] = new DomainCounter("rejects: " + Reason.name(reason));
            domainCounters.add(rejects[reason]);
        }
        for (int i = 0; i < cancels.length; i++)
        {
            cancels[i] = new DomainCounter("cancels: " + Reason.name((short)(Reason.CANCELLED_BY_CLIENT + i)));
            domainCounters.add(cancels[i]);
        }
    }

    /**
     * @return trades matched, commands rejected by reason and orders cancelled by reason.
     */
    List<DomainCounter> domainCounters()
    {
        return domainCounters;
    }

    /**
     * Start the outputs of the command in {@code ctx}: reports quote its type and trade numbers start again at 0.
     */
    void begin(final EventContext ctx)
    {
        this.ctx = ctx;
        this.commandType = ctx.type();
        this.matchNumber = 0;
    }

    /**
     * End the command's outputs: the context is not kept past the event.
     */
    void end()
    {
        this.ctx = null;
    }

    /**
     * Emit a trade with the next match number of this command and count it.
     */
    void trade(
        final int instrument,
        final long buyOrderId,
        final long sellOrderId,
        final long price,
        final long quantity,
        final byte aggressorSide)
    {
        trade.encode(instrument, buyOrderId, sellOrderId, price, quantity, matchNumber++, aggressorSide);
        ctx.emit(TradingEventType.TRADE, tradeBuffer, 0, TradeCodec.LENGTH);
        trades.increment();
    }

    /**
     * Reject a command whose payload has the wrong length.
     */
    void rejectMalformed(final DirectBuffer buffer, final int offset, final int length)
    {
        // Every command starts with its order id: quote it back when there are enough bytes to read it.
        final long orderId = length >= Long.BYTES ? buffer.getLong(offset, LITTLE_ENDIAN) : 0;
        rejectCommand(orderId, Reason.MALFORMED_PAYLOAD);
    }

    /**
     * Reject a command that names no order of a book, or one that is invalid, with only its order id.
     */
    void rejectCommand(final long orderId, final short reason)
    {
        report(orderId, 0, -1, (byte)0, (byte)0, ExecType.REJECTED, reason, 0, 0, 0);
    }

    /**
     * Emit an execution report for the current command and count rejections and cancellations by reason.
     */
    void report(
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
        if (execType == ExecType.REJECTED && reason > 0 && reason < rejects.length)
        {
            rejects[reason].increment();
        }
        else if (execType == ExecType.CANCELLED && reason >= Reason.CANCELLED_BY_CLIENT &&
            reason - Reason.CANCELLED_BY_CLIENT < cancels.length)
        {
            cancels[reason - Reason.CANCELLED_BY_CLIENT].increment();
        }
    }
}
