package io.ferrite.connectors.file;

import io.ferrite.connectors.file.test.ScratchEvent;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.examples.fraud.FraudGenerator;
import io.ferrite.examples.fraud.FraudWorkload;
import io.ferrite.examples.trading.TradingGenerator;
import io.ferrite.examples.trading.TradingWorkload;
import io.ferrite.engine.processor.EventSchema;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTextCodecTest
{
    @Test
    void shouldRoundTripEveryGeneratedFraudEventInBothFormats()
    {
        for (final TextFormat format : TextFormat.values())
        {
            roundTrip(FraudWorkload.SCHEMA, format, new FraudGenerator(3)::generate, 5_000);
        }
    }

    @Test
    void shouldRoundTripEveryGeneratedTradingEventInBothFormats()
    {
        for (final TextFormat format : TextFormat.values())
        {
            roundTrip(TradingWorkload.SCHEMA, format, new TradingGenerator(3)::generate, 5_000);
        }
    }

    private static void roundTrip(final EventSchema schema, final TextFormat format,
        final java.util.function.Consumer<ScratchEvent> generator, final int events)
    {
        final EventTextCodec codec = new EventTextCodec(schema, format);
        final ScratchEvent original = new ScratchEvent(64);
        final ScratchEvent decoded = new ScratchEvent(64);
        for (long i = 1; i <= events; i++)
        {
            original.reset(i);
            generator.accept(original);
            final int length = codec.encode(original.type, original.timestamp, original.buffer, 0, original.length);
            decoded.reset(i);
            decoded.buffer.setMemory(0, 64, (byte)0x5A);
            assertNull(codec.decode(codec.line(), 0, length - 1, decoded), () -> "line " +
                codec.line().getStringWithoutLengthAscii(0, length));
            assertEquals(original.type, decoded.type);
            assertEquals(original.timestamp, decoded.timestamp);
            assertEquals(original.length, decoded.length);
            for (int b = 0; b < original.length; b++)
            {
                assertEquals(original.buffer.getByte(b), decoded.buffer.getByte(b), format + " event " + i + " byte " + b);
            }
        }
    }

    @Test
    void shouldSayWhatIsWrongWithABadCsvLine()
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.CSV);
        final ScratchEvent event = new ScratchEvent(64);
        assertEquals("field 'amount_cents' value '12x' is not an integer",
            decode(codec, "TRANSACTION,5,1,2,3,12x,4,5,6,1,,,", event));
        assertEquals("unknown type 'PAYMENT'", decode(codec, "PAYMENT,5,1,2,3,12,4,5,6,1,,,", event));
        assertEquals("11 columns, the header has 13", decode(codec, "TRANSACTION,5,1,2,3,12,4,5,6,1,", event));
        assertEquals("TRANSACTION lacks field 'channel'", decode(codec, "TRANSACTION,5,1,2,3,12,4,5,6,,,,", event));
        assertEquals("field 'channel' value 300 does not fit in 1 bytes",
            decode(codec, "TRANSACTION,5,1,2,3,12,4,5,6,300,,,", event));
        assertEquals("TRANSACTION has no field 'entity_id' (leave it empty)",
            decode(codec, "TRANSACTION,5,1,2,3,12,4,5,6,1,9,,", event));
    }

    @Test
    void shouldSayWhatIsWrongWithABadJsonLine()
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.JSONL);
        final ScratchEvent event = new ScratchEvent(64);
        assertEquals("not a JSON object", decode(codec, "TRANSACTION,1", event));
        assertEquals("unknown key 'amount'", decode(codec, "{\"type\":\"TRANSACTION\",\"amount\":1}", event));
        assertEquals("BLOCK_LIST_UPDATE lacks field 'action'",
            decode(codec, "{\"type\":\"BLOCK_LIST_UPDATE\",\"timestamp_ns\":1,\"entity_id\":5,\"entity_kind\":1}",
                event));
        assertNull(decode(codec,
            "{ \"type\": \"BLOCK_LIST_UPDATE\", \"timestamp_ns\": 1, \"entity_id\": 5, \"entity_kind\": 1, " +
                "\"action\": 2 }", event));
    }

    @Test
    void shouldAcceptCsvColumnsInAnyOrderButRejectUnknownOnes()
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, TextFormat.CSV);
        final String reordered = "timestamp_ns,type,action,entity_kind,entity_id,channel,merchant_category," +
            "longitude_e6,latitude_e6,amount_cents,merchant_id,card_id,transaction_id";
        final UnsafeBuffer header = new UnsafeBuffer(reordered.getBytes(StandardCharsets.US_ASCII));
        assertNull(codec.readCsvHeader(header, 0, header.capacity()));
        final ScratchEvent event = new ScratchEvent(64);
        assertNull(decode(codec, "9,BLOCK_LIST_UPDATE,1,2,77,,,,,,,,", event));
        assertEquals(9, event.timestamp);
        final UnsafeBuffer bad = new UnsafeBuffer("type,timestamp_ns,amount".getBytes(StandardCharsets.US_ASCII));
        assertTrue(codec.readCsvHeader(bad, 0, bad.capacity()).startsWith("unknown column 'amount'"));
    }

    private static String decode(final EventTextCodec codec, final String line, final ScratchEvent event)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(line.getBytes(StandardCharsets.US_ASCII));
        return codec.decode(buffer, 0, buffer.capacity(), event);
    }
}
