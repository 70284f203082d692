package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The service variables every container gets, as upstream's: those of the master service
 * {@code default/kubernetes} ({@code KUBERNETES_SERVICE_HOST}, {@code KUBERNETES_PORT_443_TCP},
 * ...), which in-cluster clients read. Read at most once a minute. Service links of the pod's own
 * namespace are not made yet.
 */
final class ServiceEnv {
    private static final Duration REFRESH = Duration.ofMinutes(1);
    private final KubernetesClient client;
    private final Clock clock;
    private volatile Map<String, String> cached = Map.of();
    private volatile Instant readAt = Instant.MIN;

    ServiceEnv(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    Map<String, String> get() {
        Instant now = clock.instant();
        if (readAt.equals(Instant.MIN) || Duration.between(readAt, now).compareTo(REFRESH) > 0) {
            try {
                Service svc = client.services().inNamespace("default").withName("kubernetes").get();
                cached = svc == null ? Map.of() : variables(svc);
                readAt = now;
            } catch (RuntimeException e) {
                // keep what we had
            }
        }
        return cached;
    }

    static Map<String, String> variables(Service svc) {
        Map<String, String> env = new LinkedHashMap<>();
        String ip = svc.getSpec().getClusterIP();
        if (ip == null || ip.isEmpty() || ip.equals("None") || svc.getSpec().getPorts() == null
                || svc.getSpec().getPorts().isEmpty()) {
            return env;
        }
        String prefix = svc.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
        ServicePort first = svc.getSpec().getPorts().getFirst();
        env.put(prefix + "_SERVICE_HOST", ip);
        env.put(prefix + "_SERVICE_PORT", Integer.toString(first.getPort()));
        for (ServicePort p : svc.getSpec().getPorts()) {
            if (p.getName() != null && !p.getName().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + p.getName().toUpperCase(Locale.ROOT)
                        .replace('-', '_'), Integer.toString(p.getPort()));
            }
        }
        String proto = first.getProtocol() == null ? "tcp" : first.getProtocol().toLowerCase(Locale.ROOT);
        env.put(prefix + "_PORT", proto + "://" + ip + ":" + first.getPort());
        for (ServicePort p : svc.getSpec().getPorts()) {
            String pr = p.getProtocol() == null ? "TCP" : p.getProtocol().toUpperCase(Locale.ROOT);
            String base = prefix + "_PORT_" + p.getPort() + "_" + pr;
            env.put(base, pr.toLowerCase(Locale.ROOT) + "://" + ip + ":" + p.getPort());
            env.put(base + "_PROTO", pr.toLowerCase(Locale.ROOT));
            env.put(base + "_PORT", Integer.toString(p.getPort()));
            env.put(base + "_ADDR", ip);
        }
        return env;
    }
}
