package io.ferrite.examples.trading;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;
import io.ferrite.engine.processor.EventSchema;
import io.ferrite.engine.processor.EventSchema.Field;
import org.agrona.DirectBuffer;

/**
 * The "trading" workload: a one-stage pipeline holding a {@link MatchingProcessor} named
 * {@value #PROCESSOR_NAME}, driven by a {@link TradingGenerator} with the {@link TradingMix#EXCHANGE_CORE} mix over
 * {@value TradingGenerator#DEFAULT_INSTRUMENTS} instruments and {@value TradingGenerator#DEFAULT_LANES} lanes.
 * <pre>
 *   journaller ─► matching (MatchingProcessor) ─► sinks: EXECUTION_REPORT, TRADE
 * </pre>
 * Found by {@link java.util.ServiceLoader} under the name {@value #NAME}. Thread safe: every call returns new objects.
 */
public final class TradingWorkload implements Workload
{
    /**
     * The name on the command line.
     */
    public static final String NAME = "trading";

    /**
     * The matching processor's name in the pipeline, snapshots and digests.
     */
    public static final String PROCESSOR_NAME = "matching";

    /**
     * Order pool capacity of the pipeline's processor: room for every lane's order plus ample slack for orders left
     * resting by end-of-cycle moves.
     */
    public static final int ORDER_CAPACITY = 1 << 18;

    /**
     * Largest payload of any input or output (rounded up to a multiple of 8 bytes).
     */
    public static final int MAX_EVENT_LENGTH = 64;

