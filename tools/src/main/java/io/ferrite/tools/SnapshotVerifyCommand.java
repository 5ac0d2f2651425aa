package io.ferrite.tools;

import io.ferrite.engine.inspect.SnapshotInfo;
import io.ferrite.engine.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ferrite snapshot verify DIR}: check every snapshot's checksum, structure and format version; name each bad
 * file and exit {@link FerriteMain#EXIT_FAILURE} if any is bad. (Recovery skips a bad snapshot and uses an older one,
 * so a bad newest snapshot costs replay time rather than data.)
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check every snapshot's checksum and structure; name each bad file (exit code 1).")
final class SnapshotVerifyCommand extends AbstractCommand
{
    @Parameters(paramLabel = "DIR", description = "The data directory a `ferrite run --data DIR` wrote.")
    Path directory;

    /**
     * @return {@link FerriteMain#EXIT_OK} if every snapshot is good, else {@link FerriteMain#EXIT_FAILURE}.
     */
    @Override
    public Integer call()
    {
        DataLayout.requireDataDirectory(spec.commandLine(), directory);
        final SnapshotStore store = SnapshotStore.open(directory);
        // list() reads and checks every file (it is what verify() filters), so one pass gives both.
        final List<SnapshotInfo> all = store.list();
        final List<SnapshotInfo> bad = new ArrayList<>();
        for (final SnapshotInfo snapshot : all)
        {
            if (!snapshot.valid())
            {
                bad.add(snapshot);
            }
        }
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject()
                .field("ok", bad.isEmpty())
                .field("directory", store.directory().toString())
                .field("snapshots", all.size())
                .beginArray("bad");
            for (final SnapshotInfo snapshot : bad)
            {
                SnapshotListCommand.writeJson(json, snapshot);
            }
            json.endArray().endObject().finish();
        }
        else if (bad.isEmpty())
        {
            out().printf("OK: %d snapshot(s) in %s%n", all.size(), store.directory());
        }
        else
        {
            out().printf("FAULT: %d of %d snapshot(s) in %s are bad%n", bad.size(), all.size(), store.directory());
        }

        for (final SnapshotInfo snapshot : bad)
        {
            printFault("bad snapshot " + snapshot.path() + " (sequence " + snapshot.sequence() + "): " +
                snapshot.problem());
        }
        return bad.isEmpty() ? FerriteMain.EXIT_OK : FerriteMain.EXIT_FAILURE;
    }
}
