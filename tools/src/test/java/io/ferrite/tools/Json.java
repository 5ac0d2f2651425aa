package io.ferrite.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON parser for checking {@code --json} output in tests: objects become {@link Map}s (insertion
 * ordered), arrays {@link List}s, integers {@link Long}, other numbers {@link Double}. Rejects trailing content, so a
 * test fails if a command prints anything beside its one JSON object.
 */
final class Json
{
    private final String text;
    private int position;

    private Json(final String text)
    {
        this.text = text;
    }

    /**
     * @param text exactly one JSON value, optionally surrounded by whitespace.
     * @return the value.
     * @throws IllegalArgumentException naming the position of the first syntax error.
     */
    static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.value();
        json.skipWhitespace();
        if (json.position != text.length())
        {
            throw json.error("content after the JSON value");
        }
        return value;
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

    private Object value()
    {
        skipWhitespace();
        if (position >= text.length())
        {
            throw error("unexpected end");
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
            default:
                return number();
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> object = new LinkedHashMap<>();
        position++;
        skipWhitespace();
        if (peek() == '}')
        {
            position++;
            return object;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("expected a field name");
            }
            final String name = string();
            skipWhitespace();
            expect(':');
            if (object.containsKey(name))
            {
                throw error("duplicate field '" + name + "'");
            }
            object.put(name, value());
            skipWhitespace();
            if (peek() == ',')
            {
                position++;
                continue;
            }
            expect('}');
            return object;
        }
    }

    private List<Object> array()
    {
        final List<Object> array = new ArrayList<>();
        position++;
        skipWhitespace();
        if (peek() == ']')
        {
            position++;
            return array;
        }
        while (true)
        {
            array.add(value());
            skipWhitespace();
            if (peek() == ',')
            {
                position++;
                continue;
            }
            expect(']');
            return array;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder string = new StringBuilder();
        while (true)
        {
            if (position >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return string.toString();
            }
            if (c < 0x20)
            {
                throw error("unescaped control character in string");
            }
            if (c != '\\')
            {
                string.append(c);
                continue;
            }
            final char escaped = text.charAt(position++);
            switch (escaped)
            {
                case '"':
                case '\\':
                case '/':
                    string.append(escaped);
                    break;
                case 'n':
                    string.append('\n');
                    break;
                case 'r':
                    string.append('\r');
                    break;
                case 't':
                    string.append('\t');
                    break;
                case 'b':
                    string.append('\b');
                    break;
                case 'f':
                    string.append('\f');
                    break;
                case 'u':
                    string.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                    break;
                default:
                    throw error("bad escape \\" + escaped);
            }
        }
    }

    private Object number()
    {
        final int start = position;
        while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        final String number = text.substring(start, position);
        if (number.isEmpty())
        {
            throw error("unexpected character '" + text.charAt(start) + "'");
        }
        if (number.indexOf('.') >= 0 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0)
        {
            return Double.parseDouble(number);
        }
        return Long.parseLong(number);
    }

    private Object literal(final String literal, final Object value)
    {
        if (!text.startsWith(literal, position))
        {
            throw error("expected " + literal);
        }
        position += literal.length();
        return value;
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private char peek()
    {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipWhitespace()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException(what + " at offset " + position + " of: " + text);
    }
}
