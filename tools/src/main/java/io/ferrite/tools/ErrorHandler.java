package io.ferrite.tools;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Turns every error into one line on stderr and an exit code; a stack trace only with {@code --verbose}.
 * <ul>
 *     <li>Bad usage (unknown option, bad value, missing argument, or a {@link ParameterException} a command throws
 *     for a bad argument such as an unknown workload): the line, then a hint naming the command's {@code --help};
 *     exit {@link FerriteMain#EXIT_USAGE}.</li>
 *     <li>Anything a command throws: the line; with {@code --json} also {@code {"ok":false,"error":...}} on stdout;
 *     exit {@link FerriteMain#EXIT_FAILURE}.</li>
 * </ul>
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler
{
    /**
     * @param ex   what was wrong with the command line.
     * @param args the command line.
     * @return {@link FerriteMain#EXIT_USAGE}.
     */
    @Override
    public int handleParseException(final ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        final String command = commandLine.getCommandSpec().qualifiedName(" ");

        String message = oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException)
        {
            final UnmatchedArgumentException unmatched = (UnmatchedArgumentException)ex;
            if (!unmatched.isUnknownOption() && !unmatched.getUnmatched().isEmpty())
            {
                // picocli says "Unmatched argument at index 0: 'x'"; say what it most likely is instead.
                final List<String> arguments = unmatched.getUnmatched();
                message = commandLine.getSubcommands().isEmpty() ?
                    "unexpected argument(s): '" + String.join("' '", arguments) + "'" :
                    "unknown command '" + arguments.get(0) + "'";
            }
            final List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty())
            {
                message += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }

        err.println(command + ": " + message);
        err.println("Try '" + command + " --help' for usage.");
        // The parse failed, so the option fields may not be set: look at the raw arguments instead.
        if (List.of(args).contains(CommonOptions.VERBOSE))
        {
            ex.printStackTrace(err);
        }
        err.flush();
        return FerriteMain.EXIT_USAGE;
    }

    /**
     * @param ex          what the command threw.
     * @param commandLine the command that threw it.
     * @param parseResult the parsed command line, to see whether {@code --json} or {@code --verbose} was given.
     * @return {@link FerriteMain#EXIT_FAILURE}.
     */
    @Override
    public int handleExecutionException(
        final Exception ex, final CommandLine commandLine, final ParseResult parseResult)
    {
        final boolean verbose = matched(parseResult, CommonOptions.VERBOSE);
        final boolean json = matched(parseResult, CommonOptions.JSON);
        final String message = describe(ex);

        final PrintWriter err = commandLine.getErr();
        err.print(commandLine.getCommandSpec().qualifiedName(" ") + ": error: " + message);
        err.println(verbose || isOurs(ex) ? "" : " (--verbose shows the stack trace)");
        if (verbose)
        {
            ex.printStackTrace(err);
        }
        err.flush();

        if (json)
        {
            new JsonWriter(commandLine.getOut()).beginObject().field("ok", false).field("error", message).endObject()
                .finish();
        }
        return FerriteMain.EXIT_FAILURE;
    }

    /**
     * Ferrite's own exceptions carry messages written for the user (what failed, which file, which sequence).
     * Anything else (an {@code IOException} whose message is only a path, a bug) gets its type in front.
     */
    static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        if (isOurs(ex) && null != message)
        {
            return oneLine(message);
        }
        return ex.getClass().getSimpleName() + (null == message ? "" : ": " + oneLine(message));
    }

    private static boolean isOurs(final Throwable ex)
    {
        return ex.getClass().getName().startsWith("io.ferrite.");
    }

    /**
     * @return the message on one line, with any other control character (a NUL read from a damaged file into a
     * library's message) shown as {@code ?}, never written to the terminal.
     */
    static String oneLine(final String message)
    {
        return null == message ? "" :
            message.strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("\\p{Cntrl}", "?");
    }

    private static boolean matched(final ParseResult parseResult, final String option)
    {
        for (ParseResult result = parseResult; null != result; result = result.subcommand())
        {
            if (result.hasMatchedOption(option))
            {
                return true;
            }
        }
        return false;
    }
}