    /**
     * Create the workload (the {@link java.util.ServiceLoader} needs a public no-argument constructor).
     */
    public TradingWorkload()
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
        return "price-time-priority matching engine over " + TradingGenerator.DEFAULT_INSTRUMENTS +
            " instruments, " + TradingMix.EXCHANGE_CORE;
    }

    @Override
    public int maxEventLength()
    {
        return MAX_EVENT_LENGTH;
    }

    @Override
    public Pipeline newPipeline()
    {
        return Pipeline.builder()
            .stage(PROCESSOR_NAME, new MatchingProcessor(TradingGenerator.DEFAULT_INSTRUMENTS, ORDER_CAPACITY))
            .build();
    }

    /**
     * The payload layouts as named fields, for the CSV and JSON-lines codecs, journal dumps and database tables:
     * every field of the four command codecs and the two output codecs. See the README ("Sources and sinks").
     */
    public static final EventSchema SCHEMA = EventSchema.builder()
        .input(TradingEventType.NEW_ORDER, "NEW_ORDER", NewOrderCodec.LENGTH,
            Field.of("order_id", NewOrderCodec.ORDER_ID_OFFSET, 8),
            Field.of("account_id", NewOrderCodec.ACCOUNT_ID_OFFSET, 8),
            Field.of("price", NewOrderCodec.PRICE_OFFSET, 8),
            Field.of("quantity", NewOrderCodec.QUANTITY_OFFSET, 8),
            Field.of("instrument_id", NewOrderCodec.INSTRUMENT_ID_OFFSET, 4),
            Field.of("side", NewOrderCodec.SIDE_OFFSET, 1),
            Field.of("order_type", NewOrderCodec.ORDER_TYPE_OFFSET, 1))
        .input(TradingEventType.CANCEL_ORDER, "CANCEL_ORDER", CancelOrderCodec.LENGTH,
            Field.of("order_id", CancelOrderCodec.ORDER_ID_OFFSET, 8))
        .input(TradingEventType.REDUCE_ORDER, "REDUCE_ORDER", ReduceOrderCodec.LENGTH,
            Field.of("order_id", ReduceOrderCodec.ORDER_ID_OFFSET, 8),
            Field.of("quantity", ReduceOrderCodec.QUANTITY_OFFSET, 8))
        .input(TradingEventType.MOVE_ORDER, "MOVE_ORDER", MoveOrderCodec.LENGTH,
            Field.of("order_id", MoveOrderCodec.ORDER_ID_OFFSET, 8),
            Field.of("price", MoveOrderCodec.PRICE_OFFSET, 8))
        .output(TradingEventType.EXECUTION_REPORT, "EXECUTION_REPORT", ExecutionReportCodec.LENGTH,
            Field.of("order_id", ExecutionReportCodec.ORDER_ID_OFFSET, 8),
            Field.of("account_id", ExecutionReportCodec.ACCOUNT_ID_OFFSET, 8),
            Field.of("price", ExecutionReportCodec.PRICE_OFFSET, 8),
            Field.of("last_quantity", ExecutionReportCodec.LAST_QUANTITY_OFFSET, 8),
            Field.of("leaves_quantity", ExecutionReportCodec.LEAVES_QUANTITY_OFFSET, 8),
            Field.of("instrument_id", ExecutionReportCodec.INSTRUMENT_ID_OFFSET, 4),
            Field.of("command_type", ExecutionReportCodec.COMMAND_TYPE_OFFSET, 4),
            Field.of("reason", ExecutionReportCodec.REASON_OFFSET, 2),
            Field.of("exec_type", ExecutionReportCodec.EXEC_TYPE_OFFSET, 1),
            Field.of("side", ExecutionReportCodec.SIDE_OFFSET, 1),
            Field.of("order_type", ExecutionReportCodec.ORDER_TYPE_OFFSET, 1))
        .output(TradingEventType.TRADE, "TRADE", TradeCodec.LENGTH,
            Field.of("buy_order_id", TradeCodec.BUY_ORDER_ID_OFFSET, 8),
            Field.of("sell_order_id", TradeCodec.SELL_ORDER_ID_OFFSET, 8),
            Field.of("price", TradeCodec.PRICE_OFFSET, 8),
            Field.of("quantity", TradeCodec.QUANTITY_OFFSET, 8),
            Field.of("instrument_id", TradeCodec.INSTRUMENT_ID_OFFSET, 4),
            Field.of("match_number", TradeCodec.MATCH_NUMBER_OFFSET, 4),
            Field.of("aggressor_side", TradeCodec.AGGRESSOR_SIDE_OFFSET, 1))
        .build();

    @Override
    public EventSchema eventSchema()
    {
        return SCHEMA;
    }

    @Override
    public EventGenerator newGenerator(final long seed)
    {
        return new TradingGenerator(seed);
    }

    /**
     * {@inheritDoc}
     * <p>
     * For example {@code NEW_ORDER id=17 acct=3 inst=5 BUY LIMIT 120@4521}; a payload of the wrong length is described
     * as malformed, an unknown type by its number.
     */
    @Override
    public String describeEvent(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        return describe(type, buffer, offset, length);
    }

    /**
     * Describe an input or output of the trading application on one line, for humans. Allocates.
     *
     * @param type   an input or output type of {@link TradingEventType}.
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @return the description.
     */
    public static String describe(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        final String name = TradingEventType.name(type);
        switch (type)
        {
            case TradingEventType.NEW_ORDER:
            {
                if (length != NewOrderCodec.LENGTH)
                {
                    return malformed(name, length, NewOrderCodec.LENGTH);
                }
                final NewOrderCodec.Decoder d = new NewOrderCodec.Decoder().wrap(buffer, offset);
                return name + " id=" + d.orderId() + " acct=" + d.accountId() + " inst=" + d.instrumentId() + " " +
                    Side.name(d.side()) + " " + OrderType.name(d.orderType()) + " " + d.quantity() + "@" + d.price();
            }

            case TradingEventType.CANCEL_ORDER:
            {
                if (length != CancelOrderCodec.LENGTH)
                {
                    return malformed(name, length, CancelOrderCodec.LENGTH);
                }
                return name + " id=" + new CancelOrderCodec.Decoder().wrap(buffer, offset).orderId();
            }

            case TradingEventType.REDUCE_ORDER:
            {
                if (length != ReduceOrderCodec.LENGTH)
                {
                    return malformed(name, length, ReduceOrderCodec.LENGTH);
                }
                final ReduceOrderCodec.Decoder d = new ReduceOrderCodec.Decoder().wrap(buffer, offset);
                return name + " id=" + d.orderId() + " by=" + d.quantity();
            }

            case TradingEventType.MOVE_ORDER:
            {
                if (length != MoveOrderCodec.LENGTH)
                {
                    return malformed(name, length, MoveOrderCodec.LENGTH);
                }
                final MoveOrderCodec.Decoder d = new MoveOrderCodec.Decoder().wrap(buffer, offset);
                return name + " id=" + d.orderId() + " price=" + d.price();
            }

            case TradingEventType.EXECUTION_REPORT:
            {
                if (length != ExecutionReportCodec.LENGTH)
                {
                    return malformed(name, length, ExecutionReportCodec.LENGTH);
                }
                final ExecutionReportCodec.Decoder d = new ExecutionReportCodec.Decoder().wrap(buffer, offset);
                final String reason = d.reason() == Reason.NONE ? "" : " reason=" + Reason.name(d.reason());
                return name + " " + ExecType.name(d.execType()) + reason + " id=" + d.orderId() + " acct=" +
                    d.accountId() + " inst=" + d.instrumentId() + " " + Side.name(d.side()) + " " +
                    OrderType.name(d.orderType()) + " last=" + d.lastQuantity() + "@" + d.price() + " leaves=" +
                    d.leavesQuantity() + " cmd=" + TradingEventType.name(d.commandType());
            }

            case TradingEventType.TRADE:
            {
                if (length != TradeCodec.LENGTH)
                {
                    return malformed(name, length, TradeCodec.LENGTH);
                }
                final TradeCodec.Decoder d = new TradeCodec.Decoder().wrap(buffer, offset);
                return name + " inst=" + d.instrumentId() + " " + d.quantity() + "@" + d.price() + " buy=" +
                    d.buyOrderId() + " sell=" + d.sellOrderId() + " aggressor=" + Side.name(d.aggressorSide()) +
                    " match=" + d.matchNumber();
            }

            default:
                return name + " length=" + length + " (not a trading event)";
        }
    }

    private static String malformed(final String name, final int length, final int expected)
    {
        return name + " <malformed: length " + length + ", expected " + expected + ">";
    }
}
