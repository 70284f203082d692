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
 * ...), which in-cluster clients read, and, unless the pod turns {@code enableServiceLinks} off,
 * those of every service of the pod's namespace. Read at most every few seconds per namespace.
 */
final class ServiceEnv {
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private record Read(Instant at, Map<String, String> vars) {}

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Read> cache = new java.util.concurrent.ConcurrentHashMap<>();

    ServiceEnv(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The variables for a pod of {@code namespace}; {@code links} is its enableServiceLinks. */
    Map<String, String> get(String namespace, boolean links) {
        Map<String, String> env = new LinkedHashMap<>();
        if (links) {
            env.putAll(read(namespace, false));
        }
        env.putAll(read("default", true));
        return env;
    }

    private Map<String, String> read(String namespace, boolean masterOnly) {
        String key = (masterOnly ? "master:" : "ns:") + namespace;
        Instant now = clock.instant();
        Read known = cache.get(key);
        if (known != null && Duration.between(known.at(), now).compareTo(REFRESH) < 0
                && !now.isBefore(known.at())) {
            return known.vars();
        }
        try {
            Map<String, String> vars = new LinkedHashMap<>();
            if (masterOnly) {
                Service svc = client.services().inNamespace("default").withName("kubernetes").get();
                if (svc != null) {
                    vars.putAll(variables(svc));
                }
            } else {
                client.services().inNamespace(namespace).list().getItems()
                        .forEach(svc -> vars.putAll(variables(svc)));
            }
            cache.put(key, new Read(now, vars));
            return vars;
        } catch (RuntimeException e) {
            return known == null ? Map.of() : known.vars();
        }
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
