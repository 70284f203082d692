package io.j8s.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory under the system's temporary directory that is deleted on close, and on JVM exit
 * if close never comes (a benchmark stopped with Ctrl-C, say).
 */
public final class TemporaryDirectory implements AutoCloseable {
    private final Path path;
    private final Thread cleanup;

    private TemporaryDirectory(Path path) {
        this.path = path;
        this.cleanup = new Thread(() -> Directories.deleteRecursively(path),
                "delete " + path.getFileName());
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    public static TemporaryDirectory create(String prefix) throws IOException {
        return new TemporaryDirectory(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        Directories.deleteRecursively(path);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook deletes it
        }
    }
}
