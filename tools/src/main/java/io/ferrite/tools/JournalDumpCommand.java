package io.ferrite.tools;

import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalCorruptedException;
import io.ferrite.journal.JournalReader;
import io.ferrite.journal.JournalRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code ferrite journal dump DIR [--from S] [--limit N] [--workload W]}: one line per record, oldest first.
 * <p>
 * Text lines read {@code sequence=S timestamp=T type=Y length=L payload=HEX}, or {@code ... event=DESCRIPTION} when a
 * workload is given and can describe the record. With {@code --json}: {@code {"events":[{...}],"records":N,
 * "ok":true}}, each event carrying {@code sequence}, {@code timestamp}, {@code type}, {@code length},
 * {@code payload} (hex) and, when decoded, {@code description}. Output streams: nothing is held in memory.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = "Print journal records, one per line: sequence, timestamp, type, length and payload " +
        "(hex, or decoded by --workload).")
final class JournalDumpCommand extends AbstractCommand
{
    @Parameters(paramLabel = "DIR", description = "A data directory (its journal/ is used) or a journal directory.")
    Path directory;

    @Option(names = "--from", paramLabel = "S", description = "First sequence to print (default: the first held).")
    long from;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records (default: all).")
    long limit = Long.MAX_VALUE;

    @Option(names = "--workload", paramLabel = "W", description = "Decode payloads with this workload's " +
        "describeEvent (see `ferrite workloads`); hex where it declines.")
    String workloadName;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default), or csv / jsonl: the workload's source schema (needs --workload), so the dump " +
            "can be fed back with `run --source csv:FILE`.")
    String format;

    @Mixin
    WorkloadPath workloadPath;

    /**
     * @return {@link FerriteMain#EXIT_OK}, or {@link FerriteMain#EXIT_FAILURE} if a record fails its checks.
     */
    @Override
    public Integer call()
    {
        if (limit < 0)
        {
            throw usageError("--limit must be >= 0, was " + limit);
        }
        if (from < 0)
        {
            throw usageError("--from must be >= 1 (or 0, the default: the first record), was " + from);
        }
        final Workload workload = null == workloadName ? null :
            Workloads.byName(spec.commandLine(), workloadName, workloadPath.classLoader());
        final EventTextCodec codec = textCodec(workload);
        final Path journalDirectory = DataLayout.journalDirectory(DataLayout.requireDirectory(spec.commandLine(),
            directory));
        final DataIdentity recorded = null == workload ? null : recordedIdentity(journalDirectory);
        if (null != recorded && null != recorded.workload && !recorded.workload.equals(workload.name()))
        {
            throw usageError("the journal in " + journalDirectory + " holds workload '" + recorded.workload +
                "' events (" + DataIdentity.FILE_NAME + "), not '" + workload.name() + "': its payloads would not " +
                "decode; give --workload " + recorded.workload + ", or no --workload for hex");
        }

        try (Journal journal = JournalCommand.openReadOnly(journalDirectory);
            JournalReader reader = journal.reader())
        {
            final long first = journal.firstSequence();
            final long last = journal.lastSequence();
            if (0 != from && 0 != last && (from < first || from > last))
            {
                throw usageError("--from " + from + " is outside the journal, which holds sequences " + first + ".." +
                    last + " (" + journalDirectory + ")");
            }
            if (0 != from && 0 != last && !reader.seek(from))
            {
                throw new ToolException("cannot seek to sequence " + from + " in " + journalDirectory);
            }
            return null == codec ? dump(reader, workload) : dumpAsText(reader, codec);
        }
    }

    /** What the data directory around the journal says it holds; null if nothing says, or it cannot be read. */
    private static DataIdentity recordedIdentity(final Path journalDirectory)
    {
        final Path data = journalDirectory.toAbsolutePath().getParent();
        try
        {
            return null == data ? null : DataIdentity.read(data);
        }
        catch (final RuntimeException ex)
        {
            // A dump reads the journal, not the identity file: a damaged one is for run and replay to report.
            return null;
        }
    }

    private EventTextCodec textCodec(final Workload workload)
    {
        if ("text".equalsIgnoreCase(format))
        {
            return null;
        }
        final TextFormat textFormat;
        try
        {
            textFormat = TextFormat.parse(format);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usageError("--format must be text, csv or jsonl, was '" + format + "'");
        }
        if (json())
        {
            throw usageError("--format " + format + " writes the workload's text schema: it cannot be combined with " +
                "--json");
        }
        if (null == workload)
        {
            throw usageError("--format " + format + " needs --workload: the columns come from the workload's schema");
        }
        if (null == workload.eventSchema())
        {
            throw usageError("workload '" + workload.name() + "' has no event schema: it can only be dumped as text");
        }
        return new EventTextCodec(workload.eventSchema(), textFormat);
    }

    /**
     * Write the records in the workload's source schema. Engine-internal records (timers, no-ops) are not inputs of
     * the workload and are left out, as a source could not publish them; each one left out is reported.
     */
    private int dumpAsText(final JournalReader reader, final EventTextCodec codec)
    {
        final PrintWriter out = out();
        if (codec.format() == TextFormat.CSV)
        {
            out.println(codec.csvHeader());
        }
        final JournalRecord record = new JournalRecord();
        long printed = 0;
        long internal = 0;
        while (printed < limit && reader.next(record))
        {
            if (record.type() < 0)
            {
                internal++;
                continue;
            }
            final int length;
            try
            {
                length = codec.encode(record.type(), record.timestamp(), record.buffer(), record.payloadOffset(),
                    record.length());
            }
            catch (final IllegalArgumentException ex)
            {
                out.flush();
                throw new ToolException("record " + record.sequence() + " cannot be written as " + format + ": " +
                    ex.getMessage());
            }
            out.write(codec.line().getStringWithoutLengthAscii(0, length));
            printed++;
        }
        out.flush();
        if (internal > 0)
        {
            err().println("journal dump: left out " + internal + " engine-internal records (timers, no-ops)");
            err().flush();
        }
        return FerriteMain.EXIT_OK;
    }

    private int dump(final JournalReader reader, final Workload workload)
    {
        final PrintWriter out = out();
        final JournalRecord record = new JournalRecord();
        // "ok" goes last: the events stream out before it is known whether every record reads back.
        final JsonWriter json = json() ? jsonWriter().beginObject().beginArray("events") : null;
        long printed = 0;
        try
        {
            while (printed < limit && reader.next(record))
            {
                print(out, json, record, workload);
                printed++;
            }
        }
        catch (final JournalCorruptedException ex)
        {
            if (null == json)
            {
                throw ex;
            }
            // The array is half written: close the one JSON object properly before reporting.
            json.endArray()
                .field("records", printed)
                .field("ok", false)
                .field("error", ex.getMessage())
                .field("file", null == ex.segment() ? null : ex.segment().toString())
                .field("sequence", ex.sequence())
                .endObject()
                .finish();
            printFault(ex.getMessage());
            return FerriteMain.EXIT_FAILURE;
        }
        if (null != json)
        {
            json.endArray().field("records", printed).field("ok", true).endObject().finish();
        }
        out.flush();
        return FerriteMain.EXIT_OK;
    }

    private static void print(
        final PrintWriter out, final JsonWriter json, final JournalRecord record, final Workload workload)
    {
        final String payload = Formats.hex(record.buffer(), record.payloadOffset(), record.length());
        final String description = null == workload ? null :
            workload.describeEvent(record.type(), record.buffer(), record.payloadOffset(), record.length());
        if (null != json)
        {
            json.beginObject()
                .field("sequence", record.sequence())
                .field("timestamp", record.timestamp())
                .field("type", record.type())
                .field("length", record.length())
                .field("payload", payload);
            if (null != description)
            {
                json.field("description", description);
            }
            json.endObject();
            return;
        }
        out.print("sequence=");
        out.print(record.sequence());
        out.print(" timestamp=");
        out.print(record.timestamp());
        out.print(" type=");
        out.print(record.type());
        out.print(" length=");
        out.print(record.length());
        if (null != description)
        {
            out.print(" event=");
            out.println(description);
        }
        else
        {
            out.print(" payload=");
            out.println(payload);
        }
    }
}
