package io.j8s.kubelet.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.j8s.kubelet.pods.NodePods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /stats/summary} in the shape of the kubelet's Summary API (stats/v1alpha1): the node's
 * CPU and memory from {@code /proc}, and per pod and container the CPU and memory of their cgroups
 * (cgroup v1, cgroupfs layout: {@code kubepods[/burstable|/besteffort]/pod<uid>/<containerId>}
 * under the {@code cpuacct} and {@code memory} hierarchies). What cannot be read is left out.
 * {@code usageNanoCores} is the rate since the previous summary, so the first one has none.
 */
final class NodeSummary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
    private static final List<String> QOS_DIRS = List.of("", "burstable/", "besteffort/");

    private final String nodeName;
    private final NodePods pods;
    private final Path proc;
    private final Path cgroups;
    private final Clock clock;
    private final Map<String, Sample> lastCpu = new ConcurrentHashMap<>();

    NodeSummary(String nodeName, NodePods pods, Path proc, Path cgroups, Clock clock) {
        this.nodeName = nodeName;
        this.pods = pods;
        this.proc = proc;
        this.cgroups = cgroups;
        this.clock = clock;
    }

    private record Sample(Instant at, long usageNanos) {}

    /** The Summary as JSON; reads files, so call it off the network thread. */
    String json() {
        Instant now = clock.instant();
        ObjectNode summary = JSON.createObjectNode();
        ObjectNode node = summary.putObject("node");
        node.put("nodeName", nodeName);
        node.putArray("systemContainers");
        bootTime().ifPresent(t -> node.put("startTime", t.toString()));
        nodeCpu().ifPresent(ns -> cpu(node, "", now, ns));
        nodeMemory(node.putObject("memory"), now);
        var podArray = summary.putArray("pods");
        for (Pod pod : pods.pods()) {
            podArray.add(pod(pod, now));
        }
        return summary.toString();
    }

    private ObjectNode pod(Pod pod, Instant now) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        ObjectNode out = JSON.createObjectNode();
        out.putObject("podRef").put("name", name).put("namespace", namespace).put("uid", uid);
        PodStatus status = pod.getStatus();
        if (status != null && status.getStartTime() != null) {
            out.put("startTime", status.getStartTime());
        }
        Optional<String> podCgroup = podCgroup(uid);
        var containers = out.putArray("containers");
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (var c : pod.getSpec().getContainers()) {
                ObjectNode container = containers.addObject().put("name", c.getName());
                startTime(status, c.getName()).ifPresent(t -> container.put("startTime", t));
                Optional<String> id = pods.containerId(namespace, name, c.getName(), false);
                if (podCgroup.isPresent() && id.isPresent()) {
                    cgroupStats(container, podCgroup.get() + "/" + id.get(), now);
                }
            }
        }
        podCgroup.ifPresent(path -> cgroupStats(out, path, now));
        return out;
    }

    private static Optional<String> startTime(PodStatus status, String container) {
        if (status == null || status.getContainerStatuses() == null) {
            return Optional.empty();
        }
        return status.getContainerStatuses().stream().filter(s -> container.equals(s.getName()))
                .findFirst().map(s -> s.getState() == null || s.getState().getRunning() == null ? null
                        : s.getState().getRunning().getStartedAt());
    }

    /** The pod's cgroup under the memory hierarchy, relative to it: kubepods/burstable/pod<uid>. */
    private Optional<String> podCgroup(String uid) {
        if (uid == null) {
            return Optional.empty();
        }
        for (String qos : QOS_DIRS) {
            String path = "kubepods/" + qos + "pod" + uid;
            if (Files.isDirectory(cgroups.resolve("memory").resolve(path))) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private void cgroupStats(ObjectNode target, String path, Instant now) {
        readLong(cgroups.resolve("cpuacct").resolve(path).resolve("cpuacct.usage"))
                .ifPresent(ns -> cpu(target, path, now, ns));
        Path memory = cgroups.resolve("memory").resolve(path);
        Optional<Long> usage = readLong(memory.resolve("memory.usage_in_bytes"));
        if (usage.isEmpty()) {
            return;
        }
        Map<String, Long> stat = keyValues(memory.resolve("memory.stat"), 1);
        long workingSet = Math.max(0, usage.get() - stat.getOrDefault("total_inactive_file", 0L));
        ObjectNode m = target.putObject("memory").put("time", now.toString())
                .put("usageBytes", usage.get()).put("workingSetBytes", workingSet);
        putIfPresent(m, "rssBytes", stat.get("total_rss"));
        putIfPresent(m, "pageFaults", stat.get("total_pgfault"));
        putIfPresent(m, "majorPageFaults", stat.get("total_pgmajfault"));
    }

    private void cpu(ObjectNode target, String key, Instant now, long usageNanos) {
        ObjectNode cpu = target.putObject("cpu").put("time", now.toString());
        Sample previous = lastCpu.put(key, new Sample(now, usageNanos));
        if (previous != null && now.isAfter(previous.at()) && usageNanos >= previous.usageNanos()) {
            long elapsed = java.time.Duration.between(previous.at(), now).toNanos();
            cpu.put("usageNanoCores", (long) ((usageNanos - previous.usageNanos()) * 1e9 / elapsed));
        }
        cpu.put("usageCoreNanoSeconds", usageNanos);
    }

    private Optional<Long> nodeCpu() {
        try {
            for (String line : Files.readAllLines(proc.resolve("stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                        busy += i < f.length ? Long.parseLong(f[i]) : 0;
                    }
                    return Optional.of(busy * NANOS_PER_TICK);
                }
            }
        } catch (IOException | RuntimeException e) {
            // left out
        }
        return Optional.empty();
    }

    private Optional<Instant> bootTime() {
        try {
            for (String line : Files.readAllLines(proc.resolve("stat"))) {
                if (line.startsWith("btime ")) {
                    return Optional.of(Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim())));
                }
            }
        } catch (IOException | RuntimeException e) {
            // left out
        }
        return Optional.empty();
    }

    private void nodeMemory(ObjectNode memory, Instant now) {
        Map<String, Long> info = keyValues(proc.resolve("meminfo"), 1024);
        Long total = info.get("MemTotal:");
        Long free = info.get("MemFree:");
        if (total == null || free == null) {
            return;
        }
        long usage = total - free;
        long workingSet = Math.max(0, usage - info.getOrDefault("Inactive(file):", 0L));
        memory.put("time", now.toString()).put("availableBytes", total - workingSet)
                .put("usageBytes", usage).put("workingSetBytes", workingSet);
        putIfPresent(memory, "rssBytes", info.get("AnonPages:"));
        Map<String, Long> vm = keyValues(proc.resolve("vmstat"), 1);
        putIfPresent(memory, "pageFaults", vm.get("pgfault"));
        putIfPresent(memory, "majorPageFaults", vm.get("pgmajfault"));
    }

    private static void putIfPresent(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static Optional<Long> readLong(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "name value [unit]" lines, the value times {@code scale}. */
    private static Map<String, Long> keyValues(Path file, long scale) {
        Map<String, Long> values = new java.util.HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2) {
                    try {
                        values.put(f[0], Long.parseLong(f[1]) * scale);
                    } catch (NumberFormatException ignored) {
                        // not a number: skip
                    }
                }
            }
        } catch (IOException e) {
            // left out
        }
        return values;
    }
}
