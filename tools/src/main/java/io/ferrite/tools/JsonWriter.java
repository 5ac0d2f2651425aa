package io.ferrite.tools;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Writes one JSON value straight to a writer, for {@code --json} output, through the streaming generator of the JSON
 * library the project uses everywhere (jackson-jr over jackson-core): the library does the quoting and escaping, so
 * every {@code --json} output and the dashboard's API escape strings the same, tested way. Streams (a
 * {@code journal dump} of millions of records is never held in memory) and refuses misplaced values, so a command
 * cannot print malformed JSON by mistake.
 * <p>
 * Field names are the stable contract with scripts: see the tools README. Output is one compact line. Numbers are
 * written as JSON integers; {@code null} strings as JSON {@code null}. Not thread safe; allocation is irrelevant here
 * (once per command, never on an engine thread).
 */
final class JsonWriter
{
    private final PrintWriter out;
    private final JsonGenerator generator;

    /**
     * @param out where the JSON goes; {@link #finish()} ends the line and flushes. It is never closed here.
     */
    JsonWriter(final PrintWriter out)
    {
        this.out = out;
        try
        {
            generator = JSON.std.getStreamingFactory().createGenerator(out);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write JSON: " + ex.getMessage(), ex);
        }
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    }

    JsonWriter beginObject()
    {
        try
        {
            generator.writeStartObject();
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    JsonWriter beginObject(final String name)
    {
        try
        {
            generator.writeObjectFieldStart(name);
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    JsonWriter endObject()
    {
        try
        {
            generator.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    JsonWriter beginArray(final String name)
    {
        try
        {
            generator.writeArrayFieldStart(name);
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    /**
     * @return this, with {@code name} holding an array of the strings in order.
     */
    JsonWriter array(final String name, final List<String> values)
    {
        beginArray(name);
        for (final String value : values)
        {
            value(value);
        }
        return endArray();
    }

    JsonWriter endArray()
    {
        try
        {
            generator.writeEndArray();
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    JsonWriter field(final String name, final long value)
    {
        try
        {
            generator.writeNumberField(name, value);
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    JsonWriter field(final String name, final boolean value)
    {
        try
        {
            generator.writeBooleanField(name, value);
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    JsonWriter field(final String name, final String value)
    {
        try
        {
            generator.writeStringField(name, value);
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    /**
     * Write a string element of the array being written.
     */
    JsonWriter value(final String value)
    {
        try
        {
            generator.writeString(value);
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    /**
     * Write a number element of the array being written.
     */
    JsonWriter value(final long value)
    {
        try
        {
            generator.writeNumber(value);
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        return this;
    }

    /**
     * End the output: checks every object and array was closed, then ends the line and flushes.
     */
    void finish()
    {
        if (!generator.getOutputContext().inRoot())
        {
            throw new IllegalStateException("JSON object(s) or array(s) left open");
        }
        try
        {
            generator.flush();
        }
        catch (final IOException ex)
        {
            throw misuse(ex);
        }
        out.println();
        out.flush();
    }

    /** The generator reports misplaced values (a field outside an object, an unbalanced end) as IOExceptions. */
    private static IllegalStateException misuse(final IOException ex)
    {
        return new IllegalStateException("invalid JSON structure: " + ex.getMessage(), ex);
    }
}
