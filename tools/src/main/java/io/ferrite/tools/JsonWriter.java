package io.ferrite.tools;

import java.io.PrintWriter;

/**
 * Writes one JSON value straight to a writer, for {@code --json} output. Streams (a {@code journal dump} of millions of
 * records is never held in memory) and checks nesting, so a command cannot print malformed JSON by mistake.
 * <p>
 * Field names are the stable contract with scripts: see the tools README. Numbers are written as JSON integers;
 * {@code null} strings as JSON {@code null}. Not thread safe; allocation is irrelevant here (once per command, never
 * on an engine thread).
 */
final class JsonWriter
{
    private static final int MAX_DEPTH = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final PrintWriter out;
    private final boolean[] inArray = new boolean[MAX_DEPTH];
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private int depth;

    /**
     * @param out where the JSON goes; {@link #finish()} ends the line and flushes.
     */
    JsonWriter(final PrintWriter out)
    {
        this.out = out;
    }

    JsonWriter beginObject()
    {
        beforeValue();
        return open('{', false);
    }

    JsonWriter beginObject(final String name)
    {
        name(name);
        return open('{', false);
    }

    JsonWriter endObject()
    {
        return close('}', false);
    }

    JsonWriter beginArray(final String name)
    {
        name(name);
        return open('[', true);
    }

    JsonWriter endArray()
    {
        return close(']', true);
    }

    JsonWriter field(final String name, final long value)
    {
        name(name);
        out.print(value);
        return this;
    }

    JsonWriter field(final String name, final boolean value)
    {
        name(name);
        out.print(value);
        return this;
    }

    JsonWriter field(final String name, final String value)
    {
        name(name);
        string(value);
        return this;
    }

    /**
     * Write a string element of the array being written.
     */
    JsonWriter value(final String value)
    {
        beforeValue();
        string(value);
        return this;
    }

    /**
     * Write a number element of the array being written.
     */
    JsonWriter value(final long value)
    {
        beforeValue();
        out.print(value);
        return this;
    }

    /**
     * End the output: checks every object and array was closed, then ends the line and flushes.
     */
    void finish()
    {
        if (0 != depth)
        {
            throw new IllegalStateException(depth + " JSON object(s) or array(s) left open");
        }
        out.println();
        out.flush();
    }

    private void name(final String name)
    {
        if (0 == depth || inArray[depth - 1])
        {
            throw new IllegalStateException("field '" + name + "' outside an object");
        }
        separator();
        string(name);
        out.print(':');
    }

    private void beforeValue()
    {
        if (depth > 0)
        {
            if (!inArray[depth - 1])
            {
                throw new IllegalStateException("unnamed value inside an object");
            }
            separator();
        }
    }

    private void separator()
    {
        if (hasMember[depth - 1])
        {
            out.print(',');
        }
        hasMember[depth - 1] = true;
    }

    private JsonWriter open(final char bracket, final boolean array)
    {
        if (MAX_DEPTH == depth)
        {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        out.print(bracket);
        inArray[depth] = array;
        hasMember[depth] = false;
        depth++;
        return this;
    }

    private JsonWriter close(final char bracket, final boolean array)
    {
        if (0 == depth || inArray[depth - 1] != array)
        {
            throw new IllegalStateException("unbalanced '" + bracket + "'");
        }
        depth--;
        out.print(bracket);
        return this;
    }

    private void string(final String value)
    {
        if (null == value)
        {
            out.print("null");
            return;
        }
        out.print('"');
        for (int i = 0, n = value.length(); i < n; i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    out.print("\\\"");
                    break;
                case '\\':
                    out.print("\\\\");
                    break;
                case '\n':
                    out.print("\\n");
                    break;
                case '\r':
                    out.print("\\r");
                    break;
                case '\t':
                    out.print("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        out.print("\\u00");
                        out.print(HEX[c >> 4]);
                        out.print(HEX[c & 0xF]);
                    }
                    else
                    {
                        out.print(c);
                    }
            }
        }
        out.print('"');
    }
}
