package io.ferrite.tools;

import picocli.CommandLine.Command;

/**
 * {@code ferrite snapshot list|verify}: inspect the snapshots of a data directory.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Inspect the snapshots of a data directory: list, verify.",
    subcommands = {SnapshotListCommand.class, SnapshotVerifyCommand.class})
final class SnapshotCommand extends GroupCommand
{
}
