package io.ferrite.bench.report;

import java.util.Locale;

/**
 * Number formatting shared by the Markdown report and the plot.
 */
final class ReportFormat
{
    private ReportFormat()
    {
    }

    static String rate(final long eventsPerSecond)
    {
        if (eventsPerSecond >= 1_000_000 && eventsPerSecond % 1_000_000 == 0)
        {
            return eventsPerSecond / 1_000_000 + "M/s";
        }
        if (eventsPerSecond >= 1_000 && eventsPerSecond % 1_000 == 0)
        {
            return eventsPerSecond / 1_000 + "k/s";
        }
        return eventsPerSecond + "/s";
    }

    static String score(final double value, final String unit)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        if ("ops/s".equals(unit) && value >= 1e5)
        {
            return String.format(Locale.ROOT, "%.2f M", value / 1e6);
        }
        return plain(value);
    }

    static String plain(final double value)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        final double magnitude = Math.abs(value);
        if (magnitude >= 1000 || value == Math.rint(value))
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(final double numerator, final double denominator)
    {
        if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0)
        {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f×", numerator / denominator);
    }
}
