package io.j8s.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a pod's start-up went inside containerd, read from the CRI plugin's own log lines
 * ({@code containerd.log} at level info): each call's start and its "returns" line.
 */
final class ContainerdLog {
    private static final Pattern TIME = Pattern.compile("^time=\"([^\"]+)\"");
    private static final Pattern SANDBOX = Pattern.compile(
            "msg=\"RunPodSandbox for &PodSandboxMetadata\\{Name:([^,]+),.*?(returns sandbox id"
                    + " \\\\\"([0-9a-f]+)\\\\\")?\"$");
    private static final Pattern CREATE = Pattern.compile(
            "msg=\"CreateContainer within sandbox \\\\\"([0-9a-f]+)\\\\\" for .*?(returns"
                    + " container id \\\\\"([0-9a-f]+)\\\\\")?\"$");
    private static final Pattern START = Pattern.compile(
            "msg=\"StartContainer for \\\\\"([0-9a-f]+)\\\\\"( returns successfully)?\"$");

    /** One pod's CRI calls as containerd logged them; a missing step is null. */
    record Timeline(Instant sandboxStart, Instant sandboxEnd, Instant createStart,
            Instant createEnd, Instant startStart, Instant startEnd) {

        boolean complete() {
            return sandboxStart != null && sandboxEnd != null && createStart != null
                    && createEnd != null && startStart != null && startEnd != null;
        }

        /** RunPodSandbox: the pause container and the pod's network (CNI). */
        Duration sandbox() {
            return Duration.between(sandboxStart, sandboxEnd);
        }

        /** From the sandbox ready to the CreateContainer call: the kubelet's own work. */
        Duration betweenCalls() {
            return Duration.between(sandboxEnd, createStart)
                    .plus(Duration.between(createEnd, startStart));
        }

        /** CreateContainer and StartContainer. */
        Duration container() {
            return Duration.between(createStart, createEnd)
                    .plus(Duration.between(startStart, startEnd));
        }

        /** From RunPodSandbox called to StartContainer returned. */
        Duration total() {
            return Duration.between(sandboxStart, startEnd);
        }
    }

    private ContainerdLog() {}

    /** The timelines of the pods in {@code log}, by pod name (the last sandbox of each name). */
    static Map<String, Timeline> timelines(String log) {
        Map<String, Instant[]> byPod = new HashMap<>();
        Map<String, String> podOfSandbox = new HashMap<>();
        Map<String, String> sandboxOfContainer = new HashMap<>();
        for (String line : log.split("\n")) {
            Matcher t = TIME.matcher(line);
            if (!t.find()) {
                continue;
            }
            Instant at;
            try {
                at = Instant.parse(t.group(1));
            } catch (java.time.format.DateTimeParseException e) {
                continue;
            }
            Matcher m;
            if ((m = SANDBOX.matcher(line)).find()) {
                if (m.group(3) == null) {
                    byPod.put(m.group(1), new Instant[6]);
                    byPod.get(m.group(1))[0] = at;
                } else if (byPod.containsKey(m.group(1))) {
                    byPod.get(m.group(1))[1] = at;
                    podOfSandbox.put(m.group(3), m.group(1));
                }
            } else if ((m = CREATE.matcher(line)).find()) {
                Instant[] steps = byPod.get(podOfSandbox.get(m.group(1)));
                if (steps != null) {
                    steps[m.group(3) == null ? 2 : 3] = at;
                    if (m.group(3) != null) {
                        sandboxOfContainer.put(m.group(3), m.group(1));
                    }
                }
            } else if ((m = START.matcher(line)).find()) {
                String sandbox = sandboxOfContainer.get(m.group(1));
                Instant[] steps = sandbox == null ? null : byPod.get(podOfSandbox.get(sandbox));
                if (steps != null) {
                    steps[m.group(2) == null ? 4 : 5] = at;
                }
            }
        }
        Map<String, Timeline> out = new HashMap<>();
        byPod.forEach((pod, s) -> out.put(pod, new Timeline(s[0], s[1], s[2], s[3], s[4], s[5])));
        return out;
    }
}
