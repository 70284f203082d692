package io.j8s.kubelet.runtime.cri;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Debian packages the cri runtime needs on the host: containerd (and its ctr), runc, the CNI
 * plugins, busybox-static (for the pause image), iptables, iproute2, and nftables for the service
 * proxy's default mode. Missing ones are installed with apt-get when we are root and apt-get
 * exists; otherwise {@link #ensure} fails naming the packages.
 */
public final class HostPackages {
    private static final Logger LOG = Logger.getLogger(HostPackages.class.getName());
    private static final Object LOCK = new Object();

    /**
     * A file a package provides; a program found elsewhere on the PATH will do, unless it is
     * {@code exact} (the CNI plugins: iproute2's {@code /usr/sbin/bridge} is not the bridge plugin).
     */
    record Need(Path file, String packageName, boolean exact) {
        Need(Path file, String packageName) {
            this(file, packageName, false);
        }
    }

    static final List<Need> NEEDS = List.of(
            new Need(Path.of("/usr/bin/containerd"), "containerd"),
            new Need(Path.of("/usr/bin/ctr"), "containerd"),
            new Need(Path.of("/usr/sbin/runc"), "runc"),
            new Need(Path.of("/usr/lib/cni/bridge"), "containernetworking-plugins", true),
            new Need(Path.of("/bin/busybox"), "busybox-static"),
            // portmap (hostPorts) programs iptables; CniCleanup removes the bridge with ip
            new Need(Path.of("/usr/sbin/iptables"), "iptables"),
            new Need(Path.of("/usr/sbin/ip"), "iproute2"),
            // the service proxy writes nftables rules when nft is here, else iptables ones
            new Need(Path.of("/usr/sbin/nft"), "nftables"));

    private HostPackages() {}

    /** Makes sure every package is there, installing the missing ones if we can. */
    public static void ensure() {
        synchronized (LOCK) {
            List<String> missing = missing();
            if (missing.isEmpty()) {
                return;
            }
            if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
                throw new IllegalStateException("the container runtime needs the Debian package(s) "
                        + String.join(", ", missing) + ": install them (apt-get install -y "
                        + String.join(" ", missing) + ") and start again");
            }
            LOG.info("installing " + String.join(" ", missing) + " with apt-get");
            if (!apt(missing, false)) {
                apt(List.of(), true);
                if (!apt(missing, false)) {
                    throw new IllegalStateException("apt-get install -y " + String.join(" ", missing)
                            + " failed (see above); install them by hand and start again");
                }
            }
            List<String> still = missing();
            if (!still.isEmpty()) {
                throw new IllegalStateException("apt-get installed " + String.join(" ", missing)
                        + " but these are still missing: " + still);
            }
        }
    }

    private static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Need need : NEEDS) {
            if (!Files.isExecutable(need.file())
                    && (need.exact() || !onPath(need.file().getFileName().toString()))
                    && !missing.contains(need.packageName())) {
                missing.add(need.packageName());
            }
        }
        return missing;
    }

    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static boolean apt(List<String> packages, boolean update) {
        List<String> command = new ArrayList<>(List.of("apt-get"));
        if (update) {
            command.add("update");
        } else {
            command.addAll(List.of("install", "-y", "--no-install-recommends"));
            command.addAll(packages);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            if (process.exitValue() != 0) {
                LOG.warning(String.join(" ", command) + " failed:\n" + output);
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warning("cannot run apt-get: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
