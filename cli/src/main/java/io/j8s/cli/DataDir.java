package io.j8s.cli;

import java.nio.file.Path;

/** Where j8s keeps its state unless {@code --data-dir} says otherwise, for every command. */
final class DataDir {
    private DataDir() {}

    /** {@code /var/lib/j8s} as root, {@code ~/.j8s} otherwise (as k3s does with /var/lib/rancher/k3s). */
    static Path defaultPath() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root ? Path.of("/var/lib/j8s") : Path.of(System.getProperty("user.home"), ".j8s");
    }

    static Path kubeconfig(Path dataDir) {
        return dataDir.resolve("kubeconfig.yaml");
    }
}
