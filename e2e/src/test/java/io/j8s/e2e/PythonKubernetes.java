package io.j8s.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The official Python client: Debian's python3-kubernetes for /usr/bin/python3, installed with apt
 * when missing.
 */
final class PythonKubernetes {
    private PythonKubernetes() {}

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (run("/usr/bin/python3", "-c", "import kubernetes") == 0) {
            return;
        }
        if (run("apt-get", "install", "-y", "-qq", "python3-kubernetes") != 0) {
            run("apt-get", "update", "-qq");
            if (run("apt-get", "install", "-y", "-qq", "python3-kubernetes") != 0) {
                throw new IllegalStateException("cannot install python3-kubernetes with apt-get");
            }
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(new java.io.File("/dev/null"));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
