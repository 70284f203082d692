package io.j8s.kubelet.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code blackhole} routes for the cluster CIDR and the service CIDR: pod and service addresses
 * are private to the cluster and must never leave the machine by the default route. A node's own
 * pod subnet still reaches {@code cni0} by its more specific route. Installing replaces the
 * routes ({@code ip route replace}, so it can run at every start); removing deletes exactly these
 * blackhole routes and nothing else. Without root (or without {@code ip}) nothing is installed
 * and the log says why.
 */
public final class BlackholeRoutes {
    private static final Logger LOG = Logger.getLogger("io.j8s.kubelet.network");
    /** j8s's defaults: the cluster CIDR and the service CIDR. */
    public static final List<String> DEFAULT_CIDRS = List.of("10.42.0.0/16", "10.43.0.0/16");

    private final List<String> cidrs;

    public BlackholeRoutes(List<String> cidrs) {
        this.cidrs = List.copyOf(cidrs);
    }

    /** For the cluster CIDR and the service CIDR. */
    public static BlackholeRoutes of(String clusterCidr, String serviceCidr) {
        return new BlackholeRoutes(List.of(Objects.requireNonNull(clusterCidr),
                Objects.requireNonNull(serviceCidr)));
    }

    /**
     * Installs (or replaces) the routes.
     *
     * @return false, with the reason logged, when they cannot be installed here (not root, no
     *     {@code ip})
     * @throws IllegalStateException if {@code ip} refuses a route
     */
    public boolean install() {
        String why = unusable();
        if (why != null) {
            LOG.warning("blackhole routes for " + String.join(" and ", cidrs)
                    + " are not installed: " + why + "; pod and service addresses may leave"
                    + " this machine by the default route");
            return false;
        }
        for (String cidr : cidrs) {
            Result r = ip("route", "replace", "blackhole", cidr);
            if (r.exit != 0) {
                throw new IllegalStateException("ip route replace blackhole " + cidr + " failed: "
                        + r.output.strip());
            }
        }
        LOG.info("blackhole routes installed for " + String.join(", ", cidrs));
        return true;
    }

    /**
     * Removes these blackhole routes, those that are there; others are not touched.
     *
     * @return the routes removed
     */
    public List<String> remove() {
        List<String> removed = new ArrayList<>();
        if (unusable() != null) {
            return removed;
        }
        for (String cidr : installed()) {
            Result r = ip("route", "del", "blackhole", cidr);
            if (r.exit == 0) {
                removed.add(cidr);
            } else {
                LOG.warning("ip route del blackhole " + cidr + " failed: " + r.output.strip());
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("blackhole routes removed for " + String.join(", ", removed));
        }
        return removed;
    }

    /** Which of these routes are present now. */
    public List<String> installed() {
        List<String> present = new ArrayList<>();
        if (!Files.isExecutable(ipBinary())) {
            return present;
        }
        for (String cidr : cidrs) {
            Result r = ip("route", "show", "type", "blackhole", "exact", cidr);
            if (r.exit == 0 && !r.output.isBlank()) {
                present.add(cidr);
            }
        }
        return present;
    }

    /** Why routes cannot be changed here, or null when they can. */
    private static String unusable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "changing routes needs root and j8s runs as "
                    + System.getProperty("user.name");
        }
        if (!Files.isExecutable(ipBinary())) {
            return "the ip command (Debian package iproute2) is not installed";
        }
        return null;
    }

    private static Path ipBinary() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, "ip");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return Path.of("/usr/sbin/ip");
    }

    private record Result(int exit, String output) {}

    private static Result ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ipBinary().toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", cmd) + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
