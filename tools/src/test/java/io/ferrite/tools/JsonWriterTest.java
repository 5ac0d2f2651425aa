package io.ferrite.tools;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonWriterTest
{
    private final StringWriter text = new StringWriter();
    private final JsonWriter json = new JsonWriter(new PrintWriter(text));

    @Test
    void shouldWriteNestedObjectsAndArraysThatParseBack()
    {
        json.beginObject()
            .field("long", Long.MIN_VALUE)
            .field("flag", false)
            .field("missing", (String)null)
            .beginObject("inner").field("a", 1).endObject()
            .beginArray("list").value("x").beginObject().field("b", 2).endObject().endArray()
            .beginArray("empty").endArray()
            .endObject()
            .finish();

        final Map<String, Object> parsed = Json.parseObject(text.toString());
        assertEquals(Long.MIN_VALUE, parsed.get("long"));
        assertEquals(Boolean.FALSE, parsed.get("flag"));
        assertEquals(null, parsed.get("missing"));
        assertEquals(Map.of("a", 1L), parsed.get("inner"));
        assertEquals(List.of("x", Map.of("b", 2L)), parsed.get("list"));
        assertEquals(List.of(), parsed.get("empty"));
        assertEquals(text.toString().strip() + System.lineSeparator(), text.toString(), "one line");
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters()
    {
        final String awkward = "a \"quoted\" C:\\path\nline\ttab \u0001 µ";

        json.beginObject().field("s", awkward).endObject().finish();

        assertEquals(awkward, Json.parseObject(text.toString()).get("s"));
        assertEquals(1, text.toString().lines().count());
    }

    @Test
    void shouldRefuseUnbalancedOrMisplacedValues()
    {
        assertThrows(IllegalStateException.class, () -> json.field("outside", 1));
        json.beginObject();
        assertThrows(IllegalStateException.class, () -> json.value("unnamed in object"));
        assertThrows(IllegalStateException.class, json::endArray);
        assertThrows(IllegalStateException.class, json::finish);
    }
}
