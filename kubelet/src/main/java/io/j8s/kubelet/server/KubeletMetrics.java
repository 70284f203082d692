package io.j8s.kubelet.server;

import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /metrics}: a few of the kubelet's metrics in the Prometheus text format, counted from
 * the runtime at each scrape: {@code kubelet_running_pods} (pods with a ready sandbox),
 * {@code kubelet_running_containers} by {@code container_state}, and {@code kubelet_node_name};
 * and, counted as they happen, {@code kubelet_streaming_upgrades_total} by {@code endpoint} (exec,
 * attach, portForward), {@code transport} (SPDY/3.1, websocket) and {@code protocol} (the one
 * agreed on: v4.channel.k8s.io, v5.channel.k8s.io, portforward.k8s.io, ...), j8s's own metric:
 * which protocol each client speaks.
 */
final class KubeletMetrics {
    private final ContainerRuntime runtime;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile int runningPods;
    private volatile Map<ContainerStatus.State, Integer> containers = Map.of();

    KubeletMetrics(ContainerRuntime runtime, String nodeName) {
        this.runtime = runtime;
        Gauge.builder("kubelet_running_pods", this, m -> m.runningPods)
                .description("Number of pods that have a running pod sandbox").register(registry);
        for (ContainerStatus.State state : ContainerStatus.State.values()) {
            Gauge.builder("kubelet_running_containers", this, m -> m.containers.getOrDefault(state, 0))
                    .description("Number of containers currently running")
                    .tag("container_state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("kubelet_node_name", () -> 1).description("The node's name. The count is always 1.")
                .tag("node", nodeName).register(registry);
    }

    /** Counts one upgraded exec, attach or port-forward connection. */
    void upgraded(StreamingServer.Upgrade upgrade) {
        Counter.builder("kubelet_streaming_upgrades")
                .description("Streaming connections upgraded, by endpoint, transport and protocol")
                .tag("endpoint", upgrade.endpoint()).tag("transport", upgrade.transport())
                .tag("protocol", upgrade.protocol()).register(registry).increment();
    }

    /** The text answer; asks the runtime, so call it off the network thread. */
    String scrape() {
        runningPods = (int) runtime.listPodSandboxes().stream().filter(PodSandboxStatus::ready).count();
        Map<ContainerStatus.State, Integer> byState = new EnumMap<>(ContainerStatus.State.class);
        for (ContainerStatus c : runtime.listContainers()) {
            byState.merge(c.state(), 1, Integer::sum);
        }
        containers = byState;
        return registry.scrape();
    }
}
