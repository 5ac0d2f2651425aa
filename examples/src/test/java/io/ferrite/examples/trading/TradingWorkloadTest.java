package io.ferrite.examples.trading;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Workload;
import io.ferrite.examples.testing.TestEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradingWorkloadTest
{
    private final TradingWorkload workload = new TradingWorkload();

    @Test
    void shouldBeFoundByTheServiceLoaderUnderItsName()
    {
        final Workload found = ServiceLoader.load(Workload.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(w -> w.name().equals("trading"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workload named trading"));

        assertInstanceOf(TradingWorkload.class, found);
    }

    @Test
    void shouldBuildAFreshMatchingPipelineEachTime()
    {
        final Pipeline first = workload.newPipeline();
        final Pipeline second = workload.newPipeline();

        assertEquals(1, first.processors().size());
        final ProcessorSpec spec = first.processors().get(0);
        assertEquals(TradingWorkload.PROCESSOR_NAME, spec.name());
        final MatchingProcessor processor = assertInstanceOf(MatchingProcessor.class, spec.processor());
        assertEquals(0, processor.restingOrderCount());
        assertEquals(TradingGenerator.DEFAULT_INSTRUMENTS, processor.instrumentCount());
        assertNotSame(processor, second.processors().get(0).processor());
    }

    @Test
    void shouldDeclareAMaxLengthThatFitsEveryPayload()
    {
        final int max = workload.maxEventLength();
        for (final int length : new int[]{NewOrderCodec.LENGTH, CancelOrderCodec.LENGTH, ReduceOrderCodec.LENGTH,
            MoveOrderCodec.LENGTH, ExecutionReportCodec.LENGTH, TradeCodec.LENGTH})
        {
            assertTrue(length <= max, length + " > " + max);
        }
        assertTrue(max <= 256);
    }

    @Test
    void shouldGenerateWhatTheDefaultGeneratorGenerates()
    {
        final EventGenerator fromWorkload = workload.newGenerator(77);
        final TradingGenerator direct = new TradingGenerator(77);
        final TestEvent a = new TestEvent(workload.maxEventLength());
        final TestEvent b = new TestEvent(workload.maxEventLength());
        for (long i = 1; i <= 1_000; i++)
        {
            fromWorkload.generate(a.reset(i));
            direct.generate(b.reset(i));
            assertEquals(b.copy(), a.copy());
        }
    }

    @Test
    void shouldDescribeEachCommandOnOneLine()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        new NewOrderCodec.Encoder().wrap(buffer, 0).orderId(17).accountId(3).instrumentId(5).side(Side.BUY)
            .orderType(OrderType.LIMIT).quantity(120).price(4521);
        assertEquals("NEW_ORDER id=17 acct=3 inst=5 BUY LIMIT 120@4521",
            workload.describeEvent(TradingEventType.NEW_ORDER, buffer, 0, NewOrderCodec.LENGTH));

        new CancelOrderCodec.Encoder().wrap(buffer, 0).orderId(17);
        assertEquals("CANCEL_ORDER id=17",
            workload.describeEvent(TradingEventType.CANCEL_ORDER, buffer, 0, CancelOrderCodec.LENGTH));

        new ReduceOrderCodec.Encoder().wrap(buffer, 0).orderId(17).quantity(4);
        assertEquals("REDUCE_ORDER id=17 by=4",
            workload.describeEvent(TradingEventType.REDUCE_ORDER, buffer, 0, ReduceOrderCodec.LENGTH));

        new MoveOrderCodec.Encoder().wrap(buffer, 0).orderId(17).price(4530);
        assertEquals("MOVE_ORDER id=17 price=4530",
            workload.describeEvent(TradingEventType.MOVE_ORDER, buffer, 0, MoveOrderCodec.LENGTH));
    }

    @Test
    void shouldDescribeOutputsOnOneLine()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        new ExecutionReportCodec.Encoder().wrap(buffer, 0).encode(17, 3, 5, Side.SELL, OrderType.IOC,
            TradingEventType.NEW_ORDER, ExecType.CANCELLED, Reason.IOC_REMAINDER, 4521, 7, 0);
        assertEquals("EXECUTION_REPORT CANCELLED reason=IOC_REMAINDER id=17 acct=3 inst=5 SELL IOC last=7@4521 " +
            "leaves=0 cmd=NEW_ORDER",
            TradingWorkload.describe(TradingEventType.EXECUTION_REPORT, buffer, 0, ExecutionReportCodec.LENGTH));

        new TradeCodec.Encoder().wrap(buffer, 0).encode(5, 17, 18, 4521, 7, 2, Side.BUY);
        assertEquals("TRADE inst=5 7@4521 buy=17 sell=18 aggressor=BUY match=2",
            TradingWorkload.describe(TradingEventType.TRADE, buffer, 0, TradeCodec.LENGTH));
    }

    @Test
    void shouldDescribeMalformedAndUnknownEvents()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

        assertEquals("NEW_ORDER <malformed: length 12, expected 40>",
            workload.describeEvent(TradingEventType.NEW_ORDER, buffer, 0, 12));
        assertEquals("TYPE(99) length=3 (not a trading event)", workload.describeEvent(99, buffer, 0, 3));
    }

    @Test
    void shouldDescribeEveryGeneratedEvent()
    {
        final EventGenerator generator = workload.newGenerator(1);
        final TestEvent event = new TestEvent(workload.maxEventLength());
        for (long i = 1; i <= 2_000; i++)
        {
            generator.generate(event.reset(i));
            final String line = workload.describeEvent(event.type(), event.buffer(), TestEvent.PAYLOAD_OFFSET,
                event.length());
            assertTrue(line.startsWith(TradingEventType.name(event.type()) + " id="), line);
            assertTrue(!line.contains("\n") && !line.contains("malformed"), line);
        }
    }
}
