package io.ferrite.engine;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@link RecoveryReport} of the engine's last start, kept in the data directory ({@code DIR/last-start.properties})
 * so that tools in other processes (the dashboard) can show how the running engine came up. Written once per start,
 * atomically (a reader sees the old report or the new one), owner-only.
 */
public final class RecoveryReportFile
{
    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "last-start.properties";

    private RecoveryReportFile()
    {
    }

    static void write(final Path dataDirectory, final RecoveryReport report, final long startedEpochMillis)
    {
        final Properties properties = new Properties();
        properties.setProperty("startedEpochMillis", Long.toString(startedEpochMillis));
        properties.setProperty("journalTail", Long.toString(report.journalTail()));
        properties.setProperty("snapshotSequence", Long.toString(report.snapshotSequence()));
        properties.setProperty("snapshotFile", null == report.snapshotFile() ? "" : report.snapshotFile().toString());
        properties.setProperty("eventsReplayed", Long.toString(report.eventsReplayed()));
        properties.setProperty("digestsChecked", Long.toString(report.digestsChecked()));
        properties.setProperty("recoveryNanos", Long.toString(report.recoveryNanos()));
        properties.setProperty("notes", Integer.toString(report.notes().size()));
        for (int i = 0; i < report.notes().size(); i++)
        {
            properties.setProperty("note." + i, report.notes().get(i));
        }
        final Path target = dataDirectory.resolve(FILE_NAME);
        final Path temp = dataDirectory.resolve(FILE_NAME + ".tmp");
        try
        {
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8))
            {
                properties.store(out, "Ferrite: how the engine came up at its last start");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new FerriteException("cannot write " + target + ": " + ex, ex);
        }
    }

    /**
     * @param dataDirectory an engine's data directory.
     * @return the report of the last start, or null if no engine wrote one there.
     * @throws FerriteException if the file exists but cannot be read or is not a report.
     */
    public static Recorded read(final Path dataDirectory)
    {
        final Path path = dataDirectory.resolve(FILE_NAME);
        if (!Files.isRegularFile(path))
        {
            return null;
        }
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8))
        {
            properties.load(in);
            final int notes = Integer.parseInt(properties.getProperty("notes", "0"));
            final List<String> noteList = new ArrayList<>(notes);
            for (int i = 0; i < notes; i++)
            {
                noteList.add(properties.getProperty("note." + i, ""));
            }
            final String snapshotFile = properties.getProperty("snapshotFile", "");
            return new Recorded(
                number(properties, "startedEpochMillis"),
                new RecoveryReport(
                    number(properties, "journalTail"),
                    number(properties, "snapshotSequence"),
                    snapshotFile.isEmpty() ? null : Path.of(snapshotFile),
                    number(properties, "eventsReplayed"),
                    number(properties, "digestsChecked"),
                    number(properties, "recoveryNanos"),
                    List.copyOf(noteList)));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new FerriteException("cannot read the last start report " + path + ": " + ex, ex);
        }
    }

    private static long number(final Properties properties, final String key)
    {
        final String value = properties.getProperty(key);
        if (null == value)
        {
            throw new IllegalArgumentException("missing " + key);
        }
        return Long.parseLong(value.trim());
    }

    /**
     * A report as read back.
     *
     * @param startedEpochMillis when that start began.
     * @param report             what it did.
     */
    public record Recorded(long startedEpochMillis, RecoveryReport report)
    {
    }
}
