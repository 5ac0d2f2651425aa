package io.ferrite.tools;

import io.ferrite.journal.JournalPreloader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code ferrite} command line: the entry point of the executable jar.
 * <pre>
 *   ferrite run        drive the engine with a workload, recovering from what the data directory holds
 *   ferrite replay     rebuild state from the journal and check every recorded digest
 *   ferrite journal    info | dump | verify
 *   ferrite snapshot   list | verify
 *   ferrite cluster    node | run | status: the same pipeline replicated on Aeron Cluster
 *   ferrite workloads  the workloads found on the class path
 * </pre>
 * Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILURE} failure (corruption, divergence, I/O),
 * {@value #EXIT_USAGE} bad usage. Results go to stdout (one JSON object with {@code --json}); progress and errors go
 * to stderr, one line per error, with a stack trace only under {@code --verbose}.
 * <p>
 * Threading: one command per call of {@link #execute(String[], PrintStream, PrintStream)}; the commands are not
 * meant to run concurrently in one JVM (they share system properties and the logging set-up).
 */
@Command(
    name = "ferrite",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Ferrite: a journaled, deterministic, low-latency event engine. Run, replay and inspect it.",
    subcommands = {
        RunCommand.class,
        ReplayCommand.class,
        JournalCommand.class,
        SnapshotCommand.class,
        StatCommand.class,
        ClusterCommand.class,
        DashboardCommand.class,
        WorkloadsCommand.class,
        CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:failure (corruption, divergence, I/O)",
        "2:bad usage"
    })
public final class FerriteMain implements Callable<Integer>
{
    /** The command did what was asked. */
    public static final int EXIT_OK = 0;
    /** The command ran and found a fault (corruption, divergence) or hit an error (I/O, engine failure). */
    public static final int EXIT_FAILURE = 1;
    /** The command line was wrong: unknown option, bad value, missing argument, unknown workload. */
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    /**
     * Run the command line and exit the JVM with its exit code.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        quietDependencies();
        if (args.length > 0 && ("run".equals(args[0]) || "replay".equals(args[0])))
        {
            // These start an engine: let Chronicle's class initialisation overlap argument parsing and set-up.
            JournalPreloader.startInBackground();
        }
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Run the command line without exiting: the testable and embeddable entry point.
     *
     * @param args the command line, without the program name.
     * @param out  where results go (text, or one JSON object with {@code --json}).
     * @param err  where progress, errors and usage hints go.
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_FAILURE} or {@link #EXIT_USAGE}.
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        final PrintWriter outWriter = new PrintWriter(out, true);
        final PrintWriter errWriter = new PrintWriter(err, true);
        try
        {
            return newCommandLine(outWriter, errWriter).execute(args);
        }
        catch (final Error error)
        {
            // picocli hands exceptions to ErrorHandler but lets errors through: a JVM started without the access the
            // jar's manifest grants (IllegalAccessError), a class missing from --workload-path, out of memory.
            errWriter.println("ferrite: error: " + ErrorHandler.describe(error) + moduleAccessHint(error));
            if (List.of(args).contains(CommonOptions.VERBOSE))
            {
                error.printStackTrace(errWriter);
            }
            if (List.of(args).contains(CommonOptions.JSON))
            {
                new JsonWriter(outWriter).beginObject().field("ok", false).field("error", ErrorHandler.describe(error))
                    .endObject().finish();
            }
            return EXIT_FAILURE;
        }
        finally
        {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /**
     * Build the command tree with Ferrite's error handling and exit codes.
     *
     * @param out where results go.
     * @param err where errors and usage hints go.
     * @return the configured command line, ready to {@link CommandLine#execute(String...)}.
     */
    static CommandLine newCommandLine(final PrintWriter out, final PrintWriter err)
    {
        final ErrorHandler errorHandler = new ErrorHandler();
        final CommandLine commandLine = new CommandLine(new FerriteMain())
            .setOut(out)
            .setErr(err)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setUsageHelpAutoWidth(true)
            .setParameterExceptionHandler(errorHandler)
            .setExecutionExceptionHandler(errorHandler);
        useVersionProvider(commandLine, new VersionProvider());
        return commandLine;
    }

    /**
     * Give every command the top level's version text: picocli prints a command's own version for its
     * {@code -V}/{@code --version}, which is nothing for a command that names no version provider.
     */
    private static void useVersionProvider(final CommandLine commandLine, final VersionProvider provider)
    {
        commandLine.getCommandSpec().versionProvider(provider);
        for (final CommandLine subcommand : commandLine.getSubcommands().values())
        {
            useVersionProvider(subcommand, provider);
        }
    }

    /**
     * {@code ferrite} alone names no command: a usage error.
     *
     * @return never returns normally.
     */
    @Override
    public Integer call()
    {
        throw new ParameterException(spec.commandLine(), "missing command: one of run, replay, journal, snapshot, " +
            "workloads");
    }

    private static String moduleAccessHint(final Error error)
    {
        final String message = String.valueOf(error.getMessage());
        return error instanceof IllegalAccessError && (message.contains("does not export") ||
            message.contains("does not open")) ?
            "; start ferrite with `java -jar ferrite.jar`, whose manifest grants that access, or pass the " +
                "--add-opens/--add-exports flags listed in tools/README.md" : "";
    }

    /**
     * Chronicle Queue phones home, prints a banner and reports mapping times unless told not to. Set before any of
     * its classes load; a value the user passed with {@code -D} wins.
     */
    static void quietDependencies()
    {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("disable.perf.info", "true");
    }

    private static void setIfAbsent(final String name, final String value)
    {
        if (null == System.getProperty(name))
        {
            System.setProperty(name, value);
        }
    }
}
