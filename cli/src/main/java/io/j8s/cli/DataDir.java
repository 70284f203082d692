package io.j8s.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where j8s keeps its state unless {@code --data-dir} says otherwise, for every command. */
final class DataDir {
    private DataDir() {}

    /** {@code /var/lib/j8s} as root, {@code ~/.j8s} otherwise (as k3s does with /var/lib/rancher/k3s). */
    static Path defaultPath() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root ? Path.of("/var/lib/j8s") : Path.of(System.getProperty("user.home"), ".j8s");
    }

    /**
     * Creates {@code <data-dir>/server} and makes it 0700 on every start, as k3s keeps its
     * server directory: it holds the database (every Secret), the CA key and the components'
     * kubeconfigs. An install whose directory was left open to others is closed again.
     */
    static Path restrictServerDir(Path dataDir) throws IOException {
        Path server = dataDir.resolve("server");
        Files.createDirectories(server);
        if (server.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwx------"));
        }
        return server;
    }

    static Path kubeconfig(Path dataDir) {
        return dataDir.resolve("kubeconfig.yaml");
    }
}
