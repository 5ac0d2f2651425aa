package io.ferrite.tools;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import picocli.CommandLine.Command;

import java.nio.file.Path;

/**
 * {@code ferrite journal info|dump|verify}: inspect a journal without writing to it.
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Inspect a journal (read-only): info, dump, verify.",
    subcommands = {JournalInfoCommand.class, JournalDumpCommand.class, JournalVerifyCommand.class})
final class JournalCommand extends GroupCommand
{
    /**
     * Open a journal for reading only: no writer lock is taken, so this works next to a running engine, and nothing
     * on disk changes.
     *
     * @param journalDirectory the journal directory.
     * @return the open journal; close it.
     */
    static Journal openReadOnly(final Path journalDirectory)
    {
        return Journal.open(new JournalConfig().directory(journalDirectory).readOnly(true));
    }
}
