package io.ferrite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where benchmarks put their journals and mapped files, and how they clean up after themselves.
 * <p>
 * The base directory is the system property {@value #DIR_PROP_NAME}, else the environment variable
 * {@value #DIR_ENV_NAME} (which JMH's forked JVMs inherit), else {@code java.io.tmpdir}. Put it on the device you
 * want to measure; a tmpfs measures memory, not storage. Benchmarks delete what they wrote as soon as
 * a trial or iteration ends: dirty pages left behind throttle the next measurement.
 */
public final class BenchFiles
{
    /** System property naming the directory benchmarks write under. */
    public static final String DIR_PROP_NAME = "ferrite.bench.dir";
    /** Environment variable naming the directory benchmarks write under, if the system property is not set. */
    public static final String DIR_ENV_NAME = "FERRITE_BENCH_DIR";

    private BenchFiles()
    {
    }

    /**
     * @param prefix names the benchmark in the directory name.
     * @return a new, empty directory under the base directory.
     * @throws UncheckedIOException naming the base directory if it cannot be created.
     */
    public static Path newDirectory(final String prefix)
    {
        final Path base = baseDirectory();
        try
        {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a benchmark directory under " + base, ex);
        }
    }

    /**
     * @return where benchmarks write: {@value #DIR_PROP_NAME}, else {@value #DIR_ENV_NAME}, else the temp directory.
     */
    public static Path baseDirectory()
    {
        final String property = System.getProperty(DIR_PROP_NAME);
        if (null != property && !property.isBlank())
        {
            return Paths.get(property);
        }
        final String environment = System.getenv(DIR_ENV_NAME);
        if (null != environment && !environment.isBlank())
        {
            return Paths.get(environment);
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @param path a file or directory.
     * @return the bytes held by the files under {@code path} (their lengths), 0 if it does not exist.
     */
    public static long sizeOf(final Path path)
    {
        if (!Files.exists(path))
        {
            return 0;
        }
        final AtomicLong total = new AtomicLong();
        try
        {
            Files.walkFileTree(path, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
                {
                    total.addAndGet(attrs.size());
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot measure " + path, ex);
        }
        return total.get();
    }

    /**
     * Delete {@code path} and everything under it. Nothing happens if it does not exist.
     *
     * @param path a file or directory.
     * @throws UncheckedIOException naming the file that could not be deleted.
     */
    public static void delete(final Path path)
    {
        if (null == path || !Files.exists(path))
        {
            return;
        }
        try
        {
            Files.walkFileTree(path, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException ex) throws IOException
                {
                    if (null != ex)
                    {
                        throw ex;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete benchmark files under " + path, ex);
        }
    }
}
