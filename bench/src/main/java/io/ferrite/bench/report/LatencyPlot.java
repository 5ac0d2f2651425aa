package io.ferrite.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a latency percentile distribution plot as SVG, the way HdrHistogram's plotter shows it: the x axis is the
 * percentile on a "number of nines" scale (50%, 90%, 99%, 99.9%, ... equally spaced), the y axis the latency in
 * microseconds on a log scale, one line per pipeline and rate. Ferrite's pipelines are drawn solid, alternatives
 * dashed; lines of the same rate share a colour.
 */
public final class LatencyPlot
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String[] COLOURS =
        {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

    private LatencyPlot()
    {
    }

    /**
     * @param summary the latency runs to draw.
     * @param title   drawn above the plot.
     * @return a complete SVG document.
     */
    public static String svg(final LatencySummary summary, final String title)
    {
        final List<LatencySummary.Run> runs = summary.runs();
        final List<Long> rates = new ArrayList<>();
        double maxNines = 2;
        double minMicros = Double.MAX_VALUE;
        double maxMicros = 0;
        for (final LatencySummary.Run run : runs)
        {
            if (!rates.contains(run.rate()))
            {
                rates.add(run.rate());
            }
            for (final double[] point : run.distribution())
            {
                if (point[0] < 100)
                {
                    maxNines = Math.max(maxNines, nines(point[0]));
                }
                if (point[1] > 0)
                {
                    minMicros = Math.min(minMicros, point[1]);
                    maxMicros = Math.max(maxMicros, point[1]);
                }
            }
        }
        if (maxMicros == 0)
        {
            minMicros = 1;
            maxMicros = 10;
        }
        final int xDecades = (int)Math.ceil(maxNines);
        final double yLow = Math.floor(Math.log10(minMicros));
        final double yHigh = Math.max(yLow + 1, Math.ceil(Math.log10(maxMicros)));
        final double plotWidth = WIDTH - LEFT - RIGHT;
        final double plotHeight = HEIGHT - TOP - BOTTOM;

        final StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">")
            .append(escape(title)).append("</text>\n");

        // Grid and labels: one vertical line per extra nine, one horizontal line per decade of latency.
        for (int decade = 0; decade <= xDecades; decade++)
        {
            final double x = LEFT + plotWidth * decade / xDecades;
            svg.append(line(x, TOP, x, TOP + plotHeight, "#dddddd"));
            svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(TOP + plotHeight + 18))
                .append("\" text-anchor=\"middle\">").append(percentileLabel(decade)).append("</text>\n");
        }
        for (double decade = yLow; decade <= yHigh; decade++)
        {
            final double y = TOP + plotHeight - plotHeight * (decade - yLow) / (yHigh - yLow);
            svg.append(line(LEFT, y, LEFT + plotWidth, y, "#dddddd"));
            svg.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(y + 4))
                .append("\" text-anchor=\"end\">").append(microsLabel(Math.pow(10, decade))).append("</text>\n");
        }
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(fmt(plotWidth))
            .append("\" height=\"").append(fmt(plotHeight)).append("\" fill=\"none\" stroke=\"#444444\"/>\n");
        svg.append("<text x=\"").append(fmt(LEFT + plotWidth / 2)).append("\" y=\"").append(HEIGHT - 16)
            .append("\" text-anchor=\"middle\">percentile</text>\n");
        svg.append("<text transform=\"translate(20 ").append(fmt(TOP + plotHeight / 2))
            .append(") rotate(-90)\" text-anchor=\"middle\">latency (log scale)</text>\n");

        for (int i = 0; i < runs.size(); i++)
        {
            final LatencySummary.Run run = runs.get(i);
            final String colour = COLOURS[rates.indexOf(run.rate()) % COLOURS.length];
            final boolean ferrite = run.pipeline().startsWith("ferrite");
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                .append(ferrite ? "" : " stroke-dasharray=\"6 4\"").append(" points=\"");
            boolean first = true;
            for (final double[] point : run.distribution())
            {
                if (point[0] >= 100 || point[1] <= 0)
                {
                    continue;
                }
                final double x = LEFT + plotWidth * Math.min(nines(point[0]), xDecades) / xDecades;
                final double y = TOP + plotHeight - plotHeight * (Math.log10(point[1]) - yLow) / (yHigh - yLow);
                svg.append(first ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
                first = false;
            }
            svg.append("\"><title>").append(escape(run.label())).append("</title></polyline>\n");

            final double legendY = TOP + 10 + 22 * i;
            final double legendX = LEFT + plotWidth + 20;
            svg.append("<line x1=\"").append(fmt(legendX)).append("\" y1=\"").append(fmt(legendY))
                .append("\" x2=\"").append(fmt(legendX + 30)).append("\" y2=\"").append(fmt(legendY))
                .append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                .append(ferrite ? "" : " stroke-dasharray=\"6 4\"").append("/>\n");
            svg.append("<text x=\"").append(fmt(legendX + 38)).append("\" y=\"").append(fmt(legendY + 4)).append("\">")
                .append(escape(run.label() + (run.saturated() ? " (saturated)" : ""))).append("</text>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /**
     * @param percentile in [0, 100).
     * @return how many nines it has: 0 for 0%, 1 for 90%, 2 for 99%, 3 for 99.9%, fractional in between.
     */
    static double nines(final double percentile)
    {
        return -Math.log10(1 - percentile / 100);
    }

    static String percentileLabel(final int nines)
    {
        switch (nines)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            case 2:
                return "99%";
            default:
                return "99." + "9".repeat(nines - 2) + "%";
        }
    }

    private static String microsLabel(final double micros)
    {
        if (micros >= 1_000_000)
        {
            return ReportFormat.plain(micros / 1_000_000) + " s";
        }
        if (micros >= 1000)
        {
            return ReportFormat.plain(micros / 1000) + " ms";
        }
        return ReportFormat.plain(micros) + " µs";
    }

    private static String line(final double x1, final double y1, final double x2, final double y2, final String colour)
    {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) +
            "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
