package io.ferrite.connectors.text;

import io.ferrite.engine.processor.EventSchema;
import io.ferrite.engine.processor.MutableEvent;
import org.agrona.AsciiNumberFormatException;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes a workload's input events as text, one per line, in the columns its {@link EventSchema} defines:
 * <pre>
 *   CSV    type,timestamp_ns,&lt;input fields&gt;                              (header line first)
 *          TRANSACTION,1700000000000000123,17,4000000000000042,100417,2315,51512300,-130000,5812,1,,,
 *   JSONL  {"type":"TRANSACTION","timestamp_ns":1700000000000000123,"transaction_id":17,...}
 * </pre>
 * {@code type} is the schema's type name; {@code timestamp_ns} is the event time (the journal timestamp); every other
 * column is one integer field. A CSV cell of a field the row's type does not have is left empty; a JSON line carries
 * only its type's fields. Decoding checks every value (a number that fits the field, every field of the type
 * present, nothing unknown) and says precisely what is wrong with a line.
 * <p>
 * Decoding and encoding allocate nothing per line (an error message is built only for a bad line). Not thread safe:
 * one codec per reader or writer.
 */
public final class EventTextCodec
{
    /** The type column. */
    public static final String TYPE = "type";
    /** The event-time column, nanoseconds. */
    public static final String TIMESTAMP = "timestamp_ns";

    private static final int TYPE_COLUMN = 0;
    private static final int TIMESTAMP_COLUMN = 1;

    private final EventSchema schema;
    private final TextFormat format;
    private final List<EventSchema.EventType> types = new ArrayList<>();
    private final byte[][] typeNames;
    private final String[] columns;
    private final byte[][] columnNames;
    /** For each type (index into {@link #types}) and column: the field it fills, or null. */
    private final EventSchema.Field[][] fieldByColumn;
    /** CSV: for each position in a line, which column it is (set from the header). */
    private int[] csvOrder;
    private final int[] valueStart;
    private final int[] valueLength;
    private final ExpandableArrayBuffer line = new ExpandableArrayBuffer(512);

    /**
     * @param schema the workload's schema; its input types are coded.
     * @param format CSV or JSON lines.
     */
    public EventTextCodec(final EventSchema schema, final TextFormat format)
    {
        this.schema = schema;
        this.format = format;
        for (final EventSchema.EventType type : schema.types())
        {
            if (!type.isOutput())
            {
                types.add(type);
            }
        }
        typeNames = new byte[types.size()][];
        for (int t = 0; t < types.size(); t++)
        {
            typeNames[t] = types.get(t).name().getBytes(StandardCharsets.US_ASCII);
        }
        final List<String> names = new ArrayList<>();
        names.add(TYPE);
        names.add(TIMESTAMP);
        names.addAll(schema.inputColumns());
        columns = names.toArray(new String[0]);
        columnNames = new byte[columns.length][];
        for (int c = 0; c < columns.length; c++)
        {
            columnNames[c] = columns[c].getBytes(StandardCharsets.US_ASCII);
        }
        fieldByColumn = new EventSchema.Field[types.size()][columns.length];
        for (int t = 0; t < types.size(); t++)
        {
            for (int c = 2; c < columns.length; c++)
            {
                fieldByColumn[t][c] = types.get(t).field(columns[c]);
            }
        }
        valueStart = new int[columns.length];
        valueLength = new int[columns.length];
        csvOrder = new int[columns.length];
        for (int c = 0; c < columns.length; c++)
        {
            csvOrder[c] = c;
        }
    }

    /**
     * @return the format.
     */
    public TextFormat format()
    {
        return format;
    }

    /**
     * @return the schema.
     */
    public EventSchema schema()
    {
        return schema;
    }

    /**
     * @return the CSV header line, without a line end.
     */
    public String csvHeader()
    {
        return String.join(",", columns);
    }

