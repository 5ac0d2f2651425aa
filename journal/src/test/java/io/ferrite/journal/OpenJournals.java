package io.ferrite.journal;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The journals a test opens, closed after the test whatever its outcome: the set-up the journal tests share instead
 * of each keeping an {@code @AfterEach} of its own. Register it as a field with {@code @RegisterExtension} and open
 * through {@link #open(JournalConfig)}.
 */
final class OpenJournals implements AfterEachCallback
{
    private final List<Journal> opened = new ArrayList<>();

    /**
     * @param dir        the journal's directory.
     * @param maxPayload the largest payload.
     * @return the configuration a test journal starts from: no free-space floor, as a test's disk may be nearly full.
     */
    static JournalConfig config(final Path dir, final int maxPayload)
    {
        return new JournalConfig().directory(dir).maxPayloadLength(maxPayload).minFreeSpaceBytes(0);
    }

    /**
     * @param config of the journal.
     * @return the opened journal, to be closed after the test unless the test closes it first.
     */
    Journal open(final JournalConfig config)
    {
        final Journal journal = Journal.open(config);
        opened.add(journal);
        return journal;
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        // Newest first; a journal the test closed itself closes again as a no-op.
        for (int i = opened.size() - 1; i >= 0; i--)
        {
            opened.get(i).close();
        }
        opened.clear();
    }
}
