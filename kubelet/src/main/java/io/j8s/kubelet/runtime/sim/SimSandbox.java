package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One sim sandbox: its config, IP and readiness, and the exit its containers were told. */
final class SimSandbox {
    final String id;
    final PodSandboxConfig config;
    final Instant createdAt;
    final String ip;
    final ExitAfter exitAfter;
    /** How often its containers append a numbered log line, from {@value SimRuntime#LOG_EVERY}; null: never. */
    final Duration logEvery;
    volatile boolean ready = true;

    SimSandbox(String id, PodSandboxConfig config, Instant createdAt, String ip) {
        this.id = id;
        this.config = config;
        this.createdAt = createdAt;
        this.ip = ip;
        this.exitAfter = ExitAfter.parse(config.annotations().get(SimRuntime.EXIT_AFTER));
        this.logEvery = parseLogEvery(config.annotations().get(SimRuntime.LOG_EVERY));
    }

    PodSandboxStatus status() {
        return new PodSandboxStatus(id, config.name(), config.namespace(), config.uid(),
                config.attempt(), ready, ip, createdAt, config.labels(), config.annotations());
    }

    private static final Pattern INTERVAL =
            Pattern.compile("\\s*(\\d{1,9})(ms|s|m)\\s*");
    /** The shortest interval a container logs at; shorter ones are raised to it. */
    static final Duration SHORTEST_LOG_INTERVAL = Duration.ofMillis(10);

    /** {@code "100ms"}, {@code "2s"}, {@code "1m"}: at least 10 ms; null if absent or not one of these. */
    static Duration parseLogEvery(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = INTERVAL.matcher(value);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        return d.compareTo(SHORTEST_LOG_INTERVAL) < 0 ? SHORTEST_LOG_INTERVAL : d;
    }

    /** {@code sim.j8s.io/exit-after: "S:N"}: exit with code N after S seconds; null if absent. */
    record ExitAfter(Duration after, int exitCode) {
        static ExitAfter parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String[] parts = value.trim().split(":");
            try {
                long seconds = Long.parseLong(parts[0].trim());
                int code = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0;
                return new ExitAfter(Duration.ofSeconds(Math.max(0, seconds)), code & 0xff);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
