package io.ferrite.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough JSON for the benchmark tooling, so that the bench module needs no JSON library: a parser for JMH's
 * {@code -rf json} output and the latency harness's summary, and the two helpers the harness writes with.
 * <p>
 * Parsing gives {@code Map<String, Object>} (keys in file order), {@code List<Object>}, {@code String},
 * {@code Double}, {@code Boolean} or {@code null}. The bare tokens {@code NaN}, {@code Infinity} and
 * {@code -Infinity} that some tools emit are read as doubles. Not for hot paths: it allocates freely.
 */
public final class Json
{
    private final String text;
    private int position;

    private Json(final String text)
    {
        this.text = text;
    }

    /**
     * @param text a JSON document.
     * @return its value.
     * @throws IllegalArgumentException naming the character offset where the text stops being JSON.
     */
    public static Object parse(final String text)
    {
        final Json parser = new Json(text);
        final Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position != text.length())
        {
            throw parser.error("unexpected text after the JSON value");
        }
        return value;
    }

    /**
     * @param value a string.
     * @return it as a JSON string literal, quotes included.
     */
    public static String quote(final String value)
    {
        final StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
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

    private Object value()
    {
        skipWhitespace();
        if (position >= text.length())
        {
            throw error("unexpected end of input");
        }
        final char c = text.charAt(position);
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            case 'N':
                return literal("NaN", Double.NaN);
            case 'I':
                return literal("Infinity", Double.POSITIVE_INFINITY);
            default:
                if (c == '-' && text.startsWith("-Infinity", position))
                {
                    return literal("-Infinity", Double.NEGATIVE_INFINITY);
                }
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        position++;
        skipWhitespace();
        if (peek() == '}')
        {
            position++;
            return map;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("expected a string key");
            }
            final String key = string();
            skipWhitespace();
            expect(':');
            map.put(key, value());
            skipWhitespace();
            final char c = next();
            if (c == '}')
            {
                return map;
            }
            if (c != ',')
            {
                position--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        position++;
        skipWhitespace();
        if (peek() == ']')
        {
            position++;
            return list;
        }
        while (true)
        {
            list.add(value());
            skipWhitespace();
            final char c = next();
            if (c == ']')
            {
                return list;
            }
            if (c != ',')
            {
                position--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            final char c = next();
            if (c == '"')
            {
                return out.toString();
            }
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            final char escaped = next();
            switch (escaped)
            {
                case '"':
                case '\\':
                case '/':
                    out.append(escaped);
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    if (position + 4 > text.length())
                    {
                        throw error("truncated \\u escape");
                    }
                    try
                    {
                        out.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw error("bad \\u escape");
                    }
                    position += 4;
                    break;
                default:
                    position--;
                    throw error("bad escape '\\" + escaped + "'");
            }
        }
    }

    private Double number()
    {
        final int start = position;
        while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        try
        {
            return Double.valueOf(text.substring(start, position));
        }
        catch (final NumberFormatException ex)
        {
            position = start;
            throw error("bad number");
        }
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, position))
        {
            throw error("expected " + word);
        }
        position += word.length();
        return value;
    }

    private void skipWhitespace()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }

    private char peek()
    {
        if (position >= text.length())
        {
            throw error("unexpected end of input");
        }
        return text.charAt(position);
    }

    private char next()
    {
        final char c = peek();
        position++;
        return c;
    }

    private void expect(final char c)
    {
        if (next() != c)
        {
            position--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException("not valid JSON at offset " + position + ": " + what);
    }
}
