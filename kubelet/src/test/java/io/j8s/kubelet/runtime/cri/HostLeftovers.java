package io.j8s.kubelet.runtime.cri;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What containers leave on a host when they are not cleaned up: containerd and shim processes,
 * mounts, network namespaces, veths on cni0, and iptables rules for pod addresses. A snapshot,
 * to compare after a test with one taken before.
 */
record HostLeftovers(TreeSet<String> items) {

    static HostLeftovers now() {
        TreeSet<String> items = new TreeSet<>();
        ProcessHandle.allProcesses().forEach(h -> {
            // ours: containerd started on a test data dir, shims serving a socket there or under /run/j8s
            String name = h.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("");
            String cmdline = cmdline(h.pid());
            if (name.startsWith("containerd") && (cmdline.contains("j8s-cri-it-") || cmdline.contains("/run/j8s/"))) {
                items.add("process " + h.pid() + " " + cmdline);
            }
        });
        for (String line : lines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && (f[4].contains("j8s-cri-it-") || f[4].startsWith("/run/netns/")
                    || f[4].startsWith("/var/run/netns/"))) {
                items.add("mount " + f[4]);
            }
        }
        for (String ns : list(Path.of("/var/run/netns"))) {
            items.add("netns " + ns);
        }
        for (String link : list(Path.of("/sys/class/net"))) {
            Path master = Path.of("/sys/class/net", link, "master");
            if (link.equals(CniConfig.BRIDGE) || Files.exists(master) && master.toAbsolutePath().toString().length() > 0
                    && readLink(master).endsWith("/" + CniConfig.BRIDGE)) {
                items.add("link " + link);
            }
        }
        for (String rule : run("iptables-save").lines().toList()) {
            if (rule.startsWith(":CNI-") || rule.startsWith("-A")
                    && (rule.contains(CriNode.POD_CIDR.replace("0/24", "")) || rule.contains("-j CNI-"))) {
                items.add("iptables " + rule);
            }
        }
        return new HostLeftovers(items);
    }

    List<String> newSince(HostLeftovers before) {
        List<String> added = new ArrayList<>(items);
        added.removeAll(before.items());
        return added;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
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

    static String run(String... command) {
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
