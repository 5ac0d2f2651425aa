package io.ferrite.engine.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadmeExampleTest
{
    @TempDir
    Path dir;

    @Test
    void shouldShowTheCompiledExampleVerbatimInTheReadme() throws Exception
    {
        final String source = Files.readString(Path.of("src/test/java/io/ferrite/engine/readme/ReadmeExample.java"));
        final String code = between(source, "// README-BEGIN\n", "        // README-END").stripTrailing().stripIndent().strip();
        final String readme = Files.readString(Path.of("../README.md"));
        final String shown = between(readme, "<!-- example:begin -->\n```java\n", "```\n<!-- example:end -->").strip();
        assertEquals(code, shown, "README.md's embedding example differs from ReadmeExample.java: copy it over");
    }

    @Test
    void shouldRunTheReadmeExampleAndRecoverItsStateOnRestart()
    {
        assertEquals(500_500, ReadmeExample.run(dir));
        assertEquals(2 * 500_500, ReadmeExample.run(dir), "second run must start from the recovered total");
    }

    private static String between(final String text, final String start, final String end)
    {
        final int from = text.indexOf(start);
        assertTrue(from >= 0, "missing marker " + start.strip());
        final int to = text.indexOf(end, from + start.length());
        assertTrue(to >= 0, "missing marker " + end.strip());
        return text.substring(from + start.length(), to);
    }
}
