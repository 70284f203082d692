package io.j8s.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.replicaset.PodStates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Upstream's endpoints controller. For every Service with a selector, the Endpoints of the same
 * name list the selected pods that have an IP: ready ones (or all, with
 * {@code publishNotReadyAddresses}) as addresses, the others as notReadyAddresses, with each
 * service port's target port resolved per pod (a named port through the pod's containers),
 * hostname for pods whose subdomain is the service, node name and pod reference. Addresses are
 * grouped into subsets by their port set. Past 1000 addresses the list is truncated and annotated
 * {@code endpoints.kubernetes.io/over-capacity: truncated}. A Service without a selector is left
 * alone (its Endpoints are written by hand). The key is the service's {@code namespace/name}.
 */
public final class EndpointsController implements Controller {
    static final int MAX_CAPACITY = 1000;
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
    static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    static final String HEADLESS = "service.kubernetes.io/headless";
    static final String SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";
    static final java.time.Duration STALE_RETRY = java.time.Duration.ofMillis(100);

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final Clock clock;
    private final WorkQueue queue;
    /** The resourceVersion this controller last wrote per key, until the informer shows it. */
    private final Map<String, Long> written = new java.util.concurrent.ConcurrentHashMap<>();

    public EndpointsController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.clock = ctx.clock();
        this.queue = new WorkQueue("endpoints", this::sync);
        informers.informer(Service.class).addEventHandler(EventHandlers.each(s -> queue.add(key(s.getMetadata().getNamespace(), s.getMetadata().getName()))));
        informers.informer(Pod.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                servicesOf(pod, null);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                servicesOf(pod, old);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                servicesOf(pod, null);
            }
        });
        informers.informer(Endpoints.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Endpoints e) {}

            @Override
            public void onUpdate(Endpoints old, Endpoints e) {}

            @Override
            public void onDelete(Endpoints e, boolean unknown) {
                queue.add(key(e.getMetadata().getNamespace(), e.getMetadata().getName()));
            }
        });
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private void servicesOf(Pod pod, Pod old) {
        String ns = pod.getMetadata().getNamespace();
        for (Service s : informers.list(Service.class, ns)) {
            Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
            if (PodEndpoints.selects(selector, pod.getMetadata().getLabels())
                    || old != null && PodEndpoints.selects(selector,
                            old.getMetadata().getLabels())) {
                queue.add(key(ns, s.getMetadata().getName()));
            }
        }
    }

    void sync(String key) {
        String ns = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        Service service = informers.get(Service.class, ns, name);
        Endpoints current = informers.get(Endpoints.class, ns, name);
        Long wrote = written.get(key);
        if (wrote != null) {
            if (current == null || rv(current) < wrote) {
                queue.addAfter(key, STALE_RETRY); // the informer has not seen our write yet
                return;
            }
            written.remove(key);
        }
        if (service == null) {
            if (current != null) {
                delete(ns, name); // the service is gone, so are its endpoints
                written.remove(key);
            }
            return;
        }
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return;
        }
        boolean tolerateUnready = Boolean.TRUE.equals(service.getSpec()
                .getPublishNotReadyAddresses());
        boolean headless = "None".equals(service.getSpec().getClusterIP());
        Map<String, Group> groups = new TreeMap<>();
        for (Pod pod : informers.list(Pod.class, ns)) {
            if (!PodEndpoints.selects(selector, pod.getMetadata().getLabels())
                    || !PodEndpoints.shouldBeInEndpoints(pod, tolerateUnready)) {
                continue;
            }
            EndpointAddress address = address(pod, service);
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : service.getSpec().getPorts()) {
                OptionalInt target = PodEndpoints.targetPort(pod, sp);
                if (target.isPresent()) {
                    ports.add(new EndpointPortBuilder().withName(sp.getName())
                            .withPort(target.getAsInt())
                            .withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                            .withAppProtocol(sp.getAppProtocol()).build());
                }
            }
            if (ports.isEmpty() && !(headless && service.getSpec().getPorts().isEmpty())) {
                continue;
            }
            ports.sort(Comparator.comparing((EndpointPort p) -> Objects.toString(p.getName(), ""))
                    .thenComparing(EndpointPort::getPort));
            Group g = groups.computeIfAbsent(ports.toString(), k -> new Group(ports));
            if (tolerateUnready || PodStates.ready(pod)) {
                g.ready.add(address);
            } else {
                g.notReady.add(address);
            }
        }
        boolean truncated = truncate(groups.values());
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.ready.isEmpty() && g.notReady.isEmpty()) {
                continue;
            }
            Comparator<EndpointAddress> byIp = Comparator.comparing(EndpointAddress::getIp);
            g.ready.sort(byIp);
            g.notReady.sort(byIp);
            subsets.add(new EndpointSubsetBuilder()
                    .withAddresses(g.ready).withNotReadyAddresses(g.notReady)
                    .withPorts(g.ports).build());
        }
        Map<String, String> labels = new LinkedHashMap<>(service.getMetadata().getLabels() == null
                ? Map.of() : service.getMetadata().getLabels());
        labels.put(SKIP_MIRROR, "true");
        if (headless) {
            labels.put(HEADLESS, "");
        }
        write(service, current, subsets, labels, truncated);
    }

    private void write(Service service, Endpoints current, List<EndpointSubset> subsets,
            Map<String, String> labels, boolean truncated) {
        String ns = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        if (current != null && Objects.equals(nullToEmpty(current.getSubsets()), subsets)
                && Objects.equals(current.getMetadata().getLabels(), labels)
                && truncated == "truncated".equals(annotation(current, OVER_CAPACITY))) {
            return;
        }
        Map<String, String> annotations = new HashMap<>(current == null
                || current.getMetadata().getAnnotations() == null ? Map.of()
                : current.getMetadata().getAnnotations());
        annotations.put(TRIGGER_TIME, clock.instant().toString());
        if (truncated) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        try {
            Endpoints result;
            if (current == null) {
                result = client.endpoints().inNamespace(ns).resource(new EndpointsBuilder()
                        .withNewMetadata().withName(name).withNamespace(ns).withLabels(labels)
                        .withAnnotations(annotations).endMetadata().withSubsets(subsets).build())
                        .create();
            } else {
                Endpoints next = new EndpointsBuilder(current).withSubsets(subsets).build();
                next.getMetadata().setLabels(labels);
                next.getMetadata().setAnnotations(annotations);
                result = client.endpoints().inNamespace(ns).resource(next).update();
            }
            written.put(key(ns, name), rv(result));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 && e.getMessage() != null
                    && e.getMessage().contains("being terminated")) {
                return; // the namespace is going
            }
            throw e;
        }
    }

    private void delete(String ns, String name) {
        try {
            client.endpoints().inNamespace(ns).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Keeps at most {@link #MAX_CAPACITY} addresses, ready ones first; whether any went. */
    private static boolean truncate(Iterable<Group> groups) {
        int total = 0;
        for (Group g : groups) {
            total += g.ready.size() + g.notReady.size();
        }
        if (total <= MAX_CAPACITY) {
            return false;
        }
        int left = MAX_CAPACITY;
        for (Group g : groups) {
            g.ready.sort(Comparator.comparing(EndpointAddress::getIp));
            while (g.ready.size() > left) {
                g.ready.removeLast();
            }
            left -= g.ready.size();
        }
        for (Group g : groups) {
            g.notReady.sort(Comparator.comparing(EndpointAddress::getIp));
            while (g.notReady.size() > left) {
                g.notReady.removeLast();
            }
            left -= g.notReady.size();
        }
        return true;
    }

    private static EndpointAddress address(Pod pod, Service service) {
        EndpointAddressBuilder a = new EndpointAddressBuilder().withIp(PodEndpoints.ip(pod))
                .withNodeName(pod.getSpec().getNodeName() == null
                        || pod.getSpec().getNodeName().isEmpty() ? null
                        : pod.getSpec().getNodeName())
                .withNewTargetRef().withKind("Pod")
                .withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                .endTargetRef();
        String hostname = pod.getSpec().getHostname();
        if (hostname != null && !hostname.isEmpty()
                && service.getMetadata().getName().equals(pod.getSpec().getSubdomain())) {
            a.withHostname(hostname);
        }
        return a.build();
    }

    private static long rv(Endpoints e) {
        try {
            return Long.parseLong(e.getMetadata().getResourceVersion());
        } catch (RuntimeException ex) {
            return 0;
        }
    }

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String annotation(Endpoints e, String key) {
        return e.getMetadata().getAnnotations() == null ? null
                : e.getMetadata().getAnnotations().get(key);
    }

    /** The addresses that share one port set. */
    private static final class Group {
        final List<EndpointPort> ports;
        final List<EndpointAddress> ready = new ArrayList<>();
        final List<EndpointAddress> notReady = new ArrayList<>();

        Group(List<EndpointPort> ports) {
            this.ports = ports;
        }
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }
}
