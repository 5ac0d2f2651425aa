package io.ferrite.journal;

/**
 * System properties that must be in place before any Chronicle class initialises, because Chronicle reads them once
 * in static initialisers.
 * <p>
 * Chronicle Queue reports usage analytics by default: it writes a client id into the user's home directory and sends
 * events from a background thread. An embedded journal must never do that from its users' machines, so Ferrite turns
 * it off itself instead of relying on launch scripts. The start-up banner and the "took N ms to add mapping" notices
 * are switched off too, as they are noise in an application's log.
 * <p>
 * Chronicle's orphan tracking of {@code CleaningThreadLocal}s is switched off as well. It only runs when assertions
 * are enabled ({@code -ea}, as in every test run), and then each segment a tailer moves to registers one more
 * thread-local and sweeps all earlier ones: seeks across segments slow down without bound (milliseconds each after a
 * few thousand). Production runs without {@code -ea} never pay for it; this makes test runs behave the same.
 * <p>
 * A value the user set explicitly (on the command line or before the first journal is opened) is left untouched.
 * {@link Journal#open(JournalConfig)} calls {@link #apply()} before it touches any Chronicle class.
 */
final class ChronicleDefaults
{
    /** Chronicle's switch for usage analytics. */
    static final String ANALYTICS_DISABLE_PROP_NAME = "chronicle.analytics.disable";
    /** Chronicle's switch for its start-up banner. */
    static final String ANNOUNCER_DISABLE_PROP_NAME = "chronicle.announcer.disable";
    /** Chronicle's switch for performance notices such as "Took N ms to add mapping". */
    static final String PERF_INFO_DISABLE_PROP_NAME = "disable.perf.info";
    /** Chronicle's switch for assertion-only orphan tracking of its thread-locals. */
    static final String ORPHAN_TRACKING_DISABLE_PROP_NAME = "disable.ctl.orphan.tracking";

    static
    {
        setIfAbsent(ANALYTICS_DISABLE_PROP_NAME, "true");
        setIfAbsent(ANNOUNCER_DISABLE_PROP_NAME, "true");
        setIfAbsent(PERF_INFO_DISABLE_PROP_NAME, "true");
        setIfAbsent(ORPHAN_TRACKING_DISABLE_PROP_NAME, "true");
    }

    private ChronicleDefaults()
    {
    }

    /**
     * Make sure the static initialiser has run. Cheap after the first call.
     */
    static void apply()
    {
        // The work is done once, by the static initialiser, when this method is first referenced.
    }

    private static void setIfAbsent(final String name, final String value)
    {
        if (null == System.getProperty(name))
        {
            System.setProperty(name, value);
        }
    }
}
