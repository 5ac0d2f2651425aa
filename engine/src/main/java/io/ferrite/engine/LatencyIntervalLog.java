package io.ferrite.engine;

import io.ferrite.engine.inspect.EngineStat;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.Deflater;

/**
 * Writes the engine's end-to-end latency, one HdrHistogram per second (the warm-up's scratch engines write them more
 * often, see {@link #writeNow}), to an HdrHistogram interval log ({@code DIR/latency.hlog}, and a copy where
 * {@code ferrite run --hlog} says) that another process (a dashboard, {@code HistogramLogReader}, HdrHistogram's
 * plotting tools) reads while the engine runs. Values are nanoseconds.
 * <p>
 * The hot path only records into the {@link SingleWriterRecorder}; this class swaps its interval histogram out and
 * encodes it, off the hot path, from whoever calls {@link #poll(long)}: a small daemon thread today, an agent's duty
 * cycle in the threading modes. It also keeps the total since start for {@link Engine#latencyHistogram()}.
 * <p>
 * The log is rewritten on every start (like the counters file); it grows by a few hundred bytes per second.
 */
final class LatencyIntervalLog implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(LatencyIntervalLog.class);
    /** The log's file name inside the data directory. */
    static final String FILE_NAME = EngineStat.LATENCY_LOG_FILE_NAME;
    static final long INTERVAL_MILLIS = 1000;
    /**
     * HdrHistogram's cookie for a compressed histogram of its V2 encoding ({@code V2CompressedEncodingCookieBase}
     * with the bit that marks the zig-zag LEB128 counts), which its readers check first.
     */
    static final int COMPRESSED_ENCODING_COOKIE = 0x1c849304 | 0x10;
    private static final int COMPRESSED_HEADER_LENGTH = 8;
    private static final Set<PosixFilePermission> OWNER_ONLY =
        PosixFilePermissions.fromString("rw-------");

    private final SingleWriterRecorder recorder;
    private final Histogram total;
    private final Histogram pending;
    private Histogram interval;
    /** Each interval is encoded once, into this buffer, and copied to every file. */
    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream(16 * 1024);
    private final PrintStream encodedOut = new PrintStream(encoded, false, StandardCharsets.US_ASCII);
    private HistogramLogWriter writer;
    private PrintStream[] outs;
    /** The file behind each of {@link #outs}. */
    private Path[] outPaths;
    /** Files a write failed for, each reported once: a PrintStream keeps its errors to itself until asked. */
    private final List<String> writeFailures = new CopyOnWriteArrayList<>();
    /** The log's base time: interval start times are written relative to it. */
    private long baseMillis;
    private long intervalStartMillis;
    /** An interval's histogram in HdrHistogram's uncompressed encoding; grown if ever too small. */
    private ByteBuffer uncompressed = ByteBuffer.allocate(4096);
    /** An interval's histogram in HdrHistogram's compressed encoding: cookie, length, deflated bytes. */
    private byte[] compressed = new byte[4096];
    /**
     * Reused for every interval (a new one each time allocates and frees zlib's ~256 KiB of native state); made on
     * first use, ended by {@link #close()}.
     */
    private Deflater deflater;
    /** Whether {@link #total()} moved values into {@link #pending} since the last interval was written. */
    private boolean pendingHolds;
    /** An interval's line up to its histogram: three numbers, each with a comma after it. */
    private final byte[] linePrefix = new byte[3 * (20 + 1 + 3 + 1)];
    private Thread thread;
    private volatile boolean running;

    LatencyIntervalLog(final SingleWriterRecorder recorder, final long maxNanos)
    {
        this.recorder = recorder;
        this.total = new Histogram(maxNanos, 3);
        this.pending = new Histogram(maxNanos, 3);
        this.interval = recorder.getIntervalHistogram();
    }

    /**
     * Start a new log in the data directory (owner-only, replacing the previous run's), and the same log in
     * {@code copy} if given.
     *
     * @param dataDirectory the engine's data directory.
     * @param copy          another file to write the same intervals to, or null. Truncated and written in place, not
     *                      replaced, so that a pipe, a symbolic link or a device works; created owner-only if
     *                      missing; ignored if it is the log in the data directory.
     * @param nowMillis     the log's start time.
     */
    synchronized void open(final Path dataDirectory, final Path copy, final long nowMillis)
    {
        final Path own = dataDirectory.resolve(FILE_NAME);
        final boolean copies =
            null != copy && !copy.toAbsolutePath().normalize().equals(own.toAbsolutePath().normalize());
        final PrintStream ownOut = create(own, true);
        PrintStream copyOut = null;
        if (copies)
        {
            try
            {
                copyOut = create(copy, false);
            }
            catch (final RuntimeException ex)
            {
                ownOut.close();
                throw ex;
            }
        }
        outs = copies ? new PrintStream[]{ ownOut, copyOut } : new PrintStream[]{ ownOut };
        outPaths = copies ? new Path[]{ own, copy } : new Path[]{ own };
        writeFailures.clear();
        encoded.reset();
        writer = new HistogramLogWriter(encodedOut);
        writer.setBaseTime(nowMillis);
        baseMillis = nowMillis;
        writer.outputComment("Ferrite end-to-end latency (publish to last stage), nanoseconds, one interval per " +
            "second");
        writer.outputLogFormatVersion();
        writer.outputStartTime(nowMillis);
        writer.outputLegend();
        copyOut();
        intervalStartMillis = nowMillis;
    }

    /**
     * @param replace true to delete what is at {@code path} and create a new owner-only file; false to truncate an
     *                existing file in place (creating it owner-only if missing).
     */
    private static PrintStream create(final Path path, final boolean replace)
    {
        try
        {
            if (replace)
            {
                Files.deleteIfExists(path);
            }
            if (replace || !Files.exists(path))
            {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            final OutputStream file =
                Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return new PrintStream(file, false, StandardCharsets.US_ASCII);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new FerriteException("cannot create latency log " + path + ": " + ex, ex);
        }
    }

    /** Copy what was encoded since the last call to every file, and flush them. */
    private void copyOut()
    {
        encodedOut.flush();
        for (int i = 0; i < outs.length; i++)
        {
            final PrintStream out = outs[i];
            try
            {
                encoded.writeTo(out);
            }
            catch (final IOException ex)
            {
                // Not thrown: a PrintStream keeps an I/O error to itself, as when each file had a writer of its own.
            }
            out.flush();
            checkWritten(i);
        }
        encoded.reset();
    }

    /** Report, once per file, that a write to {@code outs[i]} failed: the log goes on for the other file. */
    private void checkWritten(final int i)
    {
        if (!outs[i].checkError())
        {
            return;
        }
        final String path = outPaths[i].toString();
        if (!writeFailures.contains(path))
        {
            writeFailures.add(path);
            LOG.warn("latency log {} could not be written (disk full or an I/O error): it stops short of the " +
                "run's end; the run itself is not affected", path);
        }
    }

    /**
     * @return the files of this log a write failed for since it was opened (each is incomplete from that point).
     */
    List<String> writeFailures()
    {
        return List.copyOf(writeFailures);
    }

    /**
     * Write an interval if at least {@link #INTERVAL_MILLIS} passed since the last one. Never blocks on the hot path
     * (the recorder swap is wait-free for the recording thread).
     *
     * @param nowMillis the current epoch time.
     * @return 1 if an interval was written, else 0 (an agent's work count).
     */
    synchronized int poll(final long nowMillis)
    {
        if (null == writer || nowMillis - intervalStartMillis < INTERVAL_MILLIS)
        {
            return 0;
        }
        writeInterval(nowMillis);
        return 1;
    }

    /**
     * Write an interval now, however long the current one has run (the warm-up's way to exercise the encoding).
     *
     * @param nowMillis the current epoch time.
     */
    synchronized void writeNow(final long nowMillis)
    {
        if (null != writer)
        {
            writeInterval(nowMillis);
        }
    }

    private void writeInterval(final long nowMillis)
    {
        drainRecorder();
        // Usually nothing asked for the total during the interval, and the recorder's own interval histogram is the
        // whole interval: written as it is, that spares adding it to `pending` and clearing that again (two passes
        // over a histogram of ~220 KB each second, on a core a busy-spinning thread needs).
        final Histogram whole;
        if (pendingHolds)
        {
            pending.add(interval);
            whole = pending;
        }
        else
        {
            whole = interval;
        }
        writeLine(whole, intervalStartMillis, nowMillis);
        copyOut();
        if (pendingHolds)
        {
            pending.reset();
            pendingHolds = false;
        }
        intervalStartMillis = nowMillis;
    }

    /**
     * Encode {@code histogram}, one interval, as a line of the HdrHistogram log format (as
     * {@link HistogramLogWriter#outputIntervalHistogram} writes it: start and length in seconds, maximum in
     * milliseconds, the compressed histogram in Base64), straight into the bytes copied to the files. The
     * {@code HistogramLogWriter} formats each line with {@code String.format} and encodes the string for the stream,
     * which, once a second with a histogram of a second of events, the JIT compiled only seconds into a run: 50-60 ms
     * of a core (JFR {@code jdk.Compilation}: {@code StringCoding.implEncodeAsciiArray}, {@code Formatter},
     * {@code StringLatin1.inflate}; 2 cores). The histogram is compressed at {@link Deflater#BEST_SPEED}, not the
     * writer's best compression: half the time for 0.5% more bytes (a second of a paced run: 75 against 135 us,
     * 3,221 against 3,205 bytes). Readers take either.
     */
    private void writeLine(final Histogram histogram, final long startMillis, final long endMillis)
    {
        final int length = compress(histogram);
        int position = putThousandths(linePrefix, 0, startMillis - baseMillis);
        position = putThousandths(linePrefix, position, endMillis - startMillis);
        position = putThousandths(linePrefix, position, Math.round(histogram.getMaxValue() / 1_000.0));
        encoded.write(linePrefix, 0, position);
        final ByteBuffer base64 = Base64.getEncoder().encode(ByteBuffer.wrap(compressed, 0, length));
        encoded.write(base64.array(), base64.arrayOffset() + base64.position(), base64.remaining());
        encoded.write('\n');
    }

    /**
     * Put {@code histogram} into {@link #compressed} in HdrHistogram's compressed encoding, byte for byte what its
     * {@code encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED)} writes (a cookie, the deflated length, the
     * uncompressed encoding deflated), with this log's own buffers and {@link Deflater}. HdrHistogram's method creates
     * and ends a {@code Deflater} per call, and with it zlib's native state; timed inside a paced busy-spin run on 2
     * cores, its encoding took 0.7-0.9 ms of each second's log write (see README, "Measuring latency").
     *
     * @return the encoding's length in bytes.
     */
    private int compress(final Histogram histogram)
    {
        final int needed = histogram.getNeededByteBufferCapacity();
        if (uncompressed.capacity() < needed)
        {
            uncompressed = ByteBuffer.allocate(needed);
        }
        uncompressed.clear();
        final int length = histogram.encodeIntoByteBuffer(uncompressed);
        // A first guess, enough for the reference zlib's worst case (stored blocks); a zlib that can expand more
        // (zlib-ng's quick level) gets a larger buffer in the loop.
        final int guess = COMPRESSED_HEADER_LENGTH + length + (length >> 10) + 64;
        if (compressed.length < guess)
        {
            compressed = new byte[guess];
        }
        final Deflater deflater = deflater();
        deflater.reset();
        deflater.setInput(uncompressed.array(), 0, length);
        deflater.finish();
        int deflated = 0;
        while (!deflater.finished())
        {
            final int room = compressed.length - COMPRESSED_HEADER_LENGTH - deflated;
            if (0 == room)
            {
                compressed = Arrays.copyOf(compressed, 2 * compressed.length);
                continue;
            }
            deflated += deflater.deflate(compressed, COMPRESSED_HEADER_LENGTH + deflated, room);
        }
        final ByteBuffer header = ByteBuffer.wrap(compressed);
        header.putInt(0, COMPRESSED_ENCODING_COOKIE);
        header.putInt(4, deflated);
        return COMPRESSED_HEADER_LENGTH + deflated;
    }

    /**
     * Write {@code thousandths / 1000} with three decimals and a comma after it (what {@code %.3f,} makes of it); a
     * negative value (a clock stepped back) as 0.
     *
     * @return the position after the comma.
     */
    static int putThousandths(final byte[] line, final int position, final long thousandths)
    {
        final long value = Math.max(0, thousandths);
        int at = position;
        final String whole = Long.toString(value / 1000);
        for (int i = 0; i < whole.length(); i++)
        {
            line[at++] = (byte)whole.charAt(i);
        }
        final long fraction = value % 1000;
        line[at++] = '.';
        line[at++] = (byte)('0' + fraction / 100);
        line[at++] = (byte)('0' + fraction / 10 % 10);
        line[at++] = (byte)('0' + fraction % 10);
        line[at++] = ',';
        return at;
    }

    private Deflater deflater()
    {
        if (null == deflater)
        {
            deflater = new Deflater(Deflater.BEST_SPEED);
        }
        return deflater;
    }

    /**
     * A call during an interval makes that interval's line be built from a copy ({@code pending}), which costs the
     * log thread two more passes over a histogram; fine at the end of a run or now and then.
     *
     * @return a copy of every latency recorded since the engine was built.
     */
    synchronized Histogram total()
    {
        // What the recorder holds goes to the total, and is kept for the interval it belongs to.
        drainRecorder();
        pending.add(interval);
        pendingHolds = true;
        return total.copy();
    }

    /**
     * Swap what the recorder holds since the last call into {@code interval}, and add it to the total. The caller
     * holds this object's lock.
     */
    private void drainRecorder()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
    }

    /** @return milliseconds until the next interval is due (at least 1), for a thread that polls. */
    private synchronized long millisUntilDue(final long nowMillis)
    {
        return Math.max(1, intervalStartMillis + INTERVAL_MILLIS - nowMillis);
    }

    /**
     * Poll from a daemon thread of its own, which sleeps until the next interval is due, until {@link #close()}: one
     * wake-up a second. Every wake-up of a thread takes a core from a busy-spinning engine on a machine with no core
     * to spare.
     *
     * @param name the thread's name.
     */
    synchronized void startThread(final String name)
    {
        running = true;
        thread = new Thread(() ->
        {
            while (running)
            {
                poll(System.currentTimeMillis());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millisUntilDue(System.currentTimeMillis())));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stop the thread, write the last (partial) interval and close the file. Idempotent. */
    public void close()
    {
        final Thread t;
        synchronized (this)
        {
            running = false;
            t = thread;
            thread = null;
        }
        if (null != t)
        {
            LockSupport.unpark(t);
            try
            {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this)
        {
            if (null != writer)
            {
                writeInterval(System.currentTimeMillis());
                writer = null;
                for (int i = 0; i < outs.length; i++)
                {
                    outs[i].close();
                    checkWritten(i);
                }
                outs = null;
            }
            if (null != deflater)
            {
                deflater.end();
                deflater = null;
            }
        }
    }
}
