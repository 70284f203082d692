package io.j8s.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What containers leave on a host when they are not cleaned up: containerd and shim processes,
 * mounts under a test's directories, network namespaces, links on the {@code cni0} bridge (and the
 * bridge), iptables and nftables rules for pod addresses or CNI chains, the service proxy's
 * table and J8S-* chains, and blackhole routes. A
 * snapshot, to compare after a test with one taken before.
 *
 * <p>{@code markers} name what is ours: a process or mount counts when its command line or mount
 * point contains one of them (a data directory, say); {@code podPrefix} ("10.42.") marks rules.
 */
public record HostLeftovers(TreeSet<String> items) {
    private static final String BRIDGE = "cni0";

    /**
     * The leftovers on the host now, for processes and mounts that mention one of
     * {@code markers}. A network namespace that a live process is in (pods of another containerd
     * on this machine) is not a leftover, nor are its veth, its address's rules, or the bridge
     * while such veths are on it: what is left is what no process holds any more.
     */
    public static HostLeftovers now(String podPrefix, String... markers) {
        TreeSet<String> items = new TreeSet<>();
        ProcessHandle.allProcesses().forEach(h -> {
            String name = h.info().command().map(c -> c.substring(c.lastIndexOf('/') + 1)).orElse("");
            String cmdline = cmdline(h.pid());
            if (name.startsWith("containerd") && mentions(cmdline, markers)) {
                items.add("process " + h.pid() + " " + cmdline);
            }
        });
        Live live = Live.now();
        for (String line : lines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && (mentions(f[4], markers) || f[4].startsWith("/run/netns/")
                    && !live.netns.contains(Path.of(f[4]).getFileName().toString())
                    || f[4].startsWith("/var/run/netns/"))) {
                items.add("mount " + f[4]);
            }
        }
        for (String ns : list(NETNS)) {
            if (!live.netns.contains(ns)) {
                items.add("netns " + ns);
            }
        }
        for (String link : list(Path.of("/sys/class/net"))) {
            Path master = Path.of("/sys/class/net", link, "master");
            if (link.equals(BRIDGE) && live.ifindexes.isEmpty() || Files.exists(master)
                    && readLink(master).endsWith("/" + BRIDGE)
                    && !live.ifindexes.contains(ifindex(link))) {
                items.add("link " + link);
            }
        }
        for (String rule : run("iptables-save").lines().toList()) {
            if ((rule.startsWith(":CNI-") || rule.startsWith("-A")
                    && (rule.contains(podPrefix) || rule.contains("-j CNI-")))
                    && !live.owns(rule)) {
                items.add("iptables " + rule);
            }
        }
        for (String rule : run("nft", "list", "ruleset").lines().toList()) {
            if ((rule.contains(podPrefix) || rule.contains("CNI-")) && !live.owns(rule)) {
                items.add("nft " + rule.strip());
            }
        }
        for (String rule : run("iptables-save").lines().toList()) {
            if (rule.startsWith(":J8S-") || rule.contains("-j J8S-")) {
                items.add("iptables " + rule);
            }
        }
        for (String table : run("nft", "list", "tables").lines().toList()) {
            if (table.contains("j8s-proxy")) {
                items.add("nft " + table.strip());
            }
        }
        for (String route : run("ip", "route", "show", "type", "blackhole").lines().toList()) {
            items.add("route " + route.strip());
        }
        return new HostLeftovers(items);
    }

    private static final Path NETNS = Path.of("/var/run/netns");

    /** Network namespaces that live processes are in, their veth peers, addresses and chains. */
    private record Live(Set<String> netns, Set<String> ifindexes, Set<String> addresses,
            Set<String> chains) {

        static Live now() {
            Set<String> inodes = new HashSet<>();
            for (String pid : list(Path.of("/proc"))) {
                if (pid.chars().allMatch(Character::isDigit)) {
                    String ns = readLink(Path.of("/proc", pid, "ns/net"));
                    if (ns.startsWith("net:[")) {
                        inodes.add(ns.substring(5, ns.length() - 1));
                    }
                }
            }
            Live live = new Live(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
            for (String ns : list(NETNS)) {
                try {
                    Object ino = Files.getAttribute(NETNS.resolve(ns), "unix:ino");
                    if (!inodes.contains(String.valueOf(ino))) {
                        continue;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    continue;
                }
                live.netns.add(ns);
                Matcher peer = PEER.matcher(run("ip", "-n", ns, "-o", "link", "show"));
                while (peer.find()) {
                    live.ifindexes.add(peer.group(1));
                }
                Matcher addr = ADDRESS.matcher(run("ip", "-n", ns, "-o", "-4", "addr", "show"));
                while (addr.find()) {
                    if (!addr.group(1).startsWith("127.")) {
                        live.addresses.add(addr.group(1));
                    }
                }
            }
            for (String rule : run("iptables-save").lines().toList()) {
                if (live.hasAddress(rule)) {
                    Matcher chain = CHAIN.matcher(rule);
                    while (chain.find()) {
                        live.chains.add(chain.group());
                    }
                }
            }
            return live;
        }

        boolean hasAddress(String rule) {
            for (String a : addresses) {
                if (Pattern.compile("\\b" + Pattern.quote(a) + "(?![\\d.])").matcher(rule).find()) {
                    return true;
                }
            }
            return false;
        }

        boolean owns(String rule) {
            if (hasAddress(rule)) {
                return true;
            }
            Matcher chain = CHAIN.matcher(rule);
            while (chain.find()) {
                if (chains.contains(chain.group())) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Pattern PEER = Pattern.compile("@if(\\d+)");
    private static final Pattern ADDRESS = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");
    private static final Pattern CHAIN = Pattern.compile("CNI-[0-9a-fA-F]{8,}");

    private static String ifindex(String link) {
        try {
            return Files.readString(Path.of("/sys/class/net", link, "ifindex")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** What is here now and was not in {@code before}. */
    public List<String> newSince(HostLeftovers before) {
        List<String> added = new ArrayList<>(items);
        added.removeAll(before.items());
        return added;
    }

    private static boolean mentions(String text, String... markers) {
        for (String m : markers) {
            if (text.contains(m)) {
                return true;
            }
        }
        return false;
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Runs {@code command} and returns what it printed (stdout and stderr), "" if it cannot run. */
    public static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
