package io.ferrite.tools;

import picocli.CommandLine.Option;

/**
 * Options every {@code ferrite} command takes, mixed into each one.
 */
final class CommonOptions
{
    /** The option that switches output to one JSON object on stdout. */
    static final String JSON = "--json";
    /** The option that shows stack traces and the dependencies' INFO logging. */
    static final String VERBOSE = "--verbose";

    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    /** simplelogger.properties keeps OpenHFT affinity's warnings out of a plain run; --verbose lets them through. */
    private static final String AFFINITY_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.net.openhft.affinity";

    @Option(names = JSON, description = "Print the result as one JSON object on stdout.")
    boolean json;

    boolean verbose;

    /**
     * Set while parsing, before the command touches the journal: slf4j-simple reads its level once, when the first
     * logger is made, and that happens only when Chronicle's classes load.
     *
     * @param verbose true to show stack traces and INFO logging on stderr.
     */
    @Option(names = {"-v", VERBOSE}, description = "Show stack traces on errors and the libraries' INFO logging.")
    void verbose(final boolean verbose)
    {
        this.verbose = verbose;
        if (verbose)
        {
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
            System.setProperty(AFFINITY_LOG_LEVEL_PROPERTY, "info");
        }
    }
}
