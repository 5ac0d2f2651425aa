package io.ferrite.bench.latency;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;

/**
 * Every setting of a latency run, parsed from the command line and validated before any thread starts. A bad
 * setting fails with a {@link UsageException} naming the option and the value.
 */
public final class LatencyConfig
{
    /** How the producer waits for each event's intended send time. */
    public enum Pacer
    {
        /** {@code Thread.yield()} until due: leaves the core to the pipeline's threads (the 2-core default). */
        YIELD,
        /** {@code Thread.onSpinWait()} until due: the most punctual sends, but holds a whole core. */
        SPIN
    }

    /** The usage text printed by {@code --help} and after a usage error. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "Usage: java -cp benchmarks.jar io.ferrite.bench.latency.LatencyMain [options]",
        "  Offers events at fixed rates to each pipeline and records end-to-end latency (publish -> journaled ->",
        "  processed -> sink) from each event's intended send time, recorded as measured (no after-the-fact correction).",
        "Options:",
        "  --pipelines LIST   comma-separated pipelines to measure, one after another (default: all known)",
        "  --rates LIST       offered rates in events/s, e.g. 100k,500k,1m (default: 100k,500k,1m)",
        "  --warmup DURATION  run at the rate without recording first, e.g. 5s, 500ms (default: 5s)",
        "  --duration DURATION  recorded time per pipeline and rate (default: 20s)",
        "  --payload BYTES    payload size per event, >= 8 (default: 64)",
        "  --wait NAME        stage wait strategy: yielding, sleeping, blocking, busy-spin (default: yielding)",
        "  --flush NAME       journal flush: NONE or BATCH (default: NONE)",
        "  --pacer NAME       how the producer waits for send times: yield or spin (default: yield)",
        "  --ring SIZE        ring size, a power of two (default: 65536)",
        "  --out DIR          where .hlog files and latency.json go (default: bench-results)",
        "  --stall-timeout DURATION  fail a run whose pipeline takes no event for this long (default: 60s)",
        "  --help             print this and exit",
        "Exit codes: 0 success, 1 a run failed, 2 bad usage.");

    private final List<String> pipelines = new ArrayList<>();
    private final List<Long> rates = new ArrayList<>();
    private long warmupMillis = 5_000;
    private long durationMillis = 20_000;
    private int payloadSize = 64;
    private WaitKind waitKind = WaitKind.YIELDING;
    private String flush = "NONE";
    private Pacer pacer = Pacer.YIELD;
    private int ringSize = 1 << 16;
    private Path outDirectory = Paths.get("bench-results");
    private long stallTimeoutMillis = 60_000;
    private boolean help;

    /**
     * @param args command-line arguments.
     * @return the validated settings.
     * @throws UsageException naming the bad option or value.
     */
    public static LatencyConfig parse(final String... args)
    {
        final LatencyConfig config = new LatencyConfig();
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            if ("--help".equals(option) || "-h".equals(option))
            {
                config.help = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new UsageException(option.startsWith("--") ?
                    "option " + option + " needs a value" : "unexpected argument '" + option + "'");
            }
            final String value = args[++i];
            switch (option)
            {
                case "--pipelines":
                    config.pipelines.clear();
                    for (final String name : value.split(","))
                    {
                        if (!name.isBlank())
                        {
                            config.pipelines.add(name.trim());
                        }
                    }
                    break;
                case "--rates":
                    config.rates.clear();
                    for (final String rate : value.split(","))
                    {
                        config.rates.add(parseRate(rate.trim()));
                    }
                    break;
                case "--warmup":
                    config.warmupMillis = parseDuration(option, value, true);
                    break;
                case "--duration":
                    config.durationMillis = parseDuration(option, value, false);
                    break;
                case "--payload":
                    config.payloadSize = parseInt(option, value);
                    if (config.payloadSize < Payloads.MIN_SIZE)
                    {
                        throw new UsageException(
                            "--payload must be at least " + Payloads.MIN_SIZE + " bytes, was " + value);
                    }
                    break;
                case "--wait":
                    try
                    {
                        config.waitKind = WaitKind.parse(value);
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        throw new UsageException("--wait: " + ex.getMessage());
                    }
                    break;
                case "--flush":
                    config.flush = value.toUpperCase(Locale.ROOT);
                    if (!"NONE".equals(config.flush) && !"BATCH".equals(config.flush))
                    {
                        throw new UsageException("--flush must be NONE or BATCH, was " + value);
                    }
                    break;
                case "--pacer":
                    try
                    {
                        config.pacer = Pacer.valueOf(value.toUpperCase(Locale.ROOT));
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        throw new UsageException("--pacer must be yield or spin, was " + value);
                    }
                    break;
                case "--ring":
                    config.ringSize = parseInt(option, value);
                    if (config.ringSize < 2 || Integer.bitCount(config.ringSize) != 1)
                    {
                        throw new UsageException("--ring must be a power of two >= 2, was " + value);
                    }
                    break;
                case "--out":
                    config.outDirectory = Paths.get(value);
                    break;
                case "--stall-timeout":
                    config.stallTimeoutMillis = parseDuration(option, value, false);
                    break;
                default:
                    throw new UsageException("unknown option " + option);
            }
        }
        if (config.rates.isEmpty())
        {
            config.rates.addAll(List.of(100_000L, 500_000L, 1_000_000L));
        }
        return config;
    }

    static long parseRate(final String text)
    {
        final String lower = text.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = lower;
        if (lower.endsWith("k"))
        {
            multiplier = 1_000;
            digits = lower.substring(0, lower.length() - 1);
        }
        else if (lower.endsWith("m"))
        {
            multiplier = 1_000_000;
            digits = lower.substring(0, lower.length() - 1);
        }
        final long rate;
        try
        {
            rate = Math.multiplyExact(Long.parseLong(digits), multiplier);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new UsageException("--rates: '" + text + "' is not a rate such as 100000, 500k or 1m");
        }
        if (rate <= 0 || rate > 1_000_000_000L)
        {
            throw new UsageException("--rates: each rate must be in [1, 1000000000] events/s, was " + text);
        }
        return rate;
    }

    static long parseDuration(final String option, final String text, final boolean zeroAllowed)
    {
        final String lower = text.toLowerCase(Locale.ROOT);
        final long millis;
        try
        {
            if (lower.endsWith("ms"))
            {
                millis = Long.parseLong(lower.substring(0, lower.length() - 2));
            }
            else if (lower.endsWith("s"))
            {
                millis = Math.multiplyExact(Long.parseLong(lower.substring(0, lower.length() - 1)), 1000L);
            }
            else
            {
                millis = Math.multiplyExact(Long.parseLong(lower), 1000L);
            }
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new UsageException(option + ": '" + text + "' is not a duration such as 10s or 500ms");
        }
        if (millis < 0 || (!zeroAllowed && millis == 0))
        {
            throw new UsageException(option + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", was " + text);
        }
        return millis;
    }

    private static int parseInt(final String option, final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(option + ": '" + text + "' is not a whole number");
        }
    }

    /**
     * @return the pipelines named on the command line, empty for "all known".
     */
    public List<String> pipelines()
    {
        return pipelines;
    }

    /**
     * @return offered rates in events per second, in the order given.
     */
    public List<Long> rates()
    {
        return rates;
    }

    /**
     * @return unrecorded warm-up time per pipeline and rate.
     */
    public long warmupMillis()
    {
        return warmupMillis;
    }

    /**
     * @return recorded time per pipeline and rate.
     */
    public long durationMillis()
    {
        return durationMillis;
    }

    /**
     * @return payload bytes per event.
     */
    public int payloadSize()
    {
        return payloadSize;
    }

    /**
     * @return how the pipelines' stages wait.
     */
    public WaitKind waitKind()
    {
        return waitKind;
    }

    /**
     * @return the journal flush: "NONE" or "BATCH".
     */
    public String flush()
    {
        return flush;
    }

    /**
     * @return how the producer waits for each send time.
     */
    public Pacer pacer()
    {
        return pacer;
    }

    /**
     * @return ring size of the pipelines.
     */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @return where results are written.
     */
    public Path outDirectory()
    {
        return outDirectory;
    }

    /**
     * @return how long a pipeline may take no event (or, at the end, deliver no output) before the run fails.
     */
    public long stallTimeoutMillis()
    {
        return stallTimeoutMillis;
    }

    /**
     * @return true if {@code --help} was given.
     */
    public boolean help()
    {
        return help;
    }

    /**
     * A command line the harness cannot run: exit code 2.
     */
    public static final class UsageException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong, naming the option and value.
         */
        public UsageException(final String message)
        {
            super(message);
        }
    }
}
