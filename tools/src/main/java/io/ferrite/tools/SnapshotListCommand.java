package io.ferrite.tools;

import io.ferrite.engine.inspect.SnapshotInfo;
import io.ferrite.engine.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code ferrite snapshot list DIR}: every snapshot file, newest first, each read and checked.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the snapshots of a data directory, newest first: sequence, size, time, processors, status.")
final class SnapshotListCommand extends AbstractCommand
{
    @Parameters(paramLabel = "DIR", description = "The data directory a `ferrite run --data DIR` wrote.")
    Path directory;

    /**
     * @return {@link FerriteMain#EXIT_OK}; listing a bad snapshot is not a failure (see {@code snapshot verify}).
     */
    @Override
    public Integer call()
    {
        DataLayout.requireDataDirectory(spec.commandLine(), directory);
        final SnapshotStore store = SnapshotStore.open(directory);
        final List<SnapshotInfo> snapshots = store.list();
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject()
                .field("ok", true)
                .field("directory", store.directory().toString())
                .beginArray("snapshots");
            for (final SnapshotInfo snapshot : snapshots)
            {
                writeJson(json, snapshot);
            }
            json.endArray().endObject().finish();
            return FerriteMain.EXIT_OK;
        }

        if (snapshots.isEmpty())
        {
            out().printf("no snapshots in %s%n", store.directory());
            return FerriteMain.EXIT_OK;
        }
        out().printf("%-14s %12s  %-24s %-8s %s%n", "sequence", "bytes", "created", "format", "processors / status");
        for (final SnapshotInfo snapshot : snapshots)
        {
            out().printf("%-14d %12d  %-24s %-8d %s%n",
                snapshot.sequence(), snapshot.bytes(),
                snapshot.valid() ? Instant.ofEpochMilli(snapshot.createdEpochMillis()).toString() : "-",
                snapshot.formatVersion(),
                snapshot.valid() ? String.join(",", snapshot.processorNames()) : "INVALID: " + snapshot.problem());
        }
        out().flush();
        return FerriteMain.EXIT_OK;
    }

    /**
     * @param json     the writer, inside an array.
     * @param snapshot one snapshot, written as an object.
     */
    static void writeJson(final JsonWriter json, final SnapshotInfo snapshot)
    {
        json.beginObject()
            .field("sequence", snapshot.sequence())
            .field("file", snapshot.path().toString())
            .field("bytes", snapshot.bytes())
            .field("createdEpochMillis", snapshot.createdEpochMillis())
            .field("formatVersion", snapshot.formatVersion())
            .array("processors", snapshot.processorNames())
            .field("valid", snapshot.valid())
            .field("problem", snapshot.problem())
            .endObject();
    }
}
