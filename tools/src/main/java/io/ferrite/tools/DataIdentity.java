package io.ferrite.tools;

import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.processor.Workload;
import io.ferrite.journal.DataFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * What a data directory holds, recorded in {@value #FILE_NAME} when {@code ferrite run} or {@code ferrite cluster node}
 * first uses it: which of the two wrote it ({@link #RUN} or {@link #CLUSTER_MEMBER}), the workload's name, a
 * fingerprint of its pipeline (stage layout, processor names and classes) and, for {@code run}, the generator seed. A
 * later {@code run}, {@code replay} or {@code cluster node} with another workload, a changed pipeline or (for
 * {@code run}) another seed is refused: fraud logic over trading payloads, or seed-2 events appended to a seed-1
 * stream, would produce a journal no digest can vouch for. So is a {@code cluster node} on a standalone run's
 * directory, and a {@code run} on a cluster member's: each journal must hold only its own stream.
 * <p>
 * Written owner-only (see {@link DataFiles}) through a temp file and an atomic rename.
 */
final class DataIdentity
{
    /** The file in the data directory. */
    static final String FILE_NAME = "ferrite-data.properties";

    /** The role of a directory written by {@code ferrite run} (and of one recorded before roles were). */
    static final String RUN = "run";
    /** The role of a cluster member's directory, written by {@code ferrite cluster node}. */
    static final String CLUSTER_MEMBER = "cluster-member";

    private static final String ROLE_KEY = "role";
    private static final String WORKLOAD_KEY = "workload";
    private static final String FINGERPRINT_KEY = "pipelineFingerprint";
    private static final String SEED_KEY = "seed";

    final String role;
    final String workload;
    final String fingerprint;
    final long seed;

    DataIdentity(final String workload, final String fingerprint, final long seed)
    {
        this(RUN, workload, fingerprint, seed);
    }

    DataIdentity(final String role, final String workload, final String fingerprint, final long seed)
    {
        this.role = role;
        this.workload = workload;
        this.fingerprint = fingerprint;
        this.seed = seed;
    }

    /**
     * @param workload the workload.
     * @param seed     the generator seed.
     * @return the identity a directory running this workload with this seed gets.
     */
    static DataIdentity of(final Workload workload, final long seed)
    {
        return new DataIdentity(workload.name(), fingerprint(workload.newPipeline()), seed);
    }

    /**
     * @param workload the workload the member runs.
     * @return the identity a cluster member's directory running this workload gets (no seed: clients send the
     * events).
     */
    static DataIdentity ofClusterMember(final Workload workload)
    {
        return new DataIdentity(CLUSTER_MEMBER, workload.name(), fingerprint(workload.newPipeline()), 0);
    }

    /**
     * @return true if a cluster member wrote this directory.
     */
    boolean clusterMember()
    {
        return CLUSTER_MEMBER.equals(role);
    }

    /**
     * A hash of the pipeline's shape: stages in order, each processor's name and class. Processor code can change
     * without changing it; a different workload, a renamed or reordered processor, or another class does change it.
     *
     * @param pipeline a pipeline.
     * @return 16 hex digits.
     */
    static String fingerprint(final Pipeline pipeline)
    {
        final StringBuilder shape = new StringBuilder();
        for (final List<ProcessorSpec> stage : pipeline.stages())
        {
            shape.append('[');
            for (final ProcessorSpec spec : stage)
            {
                shape.append(spec.name()).append('=').append(spec.processor().getClass().getName()).append(';');
            }
            shape.append(']');
        }
        final byte[] bytes = shape.toString().getBytes(StandardCharsets.UTF_8);
        final CRC32C low = new CRC32C();
        low.update(bytes);
        final CRC32C high = new CRC32C();
        high.update(bytes.length);
        high.update(bytes);
        return String.format("%08x%08x", high.getValue(), low.getValue());
    }

    /**
     * @param dataDirectory a data directory.
     * @return the identity recorded there, or null if none is.
     * @throws ToolException if the file is there but unreadable.
     */
    static DataIdentity read(final Path dataDirectory)
    {
        final Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
            return new DataIdentity(properties.getProperty(ROLE_KEY, RUN), properties.getProperty(WORKLOAD_KEY),
                properties.getProperty(FINGERPRINT_KEY), Long.parseLong(properties.getProperty(SEED_KEY, "0")));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new ToolException("cannot read " + file + " (what the data directory holds): " + ex, ex);
        }
    }

    /**
     * Record this identity in the data directory, creating the directory if needed.
     *
     * @param dataDirectory a data directory.
     */
    void write(final Path dataDirectory)
    {
        final Path file = dataDirectory.resolve(FILE_NAME);
        final Path temp = dataDirectory.resolve("." + FILE_NAME + ".tmp");
        final Properties properties = new Properties();
        properties.setProperty(ROLE_KEY, role);
        properties.setProperty(WORKLOAD_KEY, workload);
        properties.setProperty(FINGERPRINT_KEY, fingerprint);
        if (!clusterMember())
        {
            properties.setProperty(SEED_KEY, String.valueOf(seed));
        }
        try
        {
            DataFiles.createDirectories(dataDirectory);
            try (OutputStream out = Files.newOutputStream(temp))
            {
                DataFiles.restrictFile(temp);
                properties.store(out, "What this Ferrite data directory holds; written by ferrite " +
                    (clusterMember() ? "cluster node" : "run") + ", do not edit");
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException ex)
        {
            throw new ToolException("cannot write " + file + ": " + ex, ex);
        }
    }

    /**
     * @param recorded what the directory holds.
     * @param where    the data directory, for the message.
     * @return why this identity may not use that directory, or null if it may (the seed is not compared).
     */
    String workloadMismatch(final DataIdentity recorded, final Path where)
    {
        if (!workload.equals(recorded.workload))
        {
            return "data directory " + where + " holds workload '" + recorded.workload + "' (pipeline " +
                recorded.fingerprint + "), not '" + workload + "' (pipeline " + fingerprint + "): give the workload " +
                "that created it, or another --data directory";
        }
        if (!fingerprint.equals(recorded.fingerprint))
        {
            return "data directory " + where + " was written by workload '" + workload + "' with pipeline " +
                recorded.fingerprint + ", but this build's '" + workload + "' has pipeline " + fingerprint +
                " (processors renamed, reordered or replaced): its journal would not replay to the same state";
        }
        return null;
    }
}
