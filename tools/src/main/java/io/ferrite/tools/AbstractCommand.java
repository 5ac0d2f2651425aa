package io.ferrite.tools;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every leaf command shares: {@code --json}, {@code --verbose}, its output streams and a way to report bad
 * usage that the parser cannot see (an unknown workload, a directory that does not exist).
 * <p>
 * A command returns its exit code from {@link #call()}: {@link FerriteMain#EXIT_OK}, or
 * {@link FerriteMain#EXIT_FAILURE} after printing what it found (a corrupt record, a divergence). It throws
 * {@link ToolException} or lets a Ferrite exception through for other failures, and {@link #usageError(String)} for
 * bad usage; {@link ErrorHandler} prints those.
 */
abstract class AbstractCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    /**
     * @return where results go.
     */
    final PrintWriter out()
    {
        return spec.commandLine().getOut();
    }

    /**
     * @return where progress and errors go.
     */
    final PrintWriter err()
    {
        return spec.commandLine().getErr();
    }

    /**
     * @return true if the result must be one JSON object on stdout.
     */
    final boolean json()
    {
        return common.json;
    }

    /**
     * @return a writer for the one JSON object this command prints.
     */
    final JsonWriter jsonWriter()
    {
        return new JsonWriter(out());
    }

    /**
     * @param message what is wrong with the arguments, naming the option or value.
     * @return an exception to throw: exit code {@link FerriteMain#EXIT_USAGE} with a usage hint.
     */
    final ParameterException usageError(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Print the one error line for a fault the command found itself (it then returns
     * {@link FerriteMain#EXIT_FAILURE}).
     *
     * @param message what is wrong and where.
     */
    final void printFault(final String message)
    {
        err().println(spec.qualifiedName(" ") + ": error: " + ErrorHandler.oneLine(message));
        err().flush();
    }
}
