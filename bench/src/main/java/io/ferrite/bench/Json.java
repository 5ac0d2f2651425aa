package io.ferrite.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark tooling's JSON, through the project's JSON library (jackson-jr over jackson-core): a reader for JMH's
 * {@code -rf json} output and the latency harness's summary, and the two helpers the harness writes with.
 * <p>
 * Parsing gives {@code Map<String, Object>} (keys in file order), {@code List<Object>}, {@code String},
 * {@code Double} (every number), {@code Boolean} or {@code null}. The bare tokens {@code NaN}, {@code Infinity} and
 * {@code -Infinity} that JMH emits are read as doubles. Not for hot paths: it allocates freely.
 */
public final class Json
{
    private static final JSON READER = JSON.builder(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build())
        .enable(JSON.Feature.PRESERVE_FIELD_ORDERING)
        .build();

    private Json()
    {
    }

    /**
     * @param text a JSON document.
     * @return its value.
     * @throws IllegalArgumentException naming the character offset where the text stops being JSON.
     */
    public static Object parse(final String text)
    {
        try (JsonParser parser = READER.getStreamingFactory().createParser(text))
        {
            final Object value = READER.anyFrom(parser);
            if (null != parser.nextToken())
            {
                throw new IllegalArgumentException("not JSON at offset " + parser.currentTokenLocation().getCharOffset() +
                    ": unexpected text after the JSON value");
            }
            return normalise(value);
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation at = ex.getLocation();
            throw new IllegalArgumentException("not JSON at offset " + (null == at ? -1 : at.getCharOffset()) +
                ": " + ex.getOriginalMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
        }
    }

    /**
     * @param value a string.
     * @return it as a JSON string literal, quotes included.
     */
    public static String quote(final String value)
    {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }

    /**
     * @param value a number.
     * @return it as a JSON number that parses back to exactly {@code value} (so the order of numbers is kept);
     * {@code null} for NaN and infinities, which JSON cannot represent.
     */
    public static String number(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return "null";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            return Long.toString((long)value);
        }
        // The shortest decimal that reads back as the same double, e.g. 4476.929 or 1.2345665E7: valid JSON.
        return Double.toString(value);
    }

    /** Every number as a Double, as the report code expects, recursively. */
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
        if (value instanceof Number)
        {
            return ((Number)value).doubleValue();
        }
        return value;
    }
}
