package io.ferrite.journal;

import java.util.List;

/**
 * Initialises Chronicle Queue's classes on a background thread, so that the first {@link Journal#open} does not pay
 * for it on the caller's thread.
 * <p>
 * A JVM's first journal open runs Chronicle's static initialisers, which a class-data-sharing archive does not save:
 * they probe the platform, load Chronicle's native POSIX access and CPU affinity support (JNR-FFI and JNA, whatever
 * the journal's settings), and build Chronicle Wire's tables, date formats among them. That is most of the time an
 * engine's {@code start()} takes on an empty directory. A process that knows early that it will open a journal (the
 * {@code ferrite} command line, as it parses its arguments; an application, as it builds its engine) calls
 * {@link #startInBackground()} then; the work overlaps whatever the process does until it opens the journal.
 * <p>
 * {@link Journal#open} waits for a preload still running before it touches any Chronicle class, so no class is ever
 * initialised by two threads at once (Chronicle's initialisers reach one another; two threads entering such a cycle
 * at different classes would wait on each other forever). A preload that fails changes nothing: the open then runs
 * the same initialisers itself and reports what goes wrong.
 */
public final class JournalPreloader
{
    /** Name of the background thread. */
    public static final String THREAD_NAME = "ferrite-journal-preload";

    /** The classes whose initialisers the first open runs, roughly in the order it runs them. */
    private static final List<String> CLASSES = List.of(
        "net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder",
        "net.openhft.chronicle.wire.Wires",
        "net.openhft.chronicle.wire.WireType",
        "net.openhft.chronicle.queue.impl.single.SingleChronicleQueue",
        "net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore",
        "net.openhft.chronicle.queue.impl.single.SCQIndexing",
        "net.openhft.chronicle.queue.impl.single.StoreTailer",
        "net.openhft.chronicle.queue.impl.single.StoreAppender",
        "net.openhft.chronicle.queue.rollcycles.LargeRollCycles",
        "net.openhft.chronicle.queue.rollcycles.LegacyRollCycles",
        "net.openhft.chronicle.bytes.MappedFile",
        "net.openhft.chronicle.bytes.MappedBytes",
        "net.openhft.chronicle.bytes.MappedBytesStore",
        "net.openhft.chronicle.bytes.BytesUtil",
        "net.openhft.chronicle.bytes.domestic.ReentrantFileLock",
        "net.openhft.chronicle.core.cleaner.CleanerServiceLocator",
        "net.openhft.chronicle.core.util.Mocker",
        "net.openhft.chronicle.core.util.StringUtils",
        "net.openhft.chronicle.wire.BinaryWire",
        "net.openhft.chronicle.wire.VanillaMessageHistory",
        "net.openhft.chronicle.queue.impl.table.SingleTableStore",
        "net.openhft.chronicle.queue.impl.RollingResourcesCache",
        "net.openhft.chronicle.queue.impl.single.TableDirectoryListing",
        "net.openhft.chronicle.queue.impl.single.TableStoreWriteLock",
        "net.openhft.chronicle.core.threads.OnDemandEventLoop",
        "net.openhft.chronicle.core.threads.ThreadDump",
        "net.openhft.chronicle.threads.Threads",
        "net.openhft.chronicle.threads.VanillaExecutorFactory",
        "net.openhft.chronicle.threads.DiskSpaceMonitor",
        "net.openhft.chronicle.core.internal.pom.InternalPomProperties",
        "net.openhft.chronicle.core.internal.announcer.InternalAnnouncer",
        "net.openhft.chronicle.queue.internal.AnalyticsHolder");

    private static final Object LOCK = new Object();
    private static Thread thread;

    private JournalPreloader()
    {
    }

    /**
     * Start initialising Chronicle's classes on a daemon thread ({@value #THREAD_NAME}), once per JVM; later calls do
     * nothing. Returns at once.
     */
    public static void startInBackground()
    {
        // Chronicle reads these properties as it initialises: they must be set first, on this thread.
        ChronicleDefaults.apply();
        synchronized (LOCK)
        {
            if (null != thread)
            {
                return;
            }
            final Thread preload = new Thread(JournalPreloader::initialise, THREAD_NAME);
            preload.setDaemon(true);
            thread = preload;
            preload.start();
        }
    }

    /**
     * Wait for a preload started by {@link #startInBackground()} to end; returns at once if none runs. Keeps the
     * caller's interrupt status.
     */
    static void awaitPreload()
    {
        final Thread preload;
        synchronized (LOCK)
        {
            preload = thread;
        }
        if (null == preload || Thread.currentThread() == preload)
        {
            return;
        }
        boolean interrupted = false;
        while (preload.isAlive())
        {
            try
            {
                preload.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void initialise()
    {
        final ClassLoader loader = JournalPreloader.class.getClassLoader();
        for (final String name : CLASSES)
        {
            try
            {
                Class.forName(name, true, loader);
            }
            catch (final ClassNotFoundException | LinkageError | RuntimeException ex)
            {
                // Journal.open runs the same initialisers and reports a real problem; a class renamed by a Chronicle
                // upgrade only means less is preloaded.
            }
        }
    }
}
