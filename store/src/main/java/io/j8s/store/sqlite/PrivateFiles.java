package io.j8s.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Keeps the database private to the server's user: it holds every Secret. Its directory is 0700
 * and the database, its WAL, shared-memory and lock files 0600, set on every open so that an
 * install whose files were created world-readable is fixed at the next start. The database file
 * is created 0600 before SQLite opens it, and SQLite gives the WAL and shared-memory files the
 * mode of the database.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** The files that make up the database at {@code file}. */
    static List<Path> of(Path file) {
        String name = file.getFileName().toString();
        return List.of(file, file.resolveSibling(name + "-wal"), file.resolveSibling(name + "-shm"),
                file.resolveSibling(name + ".lock"));
    }

    /** Creates the database file owner-only if it is missing, and restricts what exists. */
    static void restrict(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        Files.setPosixFilePermissions(file.toAbsolutePath().getParent(), DIRECTORY);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // an existing database: its mode is set below
        }
        for (Path f : of(file)) {
            if (Files.exists(f)) {
                Files.setPosixFilePermissions(f, FILE);
            }
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
