package io.ferrite.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs JMH with the fork flags that fit the running JDK. {@code java -jar benchmarks.jar} works on its own (the
 * flags in {@link BenchmarkDefaults} suit every JDK from 17); this entry point also adds the JDK 21+/23+ flags that
 * silence Chronicle's and the Disruptor's {@code Unsafe} warnings, which a JDK 17 fork would refuse.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.ferrite.bench.BenchRunner [any JMH option]...}. An explicit
 * {@code -jvmArgsAppend} on the command line wins and is passed through untouched. The forks run on the same JDK as
 * this launcher unless {@code -jvm} says otherwise, in which case pass {@code -jvmArgsAppend} yourself.
 */
public final class BenchRunner
{
    private BenchRunner()
    {
    }

    /**
     * @param args JMH command-line options.
     * @throws Exception whatever JMH throws.
     */
    public static void main(final String[] args) throws Exception
    {
        org.openjdk.jmh.Main.main(withForkFlags(args, Runtime.version().feature()));
    }

    /**
     * @param args               JMH command-line options.
     * @param javaFeatureVersion the feature release of the JDK the forks will run on.
     * @return {@code args} with {@code -jvmArgsAppend} set to {@link BenchJvm#forJdk(int)}, unless already given.
     */
    public static String[] withForkFlags(final String[] args, final int javaFeatureVersion)
    {
        for (final String arg : args)
        {
            if ("-jvmArgsAppend".equals(arg))
            {
                return args.clone();
            }
        }
        final List<String> all = new ArrayList<>(args.length + 2);
        all.add("-jvmArgsAppend");
        // JMH splits this value on spaces; none of the flags contains one.
        all.add(String.join(" ", BenchJvm.forJdk(javaFeatureVersion)));
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }
}
