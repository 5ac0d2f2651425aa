package io.ferrite.connectors.jdbc;

import io.ferrite.connectors.file.test.ScratchEvent;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.examples.fraud.FraudGenerator;
import io.ferrite.examples.fraud.FraudWorkload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the fraud workload's deterministic events as a CSV or JSON-lines source file.
 */
final class FraudCsv
{
    private FraudCsv()
    {
    }

    static void write(final Path file, final TextFormat format, final long events, final long seed) throws IOException
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, format);
        final FraudGenerator generator = new FraudGenerator(seed);
        final ScratchEvent event = new ScratchEvent(FraudWorkload.MAX_EVENT_LENGTH);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))
        {
            if (format == TextFormat.CSV)
            {
                out.write((codec.csvHeader() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            final byte[] bytes = new byte[1024];
            for (long i = 1; i <= events; i++)
            {
                event.sequence = i;
                generator.generate(event);
                final int length = codec.encode(event.type, event.timestamp, event.buffer, 0, event.length);
                codec.line().getBytes(0, bytes, 0, length);
                out.write(bytes, 0, length);
            }
        }
    }
}
