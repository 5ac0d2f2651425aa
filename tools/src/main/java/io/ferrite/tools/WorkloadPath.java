package io.ferrite.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * {@code --workload-path}: extra jars or class directories to search for workloads, for the commands that take
 * {@code --workload}.
 * <p>
 * Why not {@code java -cp ferrite.jar:mine.jar}: the JVM applies the {@code Add-Opens}/{@code Add-Exports} of a jar's
 * manifest only when it is launched with {@code java -jar}, and Chronicle Queue and Agrona fail without them. With
 * {@code java -jar ferrite.jar ... --workload-path mine.jar} the user's workload loads in a child class loader whose
 * classes are in an unnamed module, so the manifest's grants to {@code ALL-UNNAMED} cover them too.
 */
final class WorkloadPath
{
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--workload-path", paramLabel = "PATH", split = "${sys:path.separator}",
        splitSynopsisLabel = "${sys:path.separator}",
        description = "Jars or class directories holding more workloads (META-INF/services/" +
            "io.ferrite.engine.processor.Workload), separated by '${sys:path.separator}'.")
    List<Path> entries = new ArrayList<>();

    /**
     * @return the class loader to find workloads with: the tool's own, or a child of it over the given path. The
     * child stays open for the life of the command, since the workload's classes load lazily while it runs.
     * @throws ParameterException naming an entry that does not exist.
     */
    ClassLoader classLoader()
    {
        final ClassLoader parent = WorkloadPath.class.getClassLoader();
        if (entries.isEmpty())
        {
            return parent;
        }
        final URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++)
        {
            final Path entry = entries.get(i);
            if (!Files.exists(entry))
            {
                throw new ParameterException(mixee.commandLine(), "--workload-path entry does not exist: " + entry);
            }
            if (!Files.isDirectory(entry))
            {
                requireJar(entry);
            }
            try
            {
                urls[i] = entry.toUri().toURL();
            }
            catch (final MalformedURLException ex)
            {
                throw new ParameterException(mixee.commandLine(), "--workload-path entry is not usable: " + entry, ex);
            }
        }
        return new URLClassLoader("ferrite-workloads", urls, parent);
    }

    /**
     * A class loader skips a path entry it cannot read as a jar without a word: open it here to say so instead.
     */
    private void requireJar(final Path entry)
    {
        try (JarFile jar = new JarFile(entry.toFile()))
        {
            jar.size();
        }
        catch (final IOException ex)
        {
            throw new ParameterException(mixee.commandLine(), "--workload-path entry is neither a directory nor a " +
                "jar file: " + entry + " (" + ex.getMessage() + ")", ex);
        }
    }
}
