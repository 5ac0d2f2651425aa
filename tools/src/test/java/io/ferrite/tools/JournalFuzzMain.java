package io.ferrite.tools;

import io.ferrite.engine.FerriteException;
import io.ferrite.engine.ReplayReport;
import io.ferrite.engine.Replayer;
import io.ferrite.engine.processor.Workload;
import io.ferrite.engine.processor.WorkloadCatalogue;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalCorruptedException;
import io.ferrite.journal.JournalException;
import io.ferrite.journal.VerifyReport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The child JVM of {@link JournalFuzzIT}: damages copies of undamaged data directories at random and checks what
 * Ferrite makes of each. Runs in its own JVM so that a JVM crash (a mapped read past a file's end) or a hang is seen by
 * the parent as such, naming the case that caused it.
 * <p>
 * Arguments: {@code WORK_DIR BUDGET_MILLIS MAX_CASES SEED} then, per workload, {@code NAME DATA_DIR DIGEST_HEX LAST}.
 * Prints {@code START <case> <workload> <damage>} before a case and {@code CASE <case> PASS|FAIL <workload> <damage>
 * => <outcome>} after it, then {@code DONE <cases>}.
 */
public final class JournalFuzzMain
{
    private static final int HEADER_LENGTH = 4;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;

    private final Path workDirectory;
    private final Random random;
    private final Map<Path, Layout> layouts = new HashMap<>();

    private JournalFuzzMain(final Path workDirectory, final long seed)
    {
        this.workDirectory = workDirectory;
        this.random = new Random(seed);
    }

    /**
     * @param args see the class javadoc.
     * @throws Exception if the harness itself fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path work = Path.of(args[0]);
        final long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
        final int maxCases = Integer.parseInt(args[2]);
        final JournalFuzzMain fuzz = new JournalFuzzMain(work, Long.parseLong(args[3]));
        final List<Subject> subjects = new ArrayList<>();
        final WorkloadCatalogue catalogue = Workloads.load(JournalFuzzMain.class.getClassLoader());
        for (int i = 4; i + 3 < args.length; i += 4)
        {
            subjects.add(new Subject(catalogue.byName().get(args[i]), Path.of(args[i + 1]),
                Long.parseUnsignedLong(args[i + 2], 16), Long.parseLong(args[i + 3])));
        }

        int cases = 0;
        while (cases < maxCases && System.nanoTime() < deadline)
        {
            fuzz.runCase(cases, subjects.get(cases % subjects.size()));
            cases++;
        }
        System.out.println("DONE " + cases);
        System.out.flush();
    }

    private void runCase(final int number, final Subject subject) throws Exception
    {
        final Path data = workDirectory.resolve("case-" + number);
        copy(subject.data, data);
        final String damage = damage(subject.data, data.resolve(DataLayout.JOURNAL));
        System.out.println("START " + number + " " + subject.workload.name() + " " + damage);
        System.out.flush();

        String outcome;
        boolean pass;
        try
        {
            final String verify = verify(data);
            final boolean verifyNamed = null != verify && verify.startsWith("NAMED");
            try
            {
                final ReplayReport report = Replayer.replay(data, subject.workload.newPipeline(), 0, false);
                final boolean same = report.lastSequence() == subject.lastSequence &&
                    report.stateDigest() == subject.digest;
                pass = same;
                outcome = (same ? "same digest" : String.format("DIFFERENT digest %016x at %d (undamaged %016x at %d)",
                    report.stateDigest(), report.lastSequence(), subject.digest, subject.lastSequence)) +
                    "; verify: " + verify;
            }
            catch (final FerriteException | JournalException ex)
            {
                final boolean named = names(ex, data);
                pass = named || verifyNamed;
                outcome = "replay refused (" + (named ? "named" : "UNNAMED") + "): " + ex.getMessage() + "; verify: " +
                    verify;
            }
        }
        catch (final Throwable ex)
        {
            pass = false;
            outcome = "CRASH " + ex;
        }
        System.out.println("CASE " + number + " " + (pass ? "PASS" : "FAIL") + " " + subject.workload.name() + " " +
            damage + " => " + outcome.replace('\n', ' '));
        System.out.flush();
        delete(data);
    }

    /**
     * @return "OK", or "NAMED ..."/"UNNAMED ..." for a fault and whether it names a file and a sequence.
     */
    private static String verify(final Path data)
    {
        try (Journal journal = Journal.open(
            new JournalConfig().directory(data.resolve(DataLayout.JOURNAL)).readOnly(true)))
        {
            final VerifyReport report = journal.verify();
            if (report.ok())
            {
                return "OK";
            }
            final boolean named = null != report.faultSegment() && report.faultSequence() > 0;
            return (named ? "NAMED " : "UNNAMED ") + report.faultSegment() + " sequence " + report.faultSequence() +
                ": " + report.faultMessage();
        }
        catch (final JournalException ex)
        {
            return (names(ex, data) ? "NAMED " : "UNNAMED ") + ex.getMessage();
        }
    }

    /**
     * A refusal names where: a segment and a sequence, or for a journal missing whole segments the journal directory
     * and the sequences it lacks.
     */
    private static boolean names(final RuntimeException ex, final Path data)
    {
        if (ex instanceof JournalCorruptedException)
        {
            final JournalCorruptedException corrupted = (JournalCorruptedException)ex;
            return null != corrupted.segment() && corrupted.sequence() > 0;
        }
        final String message = String.valueOf(ex.getMessage());
        return message.contains(data.toString()) && message.matches("(?s).*sequences? [0-9]+.*");
    }

    private String damage(final Path pristineData, final Path journal) throws IOException
    {
        final List<Path> segments = segments(journal);
        final int which = random.nextInt(segments.size());
        final Path segment = segments.get(which);
        final Layout layout = layout(pristineData.resolve(DataLayout.JOURNAL).resolve(segment.getFileName()));
        final String name = segment.getFileName().toString();
        final int kind = random.nextInt(100);
        if (kind < 30)
        {
            final long offset = (long)(random.nextDouble() * layout.extent);
            final int mask = 1 + random.nextInt(255);
            xor(segment, offset, mask);
            return String.format("flip %s@%d^%02x", name, offset, mask);
        }
        if (kind < 55)
        {
            final long header = layout.headers.get(random.nextInt(layout.headers.size()));
            final int index = random.nextInt(HEADER_LENGTH);
            final int mask = random.nextBoolean() ? 0x7f : 1 + random.nextInt(255);
            xor(segment, header + index, mask);
            return String.format("header %s@%d+%d^%02x", name, header, index, mask);
        }
        if (kind < 70)
        {
            final long size = (long)(random.nextDouble() * layout.extent);
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
            {
                file.setLength(size);
            }
            return "truncate " + name + " to " + size;
        }
        if (kind < 90)
        {
            final boolean afterLast = random.nextBoolean();
            final long offset = afterLast ? layout.extent : (long)(random.nextDouble() * layout.extent);
            final byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            write(segment, offset, garbage);
            return "garbage " + name + "@" + offset + "+" + garbage.length + (afterLast ? " (after the last record)" :
                "");
        }
        // Delete the first or a middle segment; a missing newest segment is the data directory check's business.
        final Path victim = segments.get(random.nextInt(Math.max(1, segments.size() - 1)));
        Files.delete(victim);
        return "delete " + victim.getFileName();
    }

    private Layout layout(final Path pristineSegment) throws IOException
    {
        Layout layout = layouts.get(pristineSegment);
        if (null == layout)
        {
            layout = Layout.of(pristineSegment);
            layouts.put(pristineSegment, layout);
        }
        return layout;
    }

    private static List<Path> segments(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).sorted()
                .collect(Collectors.toList());
        }
    }

    private static void xor(final Path file, final long offset, final int mask) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ mask)).clear();
            channel.write(one, offset);
        }
    }

    private static void write(final Path file, final long offset, final byte[] bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static void copy(final Path from, final Path to) throws IOException, InterruptedException
    {
        // Segment files are large and sparse: cp keeps them sparse, where Files.copy would write every zero.
        final Process cp = new ProcessBuilder("cp", "-r", "--sparse=always", from.toString(), to.toString())
            .inheritIO().start();
        if (0 != cp.waitFor())
        {
            throw new IOException("cp " + from + " " + to + " failed");
        }
    }

    private static void delete(final Path directory) throws IOException
    {
        try (Stream<Path> walk = Files.walk(directory))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.delete(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    private record Subject(Workload workload, Path data, long digest, long lastSequence)
    {
    }

    /**
     * Where a pristine segment's excerpt headers are, and where its written bytes end.
     */
    private record Layout(List<Long> headers, long extent)
    {
        static Layout of(final Path segment) throws IOException
        {
            final byte[] bytes;
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ))
            {
                final ByteBuffer buffer = ByteBuffer.allocate((int)Math.min(channel.size(), 64 << 20));
                while (buffer.hasRemaining() && channel.read(buffer) > 0)
                {
                    // read the written part; segments here hold far less than 64 MiB
                }
                bytes = buffer.array();
            }
            final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            final List<Long> headers = new ArrayList<>();
            int position = 0;
            while (position + HEADER_LENGTH <= bytes.length)
            {
                final int header = view.getInt(position);
                if (0 == header)
                {
                    break;
                }
                headers.add((long)position);
                position = (position + HEADER_LENGTH + (header & LENGTH_MASK) + 3) & ~3;
            }
            return new Layout(headers, position);
        }
    }
}
