package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.PodSandboxConfig;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import java.time.Duration;
import java.time.Instant;

/** One sim sandbox: its config, IP and readiness, and the exit its containers were told. */
final class SimSandbox {
    final String id;
    final PodSandboxConfig config;
    final Instant createdAt;
    final String ip;
    final ExitAfter exitAfter;
    volatile boolean ready = true;

    SimSandbox(String id, PodSandboxConfig config, Instant createdAt, String ip) {
        this.id = id;
        this.config = config;
        this.createdAt = createdAt;
        this.ip = ip;
        this.exitAfter = ExitAfter.parse(config.annotations().get(SimRuntime.EXIT_AFTER));
    }

    PodSandboxStatus status() {
        return new PodSandboxStatus(id, config.name(), config.namespace(), config.uid(),
                config.attempt(), ready, ip, createdAt, config.labels(), config.annotations());
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
