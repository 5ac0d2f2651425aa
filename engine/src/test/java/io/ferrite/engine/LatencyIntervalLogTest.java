package io.ferrite.engine;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyIntervalLogTest
{
    @Test
    void shouldKeepEveryValueAcrossSwapsOfTheRecorder(@TempDir final Path dir)
    {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
        final LatencyIntervalLog log = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        log.open(dir, null, 1_796_000_000_000L);
        long recorded = 0;
        long sum = 0;
        for (int round = 0; round < 5; round++)
        {
            // Values recorded on either side of a swap: the recorder's phase alternates with each one.
            for (int i = 1; i <= 100; i++)
            {
                final long value = 1_000L * (round + 1) + i;
                recorder.recordValue(value);
                recorded++;
                sum += value;
            }
            // Each interval swaps the recorder.
            log.writeNow(1_796_000_000_000L + round);
        }
        recorder.recordValue(7_000);
        final var total = log.total();
        assertEquals(recorded + 1, total.getTotalCount());
        assertEquals(7_000, total.getMaxValue(), 7_000 >> 10);
        assertEquals((sum + 7_000) / (double)(recorded + 1), total.getMean(), 5.0);
        log.close();
    }

    @Test
    void shouldWriteAnIntervalOnDemandToBothFiles(@TempDir final Path dir)
        throws IOException
    {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
        final LatencyIntervalLog log = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        final long start = 1_796_000_000_000L;
        final Path copyFile = dir.resolve("copy.hlog");
        log.open(dir, copyFile, start);
        recorder.recordValue(1_000);
        recorder.recordValue(2_000);
        // Not due (10 ms into a 1 s interval): poll writes nothing, writeNow writes the interval anyway.
        assertEquals(0, log.poll(start + 10));
        log.writeNow(start + 20);
        recorder.recordValue(3_000);
        log.writeNow(start + 30);
        assertEquals(3, log.total().getTotalCount());
        log.close();

        final HistogramLogReader reader = new HistogramLogReader(dir.resolve(LatencyIntervalLog.FILE_NAME).toFile());
        final EncodableHistogram first = reader.nextIntervalHistogram();
        final EncodableHistogram second = reader.nextIntervalHistogram();
        final EncodableHistogram last = reader.nextIntervalHistogram();
        assertEquals(2, ((Histogram)first).getTotalCount(), "the first interval, written on demand");
        assertEquals(20, first.getEndTimeStamp() - first.getStartTimeStamp());
        assertEquals(1, ((Histogram)second).getTotalCount(), "the second");
        assertEquals(0, ((Histogram)last).getTotalCount(), "close writes the last, empty, interval");
        assertNull(reader.nextIntervalHistogram());
        assertArrayEquals(Files.readAllBytes(dir.resolve(LatencyIntervalLog.FILE_NAME)), Files.readAllBytes(copyFile),
            "the copy holds the same log");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copyFile)));
    }

    @Test
    void shouldSayWhichFileCouldNotBeWrittenAndKeepWritingTheOther(@TempDir final Path dir) throws IOException
    {
        final Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        final SingleWriterRecorder recorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
        final LatencyIntervalLog log = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        final long start = 1_796_000_000_000L;
        // A copy on a device that is always full: every write to it fails with ENOSPC.
        log.open(dir, full, start);
        recorder.recordValue(1_000);
        log.writeNow(start + 20);
        recorder.recordValue(2_000);
        log.writeNow(start + 40);
        assertEquals(List.of(full.toString()), log.writeFailures(), "reported, once");
        log.close();
        assertEquals(List.of(full.toString()), log.writeFailures());

        final HistogramLogReader reader = new HistogramLogReader(dir.resolve(LatencyIntervalLog.FILE_NAME).toFile());
        assertEquals(1, ((Histogram)reader.nextIntervalHistogram()).getTotalCount(), "the own log goes on");
        assertEquals(1, ((Histogram)reader.nextIntervalHistogram()).getTotalCount());
    }

    @Test
    void shouldTruncateAnExistingCopyInPlaceAndIgnoreACopyThatIsTheLogItself(@TempDir final Path dir) throws IOException
    {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
        final Path target = Files.writeString(dir.resolve("target.hlog"), "old contents that must go\n".repeat(100));
        final Path link = Files.createSymbolicLink(dir.resolve("link.hlog"), target);
        final LatencyIntervalLog log = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        log.open(dir, link, 1_796_000_000_000L);
        recorder.recordValue(1_000);
        log.close();
        assertTrue(Files.isSymbolicLink(link), "the link is written through, not replaced");
        assertArrayEquals(Files.readAllBytes(dir.resolve(LatencyIntervalLog.FILE_NAME)), Files.readAllBytes(target));

        // The log itself named as the copy: written once, not twice into a deleted file.
        final LatencyIntervalLog same = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        same.open(dir, dir.resolve(".").resolve(LatencyIntervalLog.FILE_NAME), 1_796_000_000_000L);
        recorder.recordValue(2_000);
        same.close();
        final HistogramLogReader reader = new HistogramLogReader(dir.resolve(LatencyIntervalLog.FILE_NAME).toFile());
        assertEquals(1, ((Histogram)reader.nextIntervalHistogram()).getTotalCount());
        assertNull(reader.nextIntervalHistogram());
    }

    @Test
    void shouldWriteIntervalLinesAsHdrHistogramsOwnWriterDoes(@TempDir final Path dir) throws IOException
    {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
        final Histogram expected = new Histogram(Engine.MAX_LATENCY_NANOS, 3);
        final LatencyIntervalLog log = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        final long base = 1_796_000_000_000L;
        log.open(dir, null, base);
        // Values over the whole range, counts from 1 to millions: every width of the histogram's encoding.
        long count = 1;
        for (long value = 1; value < Engine.MAX_LATENCY_NANOS / 4; value = value * 3 + 7)
        {
            recorder.recordValueWithCount(value, count);
            expected.recordValueWithCount(value, count);
            count = count * 5 % 3_000_011;
        }
        log.writeNow(base + 62_345);
        log.close();

        final List<String> lines = Files.readAllLines(dir.resolve(LatencyIntervalLog.FILE_NAME));
        final String line = lines.stream().filter(l -> l.startsWith("0.000,")).findFirst().orElseThrow();
        expected.setStartTimeStamp(base);
        expected.setEndTimeStamp(base + 62_345);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final HistogramLogWriter writer =
            new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.US_ASCII));
        writer.setBaseTime(base);
        writer.outputIntervalHistogram(expected);
        final String[] theirs = bytes.toString(StandardCharsets.US_ASCII).trim().split(",");
        final String[] ours = line.split(",");
        assertEquals(4, ours.length, line);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(theirs[i], ours[i], "field " + i + " of " + line);
        }
        assertEquals("62.345", ours[1]);
        assertEquals(compressedBase64(expected), ours[3], "the histogram, byte for byte HdrHistogram's own encoding");

        final HistogramLogReader reader = new HistogramLogReader(dir.resolve(LatencyIntervalLog.FILE_NAME).toFile());
        final Histogram decoded = (Histogram)reader.nextIntervalHistogram();
        assertEquals(expected, decoded, "every count read back");
        assertEquals(base, decoded.getStartTimeStamp());
        assertEquals(base + 62_345, decoded.getEndTimeStamp());
    }

    @Test
    void shouldEncodeEveryIntervalAsHdrHistogramDoesAlsoAfterATotalWasTaken(@TempDir final Path dir) throws IOException
    {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
        final LatencyIntervalLog log = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        final long base = 1_796_000_000_000L;
        log.open(dir, null, base);
        final List<Histogram> expected = new ArrayList<>();
        for (int round = 0; round < 4; round++)
        {
            final Histogram interval = new Histogram(Engine.MAX_LATENCY_NANOS, 3);
            for (long value = 1 + round; value < 50_000_000; value = value * (2 + round) + 13)
            {
                recorder.recordValueWithCount(value, round + 1);
                interval.recordValueWithCount(value, round + 1);
                if (1 == round % 2 && value > 1_000)
                {
                    // A total taken part-way through an interval: the interval still holds all its values.
                    log.total();
                }
            }
            expected.add(interval);
            log.writeNow(base + 1_000L * (round + 1));
        }
        // A dense, noisy interval: its encoding outgrows the log's first buffers.
        final Histogram dense = new Histogram(Engine.MAX_LATENCY_NANOS, 3);
        final Random random = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            final long value = 1 + (long)Math.exp(random.nextDouble() * 20);
            final long count = 1 + random.nextInt(1_000);
            recorder.recordValueWithCount(value, count);
            dense.recordValueWithCount(value, count);
        }
        expected.add(dense);
        log.writeNow(base + 5_000);
        final Histogram total = log.total();
        log.close();

        final List<String> lines = Files.readAllLines(dir.resolve(LatencyIntervalLog.FILE_NAME)).stream()
            .filter(line -> !line.startsWith("#") && !line.startsWith("\"")).collect(Collectors.toList());
        assertEquals(6, lines.size(), "five intervals and the last, empty, one");
        assertTrue(compressedBase64(dense).length() > 16_384, "the dense interval's encoding is large");
        long count = 0;
        for (int round = 0; round < expected.size(); round++)
        {
            assertEquals(compressedBase64(expected.get(round)), lines.get(round).split(",")[3],
                "interval " + round + " (a reused deflater encodes each as a new one would)");
            count += expected.get(round).getTotalCount();
        }
        assertEquals(count, total.getTotalCount());
    }

    /** HdrHistogram's own compressed encoding, at the level the log uses, in Base64. */
    private static String compressedBase64(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    @Test
    void shouldFormatThousandthsAsThreeDecimals()
    {
        final byte[] line = new byte[64];
        int position = LatencyIntervalLog.putThousandths(line, 0, 0);
        position = LatencyIntervalLog.putThousandths(line, position, 7);
        position = LatencyIntervalLog.putThousandths(line, position, 1_050);
        position = LatencyIntervalLog.putThousandths(line, position, 123_456_789);
        position = LatencyIntervalLog.putThousandths(line, position, -5);
        assertEquals("0.000,0.007,1.050,123456.789,0.000,", new String(line, 0, position, StandardCharsets.US_ASCII));
    }
}
