package io.ferrite.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Permissions of the files Ferrite writes (journal, snapshots, digests, counters): owner-only by default, whatever the
 * process umask, since a journal holds every event in clear (card transactions, orders).
 * <p>
 * Files get {@code rw-------} and directories {@code rwx------}. Setting the system property
 * {@value #GROUP_READABLE_PROP_NAME}{@code =true} widens that to {@code rw-r-----} and {@code rwx r-x---} so that a
 * monitoring account in the owner's group can read counters and journals; nothing is ever made readable by others.
 * On a file system without POSIX permissions the calls do nothing.
 * <p>
 * Not for the hot path: each call is a system call or two.
 */
public final class DataFiles
{
    /** System property: {@code true} makes data files group-readable (and directories group-listable). */
    public static final String GROUP_READABLE_PROP_NAME = "ferrite.data.group.readable";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DataFiles()
    {
    }

    /**
     * @return the permissions data files get under the current setting.
     */
    public static Set<PosixFilePermission> filePermissions()
    {
        return PosixFilePermissions.fromString(groupReadable() ? "rw-r-----" : "rw-------");
    }

    /**
     * @return the permissions data directories get under the current setting.
     */
    public static Set<PosixFilePermission> directoryPermissions()
    {
        return PosixFilePermissions.fromString(groupReadable() ? "rwxr-x---" : "rwx------");
    }

    /**
     * Create a directory and any missing parents; each directory created here gets the data directory permissions
     * (parents that already exist are left alone).
     *
     * @param directory the directory.
     * @throws IOException if it cannot be created.
     */
    public static void createDirectories(final Path directory) throws IOException
    {
        final Path absolute = directory.toAbsolutePath();
        if (Files.isDirectory(absolute))
        {
            return;
        }
        final Path parent = absolute.getParent();
        if (null != parent && !Files.exists(parent))
        {
            createDirectories(parent);
        }
        Files.createDirectory(absolute);
        restrictDirectory(absolute);
    }

    /**
     * Create an empty regular file with the data file permissions from the start (not the umask's, restricted later).
     *
     * @param file the file to create.
     * @throws java.nio.file.FileAlreadyExistsException if it exists.
     * @throws IOException                             if it cannot be created.
     */
    public static void createFile(final Path file) throws IOException
    {
        if (POSIX)
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(filePermissions()));
            // The umask may have taken bits away, never added any: set exactly these.
            restrictFile(file);
        }
        else
        {
            Files.createFile(file);
        }
    }

    /**
     * Create an empty regular file with the data file permissions unless something already stands at that path, for
     * files a sink or a library then opens and appends to (a user's existing file keeps its own permissions).
     *
     * @param file the file to create.
     * @return true if this call created it.
     * @throws IOException if it is absent and cannot be created (a missing parent, no permission).
     */
    public static boolean createFileIfAbsent(final Path file) throws IOException
    {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        try
        {
            createFile(file);
            return true;
        }
        catch (final java.nio.file.FileAlreadyExistsException ex)
        {
            return false;
        }
    }

    /**
     * Give a file the data file permissions.
     *
     * @param file a regular file Ferrite wrote.
     * @throws IOException if its permissions cannot be set.
     */
    public static void restrictFile(final Path file) throws IOException
    {
        if (POSIX)
        {
            Files.setPosixFilePermissions(file, filePermissions());
        }
    }

    /**
     * Give a directory the data directory permissions.
     *
     * @param directory a directory Ferrite created.
     * @throws IOException if its permissions cannot be set.
     */
    public static void restrictDirectory(final Path directory) throws IOException
    {
        if (POSIX)
        {
            Files.setPosixFilePermissions(directory, directoryPermissions());
        }
    }

    /**
     * Give every regular file directly inside a directory the data file permissions (for files a library such as
     * Chronicle Queue created with the process umask).
     *
     * @param directory the directory.
     * @throws IOException if it cannot be listed or a permission cannot be set.
     */
    public static void restrictFilesIn(final Path directory) throws IOException
    {
        if (!POSIX)
        {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            for (final Path entry : entries)
            {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
                {
                    restrictFile(entry);
                }
            }
        }
    }

    private static boolean groupReadable()
    {
        return Boolean.getBoolean(GROUP_READABLE_PROP_NAME);
    }
}
