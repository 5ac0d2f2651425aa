package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Child JVM for the analytics test: uses the journal as an application would, with nothing else on the classpath
 * that could mute Chronicle's analytics (no JUnit), then reports the Chronicle switches as it found them.
 * Arguments: journal directory.
 */
public final class AnalyticsProbeMain
{
    private AnalyticsProbeMain()
    {
    }

    public static void main(final String[] args)
    {
        try (Journal journal = Journal.open(new JournalConfig().directory(Path.of(args[0])).minFreeSpaceBytes(0)))
        {
            journal.appender().append(1, 1, 1, new UnsafeBuffer(new byte[16]), 0, 16);
            try (JournalReader reader = journal.reader())
            {
                reader.next(new JournalRecord());
            }
        }
        for (final String name : new String[]{
            ChronicleDefaults.ANALYTICS_DISABLE_PROP_NAME,
            ChronicleDefaults.ANNOUNCER_DISABLE_PROP_NAME,
            ChronicleDefaults.PERF_INFO_DISABLE_PROP_NAME})
        {
            System.out.println("PROPERTY " + name + "=" + System.getProperty(name));
        }
        System.out.println("DONE");
    }
}
