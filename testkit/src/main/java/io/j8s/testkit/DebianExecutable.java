package io.j8s.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An executable that a Debian package provides, such as etcd ({@code etcd-server}) or diff
 * ({@code diffutils}): found on the PATH or in {@code /usr/sbin} or {@code /usr/bin}; when there is none and we run as
 * root, the package is installed first. Installs are serialized within the JVM and, through a file
 * lock, across the test JVMs that run in parallel.
 */
record DebianExecutable(String name, String packageName) {
    static final DebianExecutable ETCD = new DebianExecutable("etcd", "etcd-server");
    static final DebianExecutable DIFF = new DebianExecutable("diff", "diffutils");
    static final DebianExecutable NFT = new DebianExecutable("nft", "nftables");
    static final DebianExecutable BUSYBOX = new DebianExecutable("busybox", "busybox-static");

    private static final Path INSTALL_LOCK = Path.of(System.getProperty("java.io.tmpdir"),
            "j8s-apt-install.lock");
    private static final long APT_TIMEOUT_MINUTES = 10;
    private static final Object JVM_LOCK = new Object();

    /** The executable, installed first if needed; fails with what to do when it cannot be. */
    Path locate() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(INSTALL_LOCK, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    found = find();
                    if (found.isPresent()) {
                        return found.get();
                    }
                    install();
                } finally {
                    lock.release();
                }
            } catch (IOException e) {
                throw new IllegalStateException(name + " is missing and the install lock "
                        + INSTALL_LOCK
                        + " cannot be taken: " + e.getMessage(), e);
            }
        }
        return find().orElseThrow(() -> new IllegalStateException("apt-get installed "
                + packageName + " but there is still no " + name + " on the PATH or at "
                + defaultPath()));
    }

    private Path defaultPath() {
        Path sbin = Path.of("/usr/sbin", name);
        return Files.isExecutable(sbin) ? sbin : Path.of("/usr/bin", name);
    }

    Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Files.isExecutable(defaultPath()) ? Optional.of(defaultPath()) : Optional.empty();
    }

    private void install() {
        if (!isRoot()) {
            throw new IllegalStateException(name + " is not installed and this test does not run as"
                    + " root, so it cannot install it: run 'sudo apt-get install -y " + packageName
                    + "'");
        }
        AptResult first = apt("install", "-y", packageName);
        if (first.ok()) {
            return;
        }
        AptResult update = apt("update");
        AptResult second = apt("install", "-y", packageName);
        if (!second.ok()) {
            throw new IllegalStateException("cannot install " + name + ": 'apt-get install -y "
                    + packageName
                    + "' failed twice (apt-get update in between "
                    + (update.ok() ? "worked" : "failed too") + "):\n" + second.output());
        }
    }

    private record AptResult(boolean ok, String output) {}

    private AptResult apt(String... args) {
        Path log = null;
        try {
            log = Files.createTempFile("j8s-apt-", ".log");
            List<String> command = new ArrayList<>(List.of("apt-get"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(APT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new AptResult(false, "apt-get " + String.join(" ", args) + " did not finish in "
                        + APT_TIMEOUT_MINUTES + " minutes");
            }
            return new AptResult(process.exitValue() == 0, LogTail.of(log, 40));
        } catch (IOException e) {
            return new AptResult(false, "cannot run apt-get: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + packageName, e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
