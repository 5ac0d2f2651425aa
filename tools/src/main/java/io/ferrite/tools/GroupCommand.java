package io.ferrite.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command that only groups subcommands ({@code journal}, {@code snapshot}): given alone it is a usage error that
 * lists what may follow.
 */
abstract class GroupCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    /**
     * @return never returns normally.
     */
    @Override
    public final Integer call()
    {
        throw new ParameterException(spec.commandLine(), "missing subcommand: one of " +
            String.join(", ", spec.subcommands().keySet()));
    }
}