    /**
     * Take the column order from a CSV header line.
     *
     * @param buffer holding the line (without its line end).
     * @param offset where it starts.
     * @param length its length.
     * @return null if it is usable, else what is wrong with it.
     */
    public String readCsvHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        final String header = buffer.getStringWithoutLengthAscii(offset, length).strip();
        final String[] names = header.split(",", -1);
        final int[] order = new int[names.length];
        final boolean[] seen = new boolean[columns.length];
        for (int i = 0; i < names.length; i++)
        {
            final String name = names[i].strip();
            int column = -1;
            for (int c = 0; c < columns.length; c++)
            {
                if (columns[c].equals(name))
                {
                    column = c;
                }
            }
            if (column < 0)
            {
                return "unknown column '" + name + "' in the header (expected " + csvHeader() + ")";
            }
            if (seen[column])
            {
                return "column '" + name + "' appears twice in the header";
            }
            seen[column] = true;
            order[i] = column;
        }
        for (int c = 0; c < columns.length; c++)
        {
            if (!seen[c])
            {
                return "the header lacks column '" + columns[c] + "' (expected " + csvHeader() + ")";
            }
        }
        csvOrder = order;
        return null;
    }

    /**
     * Decode one line into an event: type, timestamp, payload (zero-filled to the type's length, then every field).
     *
     * @param buffer holding the line (without its line end).
     * @param offset where it starts.
     * @param length its length.
     * @param event  the event to write.
     * @return null on success, else what is wrong with the line (the event is then left half written).
     */
    public String decode(final DirectBuffer buffer, final int offset, final int length, final MutableEvent event)
    {
        for (int c = 0; c < columns.length; c++)
        {
            valueStart[c] = -1;
            valueLength[c] = 0;
        }
        final String error = format == TextFormat.CSV ?
            splitCsv(buffer, offset, length) : splitJson(buffer, offset, length);
        if (null != error)
        {
            return error;
        }
        if (valueStart[TYPE_COLUMN] < 0 || valueLength[TYPE_COLUMN] == 0)
        {
            return "no type";
        }
        final int t = typeIndex(buffer, valueStart[TYPE_COLUMN], valueLength[TYPE_COLUMN]);
        if (t < 0)
        {
            return "unknown type '" + text(buffer, TYPE_COLUMN) + "'";
        }
        final EventSchema.EventType type = types.get(t);
        if (type.length() > event.maxLength())
        {
            return type.name() + " needs " + type.length() + " payload bytes, the engine allows " + event.maxLength();
        }
        if (valueStart[TIMESTAMP_COLUMN] < 0 || valueLength[TIMESTAMP_COLUMN] == 0)
        {
            return "no " + TIMESTAMP;
        }
        final long timestamp;
        try
        {
            timestamp = buffer.parseLongAscii(valueStart[TIMESTAMP_COLUMN], valueLength[TIMESTAMP_COLUMN]);
        }
        catch (final AsciiNumberFormatException | IndexOutOfBoundsException ex)
        {
            return TIMESTAMP + " '" + text(buffer, TIMESTAMP_COLUMN) + "' is not an integer";
        }
        event.type(type.id());
        event.timestamp(timestamp);
        final MutableDirectBuffer payload = event.buffer();
        final int payloadOffset = event.payloadOffset();
        payload.setMemory(payloadOffset, type.length(), (byte)0);
        final EventSchema.Field[] fields = fieldByColumn[t];
        for (int c = 2; c < columns.length; c++)
        {
            final EventSchema.Field field = fields[c];
            final boolean present = valueStart[c] >= 0 && valueLength[c] > 0;
            if (null == field)
            {
                if (present)
                {
                    return type.name() + " has no field '" + columns[c] + "' (leave it empty)";
                }
                continue;
            }
            if (!present)
            {
                return type.name() + " lacks field '" + columns[c] + "'";
            }
            final long value;
            try
            {
                value = buffer.parseLongAscii(valueStart[c], valueLength[c]);
            }
            catch (final AsciiNumberFormatException | IndexOutOfBoundsException ex)
            {
                return "field '" + columns[c] + "' value '" + text(buffer, c) + "' is not an integer";
            }
            if (!field.put(payload, payloadOffset, value))
            {
                return "field '" + columns[c] + "' value " + value + " does not fit in " + field.width() + " bytes";
            }
        }
        event.length(type.length());
        return null;
    }

    private String text(final DirectBuffer buffer, final int column)
    {
        return buffer.getStringWithoutLengthAscii(valueStart[column], valueLength[column]);
    }

    private int typeIndex(final DirectBuffer buffer, final int start, final int length)
    {
        for (int t = 0; t < typeNames.length; t++)
        {
            if (bytesEqual(typeNames[t], buffer, start, length))
            {
                return t;
            }
        }
        return -1;
    }

    private static boolean bytesEqual(final byte[] expected, final DirectBuffer buffer, final int start, final int length)
    {
        if (expected.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (expected[i] != buffer.getByte(start + i))
            {
                return false;
            }
        }
        return true;
    }

    private String splitCsv(final DirectBuffer buffer, final int offset, final int length)
    {
        int end = offset + length;
        if (end > offset && buffer.getByte(end - 1) == '\r')
        {
            end--;
        }
        int cell = 0;
        int start = offset;
        for (int i = offset; i <= end; i++)
        {
            if (i == end || buffer.getByte(i) == ',')
            {
                if (cell >= csvOrder.length)
                {
                    return "more than the header's " + csvOrder.length + " columns";
                }
                int s = start;
                int e = i;
                while (s < e && buffer.getByte(s) == ' ')
                {
                    s++;
                }
                while (e > s && buffer.getByte(e - 1) == ' ')
                {
                    e--;
                }
                final int column = csvOrder[cell++];
                valueStart[column] = s;
                valueLength[column] = e - s;
                start = i + 1;
            }
        }
        if (cell != csvOrder.length)
        {
            return cell + " columns, the header has " + csvOrder.length;
        }
        return null;
    }

    private String splitJson(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int i = skipSpace(buffer, offset, end);
        if (i >= end || buffer.getByte(i) != '{')
        {
            return "not a JSON object";
        }
        i = skipSpace(buffer, i + 1, end);
        if (i < end && buffer.getByte(i) == '}')
        {
            return trailing(buffer, i + 1, end);
        }
        while (true)
        {
            if (i >= end || buffer.getByte(i) != '"')
            {
                return "expected a quoted key at character " + (i - offset + 1);
            }
            final int keyStart = i + 1;
            int keyEnd = keyStart;
            while (keyEnd < end && buffer.getByte(keyEnd) != '"')
            {
                keyEnd++;
            }
            if (keyEnd >= end)
            {
                return "unterminated key";
            }
            int column = -1;
            for (int c = 0; c < columnNames.length; c++)
            {
                if (bytesEqual(columnNames[c], buffer, keyStart, keyEnd - keyStart))
                {
                    column = c;
                }
            }
            if (column < 0)
            {
                return "unknown key '" + buffer.getStringWithoutLengthAscii(keyStart, keyEnd - keyStart) + "'";
            }
            if (valueStart[column] >= 0)
            {
                return "key '" + columns[column] + "' appears twice";
            }
            i = skipSpace(buffer, keyEnd + 1, end);
            if (i >= end || buffer.getByte(i) != ':')
            {
                return "expected ':' after key '" + columns[column] + "'";
            }
            i = skipSpace(buffer, i + 1, end);
            if (i < end && buffer.getByte(i) == '"')
            {
                final int s = i + 1;
                int e = s;
                while (e < end && buffer.getByte(e) != '"')
                {
                    e++;
                }
                if (e >= end)
                {
                    return "unterminated string for key '" + columns[column] + "'";
                }
                valueStart[column] = s;
                valueLength[column] = e - s;
                i = e + 1;
            }
            else
            {
                final int s = i;
                while (i < end && buffer.getByte(i) != ',' && buffer.getByte(i) != '}' && buffer.getByte(i) != ' ')
                {
                    i++;
                }
                valueStart[column] = s;
                valueLength[column] = i - s;
            }
            i = skipSpace(buffer, i, end);
            if (i < end && buffer.getByte(i) == ',')
            {
                i = skipSpace(buffer, i + 1, end);
                continue;
            }
            if (i < end && buffer.getByte(i) == '}')
            {
                return trailing(buffer, i + 1, end);
            }
            return "expected ',' or '}' after the value of '" + columns[column] + "'";
        }
    }

    private static String trailing(final DirectBuffer buffer, final int from, final int end)
    {
        return skipSpace(buffer, from, end) == end ? null : "text after the JSON object";
    }

    private static int skipSpace(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end)
        {
            final byte b = buffer.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r')
            {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Encode one event as a line, with its line end, into an internal buffer.
     *
     * @param type      the event type; must be an input type of the schema.
     * @param timestamp the event time.
     * @param buffer    holding the payload.
     * @param offset    where it starts.
     * @param length    its length, which must be the type's.
     * @return the encoded length, in {@link #line()}.
     * @throws IllegalArgumentException for a type the schema does not know or a payload of the wrong length.
     */
    public int encode(final int type, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length)
    {
        int t = -1;
        for (int i = 0; i < types.size(); i++)
        {
            if (types.get(i).id() == type)
            {
                t = i;
            }
        }
        if (t < 0)
        {
            throw new IllegalArgumentException("event type " + type + " is not an input type of the schema");
        }
        final EventSchema.EventType eventType = types.get(t);
        if (length != eventType.length())
        {
            throw new IllegalArgumentException(eventType.name() + " payload of " + length + " bytes, expected " +
                eventType.length());
        }
        final ExpandableArrayBuffer out = line;
        int at = 0;
        final boolean csv = format == TextFormat.CSV;
        if (!csv)
        {
            at += out.putStringWithoutLengthAscii(at, "{\"type\":\"");
        }
        at += out.putStringWithoutLengthAscii(at, eventType.name());
        if (csv)
        {
            out.putByte(at++, (byte)',');
        }
        else
        {
            at += out.putStringWithoutLengthAscii(at, "\",\"timestamp_ns\":");
        }
        at += out.putLongAscii(at, timestamp);
        final EventSchema.Field[] fields = fieldByColumn[t];
        for (int c = 2; c < columns.length; c++)
        {
            final EventSchema.Field field = fields[c];
            if (csv)
            {
                out.putByte(at++, (byte)',');
                if (null != field)
                {
                    at += out.putLongAscii(at, field.get(buffer, offset));
                }
            }
            else if (null != field)
            {
                out.putByte(at++, (byte)',');
                out.putByte(at++, (byte)'"');
                at += out.putStringWithoutLengthAscii(at, columns[c]);
                out.putByte(at++, (byte)'"');
                out.putByte(at++, (byte)':');
                at += out.putLongAscii(at, field.get(buffer, offset));
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
     * @return the buffer {@link #encode} writes into (valid until the next encode).
     */
    public ExpandableArrayBuffer line()
    {
        return line;
    }
}
