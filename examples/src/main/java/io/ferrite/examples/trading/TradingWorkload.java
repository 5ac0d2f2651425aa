package io.ferrite.examples.trading;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Workload;
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
