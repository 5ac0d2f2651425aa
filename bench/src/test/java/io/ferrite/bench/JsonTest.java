package io.ferrite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest
{
    @Test
    void shouldParseNestedObjectsArraysAndScalars()
    {
        final Object value = Json.parse(
            " {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\\"y\\\\z\\n\\u00e9\"}, \"d\": []} ");
        final Map<?, ?> root = (Map<?, ?>)value;
        assertEquals(List.of(1.0, -2500.0, true, false), ((List<?>)root.get("a")).subList(0, 4));
        assertNull(((List<?>)root.get("a")).get(4));
        assertEquals("x\"y\\z\né", ((Map<?, ?>)root.get("b")).get("c"));
        assertEquals(List.of(), root.get("d"));
        assertEquals(List.of("a", "b", "d"), List.copyOf(root.keySet()), "keys keep file order");
    }

    @Test
    void shouldReadBareNanAndInfinityAsJmhWritesThem()
    {
        final List<?> values = (List<?>)Json.parse("[NaN, Infinity, -Infinity]");
        assertTrue(Double.isNaN((Double)values.get(0)));
        assertEquals(Double.POSITIVE_INFINITY, values.get(1));
        assertEquals(Double.NEGATIVE_INFINITY, values.get(2));
    }

    @Test
    void shouldNameTheOffsetWhereTextStopsBeingJson()
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,, }"));
        assertTrue(error.getMessage().contains("offset 8"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
    }

    @Test
    void shouldQuoteStringsSoThatTheyParseBack()
    {
        final String text = "tab\t quote\" backslash\\ newline\n control\u0001";
        assertEquals(text, Json.parse(Json.quote(text)));
    }

    @Test
    void shouldWriteNumbersThatParseBackAndNullForNan()
    {
        assertEquals("42", Json.number(42));
        assertEquals(0.001234, (Double)Json.parse(Json.number(0.001234)), 1e-12);
        assertEquals(1.5e20, (Double)Json.parse(Json.number(1.5e20)), 1e9);
        assertEquals("null", Json.number(Double.NaN));
        // Order must survive: an integral value and a slightly smaller fractional one.
        assertTrue((Double)Json.parse(Json.number(1_234_566.5)) < (Double)Json.parse(Json.number(1_234_567)));
        assertEquals(4476.929, (Double)Json.parse(Json.number(4476.929)), 0.0);
    }
}
