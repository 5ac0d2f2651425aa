package io.ferrite.journal;

import java.nio.file.Path;

/**
 * Child JVM that holds a journal open for writing until its standard input closes, then closes it and exits 0.
 * If it cannot open the journal it prints {@code REFUSED <category> <message>} and exits 3.
 * Arguments: directory. Prints {@code READY} once the journal is open.
 */
public final class HoldWriterMain
{
    static final int REFUSED_EXIT_CODE = 3;

    private HoldWriterMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Journal journal;
        try
        {
            journal = Journal.open(new JournalConfig().directory(Path.of(args[0])).minFreeSpaceBytes(0));
        }
        catch (final JournalException ex)
        {
            System.out.println("REFUSED " + ex.category() + " " + ex.getMessage());
            System.out.flush();
            System.exit(REFUSED_EXIT_CODE);
            return;
        }

        try
        {
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // Hold the journal until the parent closes our input.
            }
        }
        finally
        {
            journal.close();
        }
    }
}
