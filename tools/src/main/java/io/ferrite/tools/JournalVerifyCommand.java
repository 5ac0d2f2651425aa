package io.ferrite.tools;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalCorruptedException;
import io.ferrite.journal.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code ferrite journal verify DIR}: check every record's checksum and the sequence's continuity; on a fault, name
 * the segment file and sequence of the first bad record and exit {@link FerriteMain#EXIT_FAILURE}.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check every record's checksum and that sequences are dense; name the file and sequence of the " +
        "first bad record (exit code 1). Beside a live writer, checks up to the last complete record.")
final class JournalVerifyCommand extends AbstractCommand
{
    @Parameters(paramLabel = "DIR", description = "A data directory (its journal/ is used) or a journal directory.")
    Path directory;

    /**
     * @return {@link FerriteMain#EXIT_OK} if every record is good, {@link FerriteMain#EXIT_FAILURE} otherwise.
     */
    @Override
    public Integer call()
    {
        final Path journalDirectory = DataLayout.journalDirectory(DataLayout.requireDirectory(spec.commandLine(),
            directory));
        final VerifyReport report;
        try (Journal journal = JournalCommand.openReadOnly(journalDirectory))
        {
            report = journal.verify();
        }
        catch (final JournalCorruptedException ex)
        {
            // Opening checks each segment's framing and the tail record: damage there is found before verify() can
            // walk to it, and the open counts the good records before it where it can.
            return fault(ex.goodRecords(), ex.segment(), ex.sequence(), ex.reason());
        }

        if (!report.ok())
        {
            return fault(report.records(), report.faultSegment(), report.faultSequence(), report.faultMessage());
        }
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject()
                .field("ok", true)
                .field("directory", journalDirectory.toString())
                .field("records", report.records())
                .field("firstSequence", report.firstSequence())
                .field("lastSequence", report.lastSequence())
                .field("bytes", report.bytes())
                .field("segments", report.segments());
            if (report.writerLive())
            {
                // Records past lastSequence were still being written and are not checked.
                json.field("writerPid", report.writerPid());
            }
            json.endObject().finish();
        }
        else
        {
            out().printf("OK: %d records%s, %d segment file(s), %d bytes in %s%s%n",
                report.records(),
                0 == report.records() ? "" : " (sequences " + report.firstSequence() + ".." +
                    report.lastSequence() + ")",
                report.segments(), report.bytes(), journalDirectory,
                report.writerLive() ? " (a writer, pid " + report.writerPid() + ", is appending: checked up to " +
                    "sequence " + report.lastSequence() + ")" : "");
        }
        return FerriteMain.EXIT_OK;
    }

    /**
     * @param goodRecords records that passed every check (verify walks on past a fault), or -1 if the fault stopped
     *                    the journal's open before they could be counted.
     * @param sequence    the first bad record's sequence, or 0 if the fault is a whole segment's.
     */
    private int fault(final long goodRecords, final Path segment, final long sequence, final String message)
    {
        final String file = null == segment ? null : segment.toString();
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject().field("ok", false);
            if (goodRecords >= 0)
            {
                json.field("records", goodRecords);
            }
            json.field("file", file)
                .field("sequence", sequence)
                .field("error", message)
                .endObject()
                .finish();
        }
        else if (goodRecords >= 0)
        {
            out().printf("FAULT: %d good record(s) before the first bad one, which is named below%n", goodRecords);
        }
        else
        {
            out().printf("FAULT: the journal cannot be opened: the damage is named below%n");
        }
        final String where = null == file ? "(unknown file)" : file;
        printFault((sequence > 0 ? "bad record at sequence " + sequence + " in " + where : "damaged segment " + where) +
            ": " + message);
        return FerriteMain.EXIT_FAILURE;
    }
}
