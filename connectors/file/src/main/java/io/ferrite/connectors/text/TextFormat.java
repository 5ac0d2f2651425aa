package io.ferrite.connectors.text;

/**
 * The text formats events and outputs are read and written in: one event per line either way.
 */
public enum TextFormat
{
    /** Comma-separated values with a header line naming the columns. */
    CSV,
    /** JSON lines: one flat JSON object per line, keys named like the CSV columns. */
    JSONL;

    /**
     * @param name "csv" or "jsonl", any case.
     * @return the format.
     * @throws IllegalArgumentException for anything else.
     */
    public static TextFormat parse(final String name)
    {
        switch (name.toLowerCase(java.util.Locale.ROOT))
        {
            case "csv":
                return CSV;
            case "jsonl":
            case "json":
                return JSONL;
            default:
                throw new IllegalArgumentException("unknown text format '" + name + "': use csv or jsonl");
        }
    }
}
