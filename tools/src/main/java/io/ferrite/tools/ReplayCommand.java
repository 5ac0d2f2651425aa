package io.ferrite.tools;

import io.ferrite.engine.Divergence;
import io.ferrite.engine.ReplayReport;
import io.ferrite.engine.Replayer;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ferrite replay DIR --workload W [--to S] [--from-snapshot]}: rebuild the workload's state from the journal,
 * check every digest recorded during the live run, print the final digest and events/s. A divergence names the first
 * divergent sequence and processor and exits {@link FerriteMain#EXIT_FAILURE}.
 * <p>
 * Read-only: the journal is opened without the writer lock, so this may run next to a live engine.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Rebuild state from the journal (from the first event, or from a snapshot), check every recorded state " +
            "digest and print the final digest and events/s.",
        "On a divergence: the first divergent sequence and processor, exit code 1."
    })
final class ReplayCommand extends AbstractCommand
{
    @Parameters(paramLabel = "DIR", description = "The data directory a `ferrite run --data DIR` wrote.")
    Path directory;

    @Option(names = "--workload", required = true, paramLabel = "W",
        description = "The workload that wrote the journal (see `ferrite workloads`).")
    String workloadName;

    @Mixin
    WorkloadPath workloadPath;

    @Option(names = "--to", paramLabel = "S", defaultValue = "0",
        description = "Stop after sequence S; 0 = the journal's last record. Default: ${DEFAULT-VALUE}.")
    long toSequence;

    @Option(names = "--from-snapshot",
        description = "Start from the newest valid snapshot at or below --to instead of the first event.")
    boolean fromSnapshot;

    /**
     * @return {@link FerriteMain#EXIT_OK}, or {@link FerriteMain#EXIT_FAILURE} on a divergence.
     */
    @Override
    public Integer call()
    {
        if (toSequence < 0)
        {
            throw usageError("--to must be >= 0, was " + toSequence);
        }
        final Workload workload =
            Workloads.byName(spec.commandLine(), workloadName, workloadPath.classLoader());
        DataLayout.requireDirectory(spec.commandLine(), directory);
        if (!Files.isDirectory(directory.resolve(DataLayout.JOURNAL)))
        {
            throw usageError("no journal in " + directory + " (expected " + directory.resolve(DataLayout.JOURNAL) +
                "): give the data directory that `ferrite run --data` wrote");
        }

        final DataIdentity recorded = DataIdentity.read(directory);
        if (null != recorded)
        {
            final String mismatch = DataIdentity.of(workload, recorded.seed).workloadMismatch(recorded, directory);
            if (null != mismatch)
            {
                throw usageError(mismatch);
            }
        }

        final Progress progress = Terminal.isInteractive() ?
            new Progress(err(), "replayed to sequence", 0, replayTarget()) : null;
        final ReplayReport report = Replayer.replay(directory, workload.newPipeline(), toSequence, fromSnapshot,
            null == progress ? null : progress::update);
        if (null != progress)
        {
            progress.finish();
        }
        final Divergence divergence = report.divergence();
        final long eventsPerSecond = Formats.perSecond(report.events(), report.elapsedNanos());
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject()
                .field("ok", null == divergence)
                .field("workload", workload.name())
                .field("dataDirectory", directory.toString())
                .field("events", report.events())
                .field("snapshotSequence", report.snapshotSequence())
                .field("firstSequence", report.firstSequence())
                .field("lastSequence", report.lastSequence())
                .field("elapsedNanos", report.elapsedNanos())
                .field("eventsPerSecond", eventsPerSecond)
                .field("stateDigest", Formats.digest(report.stateDigest()))
                .field("digestsChecked", report.digestsChecked())
                .array("notes", report.notes());
            if (null == divergence)
            {
                json.field("divergence", (String)null);
            }
            else
            {
                json.beginObject("divergence")
                    .field("sequence", divergence.sequence())
                    .field("processor", divergence.processorName())
                    .field("expected", Formats.digest(divergence.expected()))
                    .field("actual", Formats.digest(divergence.actual()))
                    .endObject();
            }
            json.endObject().finish();
        }
        else
        {
            out().printf("workload       %s%n", workload.name());
            out().printf("replayed       %d events (%s)%s%n", report.events(),
                0 == report.events() ? "none" : report.firstSequence() + ".." + report.lastSequence(),
                0 == report.snapshotSequence() ? "" : " after snapshot " + report.snapshotSequence());
            for (final String note : report.notes())
            {
                out().printf("note           %s%n", note);
            }
            out().printf("throughput     %d events/s over %s%n", eventsPerSecond,
                Formats.millis(report.elapsedNanos()));
            out().printf("digests        %d checked%s%n", report.digestsChecked(),
                null == divergence ? ", all match" : ", DIVERGED");
            out().printf("state digest   %s%n", Formats.digest(report.stateDigest()));
            out().flush();
        }

        if (null != divergence)
        {
            printFault(divergence.describe());
            return FerriteMain.EXIT_FAILURE;
        }
        return FerriteMain.EXIT_OK;
    }

    /** The sequence replay will stop at, for the progress line: --to, or the journal's tail. */
    private long replayTarget()
    {
        if (toSequence > 0)
        {
            return toSequence;
        }
        try (Journal journal = Journal.open(
            new JournalConfig().directory(directory.resolve(DataLayout.JOURNAL)).readOnly(true)))
        {
            return journal.lastSequence();
        }
    }
}
