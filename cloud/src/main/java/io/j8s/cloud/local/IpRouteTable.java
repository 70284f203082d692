package io.j8s.cloud.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This machine's main routing table through {@code ip route}, with j8s's routes marked by their
 * protocol number ({@link #PROTOCOL}): listing and deleting see only those, so a route j8s did
 * not make is never touched.
 */
public final class IpRouteTable implements RouteTable {
    /** The routing protocol number that marks j8s's pod CIDR routes. */
    public static final String PROTOCOL = "198";
    private final List<String> ip;

    /** The table of this machine's (the JVM's) network namespace. */
    public IpRouteTable() {
        this.ip = List.of("ip");
    }

    /** The table of the named network namespace ({@code ip -n NETNS}), for tests. */
    IpRouteTable(String netns) {
        this.ip = List.of("ip", "-n", netns);
    }

    @Override
    public Map<String, String> list() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : run(ip, "route", "show", "proto", PROTOCOL).split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 1; i + 1 < f.length; i++) {
                if (f[i].equals("via")) {
                    out.put(f[0].contains("/") ? f[0] : f[0] + "/32", f[i + 1]);
                }
            }
        }
        return out;
    }

    @Override
    public void replace(String cidr, String gateway) throws IOException {
        run(ip, "route", "replace", cidr, "via", gateway, "proto", PROTOCOL);
    }

    @Override
    public void delete(String cidr) throws IOException {
        run(ip, "route", "del", cidr, "proto", PROTOCOL);
    }

    /** Removes every route j8s made ({@code ./j8s server --cleanup}). */
    public static void flush() throws IOException {
        if (!run(List.of("ip"), "route", "show", "proto", PROTOCOL).isBlank()) {
            run(List.of("ip"), "route", "flush", "proto", PROTOCOL);
        }
    }

    private static String run(List<String> ip, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(ip);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out.trim());
        }
        return out;
    }
}
