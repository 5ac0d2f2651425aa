package io.ferrite.dashboard;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyLogTailTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadOnlyNewCompleteIntervalsAndStartOverWhenTheLogIsReplaced() throws IOException
    {
        final Path log = dir.resolve("latency.hlog");
        final String first = log(1_000_000L, 1_000, 2_000);
        final String second = log(2_000_000L, 5_000);
        final int split = first.length() - 10;
        Files.writeString(log, first.substring(0, split));
        final LatencyLogTail tail = new LatencyLogTail(log);

        final List<LatencyLogTail.LatencyInterval> part = tail.poll();
        assertEquals(1, part.size(), "the torn last line waits for its end");
        assertEquals(1_000_000L, tail.startMillis());
        assertEquals(1, part.get(0).histogram().getTotalCount());

        Files.writeString(log, first.substring(split), StandardOpenOption.APPEND);
        final List<LatencyLogTail.LatencyInterval> rest = tail.poll();
        assertEquals(1, rest.size());
        assertTrue(rest.get(0).histogram().getMaxValue() >= 2_000);
        assertTrue(tail.poll().isEmpty(), "nothing new, nothing read");

        // The engine restarted: a new, shorter log in a new file.
        Files.delete(log);
        Files.writeString(log, second);
        final List<LatencyLogTail.LatencyInterval> again = tail.poll();
        assertEquals(1, again.size());
        assertEquals(2_000_000L, tail.startMillis());
    }

    @Test
    void shouldNameTheFileOfAnUndecodableLine() throws IOException
    {
        final Path log = dir.resolve("latency.hlog");
        Files.writeString(log, "0.000,1.000,0.1,not-base64!\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new LatencyLogTail(log).poll());
        assertTrue(ex.getMessage().contains(log.toString()), ex.getMessage());
    }

    /** A log as the engine writes it: header, then one interval per value (one recorded value each). */
    private static String log(final long startMillis, final long... values)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.US_ASCII);
        final HistogramLogWriter writer = new HistogramLogWriter(out);
        writer.setBaseTime(startMillis);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.outputLegend();
        long at = startMillis;
        for (final long value : values)
        {
            final Histogram h = new Histogram(60_000_000_000L, 3);
            h.recordValue(value);
            h.setStartTimeStamp(at);
            h.setEndTimeStamp(at + 1000);
            writer.outputIntervalHistogram(h);
            at += 1000;
        }
        out.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
