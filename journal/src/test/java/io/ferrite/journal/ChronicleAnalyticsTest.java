package io.ferrite.journal;

import io.ferrite.journal.test.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that embeds the journal must not phone home, whatever flags it was started with.
 */
@Tag("slow")
class ChronicleAnalyticsTest
{
    @TempDir
    Path home;

    @TempDir
    Path journalDir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldLeaveNoChronicleAnalyticsFileInTheUsersHome() throws IOException
    {
        // As a user would run it: none of our -D switches, a home directory of its own, and no JUnit on the
        // classpath (Chronicle mutes its analytics when it finds JUnit, which would hide a failure here).
        final String output;
        try (ChildJvm child = ChildJvm.builder(AnalyticsProbeMain.class)
            .withoutJvmArgsStartingWith("-D" + ChronicleDefaults.ANALYTICS_DISABLE_PROP_NAME)
            .withoutJvmArgsStartingWith("-D" + ChronicleDefaults.ANNOUNCER_DISABLE_PROP_NAME)
            .withoutJvmArgsStartingWith("-D" + ChronicleDefaults.PERF_INFO_DISABLE_PROP_NAME)
            .withoutClasspathEntriesContaining("junit")
            .withoutClasspathEntriesContaining("opentest4j")
            .jvmArg("-Duser.home=" + home)
            // A switch the user set explicitly must be left as it is.
            .jvmArg("-D" + ChronicleDefaults.PERF_INFO_DISABLE_PROP_NAME + "=false")
            .args(journalDir.toString())
            .start())
        {
            assertEquals(0, child.waitFor(Duration.ofSeconds(50)), child.output());
            output = child.output();
            assertTrue(output.contains("DONE"), output);
        }

        try (Stream<Path> files = Files.list(home))
        {
            final List<String> chronicleFiles = files.map(file -> file.getFileName().toString())
                .filter(name -> name.startsWith(".chronicle"))
                .collect(Collectors.toList());
            assertEquals(List.of(), chronicleFiles, "Chronicle wrote into the user's home directory");
        }

        assertTrue(output.contains("PROPERTY " + ChronicleDefaults.ANALYTICS_DISABLE_PROP_NAME + "=true"), output);
        assertTrue(output.contains("PROPERTY " + ChronicleDefaults.PERF_INFO_DISABLE_PROP_NAME + "=false"), output);
    }
}
