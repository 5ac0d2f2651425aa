package io.ferrite.tools;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether a person is watching: progress lines are drawn only then, so that logs and pipes stay clean.
 */
final class Terminal
{
    private Terminal()
    {
    }

    /**
     * Up to JDK 21 {@link System#console()} is null unless stdin and stdout are a terminal. From JDK 22 it may return
     * a console even when the streams are redirected, and {@code Console.isTerminal()} (not in the Java 17 API this
     * is compiled against, hence the reflective call) tells the two apart.
     *
     * @return true if stdin and stdout are attached to a terminal.
     */
    static boolean isInteractive()
    {
        final Console console = System.console();
        if (null == console)
        {
            return false;
        }
        try
        {
            final Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean)isTerminal.invoke(console);
        }
        catch (final NoSuchMethodException ex)
        {
            return true;
        }
        catch (final ReflectiveOperationException ex)
        {
            return false;
        }
    }
}
