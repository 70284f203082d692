package io.j8s.kubelet.runtime.cri;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** containerd's {@code ctr}, on a given socket, in the CRI's namespace {@code k8s.io}. */
record Ctr(Path socket) {
    private static final long TIMEOUT_MINUTES = 10;

    /** Runs {@code ctr -a SOCKET -n k8s.io ARGS...}; its output, or an IOException with it. */
    String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ctr", "-a", socket.toString(), "-n", "k8s.io"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_MINUTES + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + output.strip());
        }
        return output;
    }

    /** Imports an (uncompressed) OCI or docker-save archive. */
    String importArchive(Path archive) throws IOException {
        return run("images", "import", archive.toString());
    }

    boolean hasImage(String ref) throws IOException {
        return run("images", "ls", "-q", "name==" + ref).lines().anyMatch(ref::equals);
    }
}
