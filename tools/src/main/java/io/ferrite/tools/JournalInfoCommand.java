package io.ferrite.tools;

import io.ferrite.journal.Journal;
import io.ferrite.journal.OpenReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code ferrite journal info DIR}: what a journal holds, read from its index without walking its records.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show a journal's first and last sequence, records, bytes and segment files.")
final class JournalInfoCommand extends AbstractCommand
{
    @Parameters(paramLabel = "DIR", description = "A data directory (its journal/ is used) or a journal directory.")
    Path directory;

    /**
     * @return {@link FerriteMain#EXIT_OK}.
     */
    @Override
    public Integer call()
    {
        final Path journalDirectory = DataLayout.journalDirectory(DataLayout.requireDirectory(spec.commandLine(),
            directory));
        try (Journal journal = JournalCommand.openReadOnly(journalDirectory))
        {
            final OpenReport report = journal.openReport();
            final long first = journal.firstSequence();
            final long last = journal.lastSequence();
            // Sequences are dense from the first held record to the last: no need to count them one by one.
            final long records = 0 == last ? 0 : last - first + 1;
            final long bytes = SegmentFiles.totalBytes(journalDirectory);

            if (json())
            {
                jsonWriter().beginObject()
                    .field("ok", true)
                    .field("directory", journalDirectory.toString())
                    .field("firstSequence", first)
                    .field("lastSequence", last)
                    .field("records", records)
                    .field("bytes", bytes)
                    .field("segments", report.segments())
                    .field("rollCycle", journal.rollCycle().name())
                    .field("flushPolicy", null == journal.writerFlushPolicy() ? null : journal.writerFlushPolicy().name())
                    .field("tornTail", report.tornTailDiscarded())
                    .endObject()
                    .finish();
            }
            else
            {
                out().printf("journal        %s%n", journalDirectory);
                out().printf("sequences      %s%n", 0 == last ? "(empty)" : first + ".." + last);
                out().printf("records        %d%n", records);
                out().printf("bytes          %d%n", bytes);
                out().printf("segments       %d%n", report.segments());
                out().printf("roll cycle     %s%n", journal.rollCycle());
                out().printf("flush policy   %s%n", null == journal.writerFlushPolicy() ? "unknown" :
                    journal.writerFlushPolicy() + " (as last opened for writing)");
                if (report.tornTailDiscarded())
                {
                    out().printf("torn tail      an incomplete last record is present (a writer was killed " +
                        "mid-append); readers skip it%n");
                }
            }
        }
        return FerriteMain.EXIT_OK;
    }
}
