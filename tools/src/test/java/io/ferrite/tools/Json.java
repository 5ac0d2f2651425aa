package io.ferrite.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --json} output in tests with the project's JSON library, strictly (trailing content fails, so a test
 * fails if a command prints anything beside its one JSON object): objects become insertion-ordered {@link Map}s,
 * arrays {@link List}s, integers {@link Long}, other numbers {@link Double}.
 */
final class Json
{
    private static final JSON STRICT =
        JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS, JSON.Feature.PRESERVE_FIELD_ORDERING);

    private Json()
    {
    }

    /**
     * @param text exactly one JSON value, optionally surrounded by whitespace.
     * @return the value.
     * @throws IllegalArgumentException if it is not exactly one JSON value.
     */
    static Object parse(final String text)
    {
        try (JsonParser parser = STRICT.getStreamingFactory().createParser(text))
        {
            final Object value = STRICT.anyFrom(parser);
            if (null != parser.nextToken())
            {
                throw new IllegalArgumentException("content after the JSON value at " + parser.currentLocation() +
                    ": " + text);
            }
            return normalise(value);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage() + ": " + text, ex);
        }
    }

    /**
     * @param text exactly one JSON object.
     * @return the object.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(final String text)
    {
        final Object value = parse(text);
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>)value;
    }

    /** Integers of any size as Long, other numbers as Double, recursively. */
    private static Object normalise(final Object value)
    {
        if (value instanceof Map)
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)value).entrySet())
            {
                map.put((String)e.getKey(), normalise(e.getValue()));
            }
            return map;
        }
        if (value instanceof List)
        {
            final List<Object> list = new ArrayList<>();
            for (final Object element : (List<?>)value)
            {
                list.add(normalise(element));
            }
            return list;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)
        {
            return ((Number)value).longValue();
        }
        if (value instanceof Number)
        {
            return ((Number)value).doubleValue();
        }
        return value;
    }
}
