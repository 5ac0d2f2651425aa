package io.ferrite.engine.inspect;

/**
 * The layout of an engine's counters file ({@code DIR/counters.dat}): a 64-byte header, then the metadata and values
 * regions of an Agrona {@code CountersManager}. The engine writes it; {@link EngineStat} and any other process may
 * read it while the engine runs. All values little endian.
 */
public final class CountersDescriptor
{
    public static final String FILE_NAME = "counters.dat";
    public static final long MAGIC = 0x52544E4352524546L; // "FERRCNTR" as a little-endian long
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 64;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int METADATA_LENGTH_OFFSET = 12;
    public static final int VALUES_LENGTH_OFFSET = 16;
    public static final int PID_OFFSET = 24;
    public static final int START_TIME_OFFSET = 32;
    public static final int STATE_OFFSET = 40;
    public static final int RUNNING = 1;
    public static final int STOPPED = 2;
    public static final int TYPE_PUBLISHED = 1;
    public static final int TYPE_JOURNALED = 2;
    public static final int TYPE_PROCESSED = 3;
    public static final int TYPE_SINK_CONSUMED = 4;
    public static final int TYPE_SNAPSHOTS = 5;
    public static final int TYPE_ERRORS = 6;
    public static final int TYPE_EMITTED = 7;

    private CountersDescriptor()
    {
    }
}
