package io.ferrite.connectors.text;

import io.ferrite.engine.processor.EventSchema;
import io.ferrite.engine.processor.OutputView;
import org.agrona.ExpandableArrayBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes outputs as text lines, identified by what caused them:
 * <pre>
 *   CSV    input_sequence,ordinal,processor,type,timestamp_ns,&lt;output fields&gt;   (header line first)
 *   JSONL  {"input_sequence":17,"ordinal":0,"processor":"fraud-scorer","type":"DECISION","timestamp_ns":...,...}
 * </pre>
 * The first two columns are what a tracked sink resumes from. An output of a type the schema does not know is
 * written with its type number and a {@code payload_hex} column instead of fields. No allocation per output. Not
 * thread safe.
 */
public final class OutputTextCodec
{
    /** Column of the causing input sequence. */
    public static final String INPUT_SEQUENCE = "input_sequence";
    /** Column of the ordinal among the outputs of one input. */
    public static final String ORDINAL = "ordinal";

    private final TextFormat format;
    private final EventSchema schema;
    private final String[] columns;
    private final ExpandableArrayBuffer line = new ExpandableArrayBuffer(512);

    /**
     * @param schema the workload's schema; its output types are coded.
     * @param format CSV or JSON lines.
     */
    public OutputTextCodec(final EventSchema schema, final TextFormat format)
    {
        this.schema = schema;
        this.format = format;
        this.columns = schema.outputColumns().toArray(new String[0]);
    }

    /**
     * @return the CSV header line, without a line end.
     */
    public String csvHeader()
    {
        final List<String> names = new ArrayList<>(List.of(INPUT_SEQUENCE, ORDINAL, "processor", "type",
            EventTextCodec.TIMESTAMP));
        names.addAll(List.of(columns));
        return String.join(",", names);
    }

    /**
     * @param output the output.
     * @return the encoded length, in {@link #line()}, line end included.
     */
    public int encode(final OutputView output)
    {
        final EventSchema.EventType type = schema.type(output.type());
        final boolean known = null != type && type.isOutput() && type.length() == output.length();
        final boolean csv = format == TextFormat.CSV;
        final ExpandableArrayBuffer out = line;
        int at = 0;
        at += out.putStringWithoutLengthAscii(at, csv ? "" : "{\"input_sequence\":");
        at += out.putLongAscii(at, output.inputSequence());
        at += out.putStringWithoutLengthAscii(at, csv ? "," : ",\"ordinal\":");
        at += out.putIntAscii(at, output.ordinal());
        at += out.putStringWithoutLengthAscii(at, csv ? "," : ",\"processor\":\"");
        at += out.putStringWithoutLengthAscii(at, output.processorName());
        at += out.putStringWithoutLengthAscii(at, csv ? "," : "\",\"type\":\"");
        if (known)
        {
            at += out.putStringWithoutLengthAscii(at, type.name());
        }
        else
        {
            at += out.putIntAscii(at, output.type());
        }
        at += out.putStringWithoutLengthAscii(at, csv ? "," : "\",\"timestamp_ns\":");
        at += out.putLongAscii(at, output.timestamp());
        for (final String column : columns)
        {
            final EventSchema.Field field = known ? type.field(column) : null;
            if (csv)
            {
                out.putByte(at++, (byte)',');
                if (null != field)
                {
                    at += out.putLongAscii(at, field.get(output.buffer(), output.payloadOffset()));
                }
            }
            else if (null != field)
            {
                at += out.putStringWithoutLengthAscii(at, ",\"");
                at += out.putStringWithoutLengthAscii(at, column);
                at += out.putStringWithoutLengthAscii(at, "\":");
                at += out.putLongAscii(at, field.get(output.buffer(), output.payloadOffset()));
            }
        }
        if (!known)
        {
            at += out.putStringWithoutLengthAscii(at, csv ? "," : ",\"payload_hex\":\"");
            for (int i = 0; i < output.length(); i++)
            {
                final int b = output.buffer().getByte(output.payloadOffset() + i) & 0xFF;
                out.putByte(at++, (byte)Character.forDigit(b >>> 4, 16));
                out.putByte(at++, (byte)Character.forDigit(b & 0xF, 16));
            }
            if (!csv)
            {
                out.putByte(at++, (byte)'"');
            }
        }
        if (!csv)
        {
            out.putByte(at++, (byte)'}');
        }
        out.putByte(at++, (byte)'\n');
        return at;
    }

    /**
     * @return the buffer {@link #encode} writes into.
     */
    public ExpandableArrayBuffer line()
    {
        return line;
    }

    /**
     * Read (input_sequence, ordinal) back from a line this codec wrote: what a restarted file sink resumes after.
     *
     * @param text one line, without its line end.
     * @return {sequence, ordinal}, or null if the line is not an output line (a header).
     */
    public long[] readPosition(final String text)
    {
        try
        {
            if (format == TextFormat.CSV)
            {
                final String[] cells = text.split(",", 3);
                return new long[]{Long.parseLong(cells[0].strip()), Long.parseLong(cells[1].strip())};
            }
            return new long[]{jsonLong(text, INPUT_SEQUENCE), jsonLong(text, ORDINAL)};
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    private static long jsonLong(final String text, final String key)
    {
        final String quoted = "\"" + key + "\":";
        final int at = text.indexOf(quoted);
        int end = at + quoted.length();
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-'))
        {
            end++;
        }
        return Long.parseLong(text.substring(at + quoted.length(), end));
    }
}
