package io.j8s.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.endpoints.PodEndpoints;
import io.j8s.controllers.replicaset.PodStates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Upstream's EndpointSlice controller. For every Service with a selector, EndpointSlices labelled
 * {@code kubernetes.io/service-name} and managed by {@code endpointslice-controller.k8s.io} hold
 * one endpoint per selected pod with an IP that is not terminal (terminating ones included): its
 * address, conditions ready (serving and not terminating, or always with
 * {@code publishNotReadyAddresses}), serving (the pod's Ready condition) and terminating, hostname
 * for pods whose subdomain is the service, node name, the node's zone and a pod reference. Pods
 * are grouped by their resolved port set; slices hold at most 100 endpoints and change as little
 * as they can ({@link SlicePlan}). The key is the service's {@code namespace/name}.
 */
public final class EndpointSliceController implements Controller {
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String HEADLESS = "service.kubernetes.io/headless";
    static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final int MAX_ENDPOINTS_PER_SLICE = 100;
    static final Duration STALE_RETRY = Duration.ofMillis(100);

    private final SharedInformers informers;
    private final Clock clock;
    private final SliceWriter writer;
    private final WorkQueue queue;

    public EndpointSliceController(ControllerContext ctx) {
        this.informers = ctx.informers();
        this.clock = ctx.clock();
        this.writer = new SliceWriter(ctx.client());
        this.queue = new WorkQueue("endpointslice", this::sync);
        informers.informer(Node.class);
        informers.informer(Service.class).addEventHandler(EventHandlers.each(s -> queue.add(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())));
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
        informers.informer(EndpointSlice.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice s) {
                enqueue(s);
            }

            @Override
            public void onUpdate(EndpointSlice old, EndpointSlice s) {
                enqueue(s);
            }

            @Override
            public void onDelete(EndpointSlice s, boolean unknown) {
                enqueue(s);
            }
        });
    }

    private void enqueue(EndpointSlice s) {
        Map<String, String> labels = s.getMetadata().getLabels();
        if (labels != null && CONTROLLER_NAME.equals(labels.get(MANAGED_BY))
                && labels.get(SERVICE_NAME) != null) {
            queue.add(s.getMetadata().getNamespace() + "/" + labels.get(SERVICE_NAME));
        }
    }

    private void servicesOf(Pod pod, Pod old) {
        String ns = pod.getMetadata().getNamespace();
        for (Service s : informers.list(Service.class, ns)) {
            Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
            if (PodEndpoints.selects(selector, pod.getMetadata().getLabels())
                    || old != null && PodEndpoints.selects(selector, old.getMetadata().getLabels())) {
                queue.add(ns + "/" + s.getMetadata().getName());
            }
        }
    }

    /** The slices this controller owns for a service, from the informer. */
    static List<EndpointSlice> owned(SharedInformers informers, String ns, String service,
            String controller) {
        List<EndpointSlice> owned = new ArrayList<>();
        for (EndpointSlice s : informers.list(EndpointSlice.class, ns)) {
            Map<String, String> l = s.getMetadata().getLabels();
            if (l != null && service.equals(l.get(SERVICE_NAME))
                    && controller.equals(l.get(MANAGED_BY))) {
                owned.add(s);
            }
        }
        return owned;
    }

    void sync(String key) {
        String ns = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        Service service = informers.get(Service.class, ns, name);
        List<EndpointSlice> existing = owned(informers, ns, name, CONTROLLER_NAME);
        if (!writer.caughtUp(key, existing)) {
            queue.addAfter(key, STALE_RETRY);
            return;
        }
        if (service == null) {
            writer.write(key, ns, new SlicePlan(List.of(), List.of(), existing));
            writer.forget(key);
            return;
        }
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return;
        }
        Map<String, SlicePlan.Wanted> wanted = new TreeMap<>();
        for (Pod pod : informers.list(Pod.class, ns)) {
            if (!PodEndpoints.selects(selector, pod.getMetadata().getLabels()) || !inSlices(pod)) {
                continue;
            }
            List<EndpointPort> ports = ports(pod, service);
            wanted.computeIfAbsent(SlicePlan.portsKey(ports),
                    k -> new SlicePlan.Wanted(ports, new LinkedHashMap<>()))
                    .endpoints().put(endpointKey(pod), endpoint(pod, service));
        }
        SlicePlan plan = SlicePlan.of(wanted, existing, template(service), MAX_ENDPOINTS_PER_SLICE,
                EndpointSliceController::endpointKey);
        try {
            writer.write(key, ns, plan);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 && e.getMessage() != null
                    && e.getMessage().contains("being terminated")) {
                return;
            }
            throw e;
        }
    }

    private EndpointSlice template(Service service) {
        Map<String, String> labels = new LinkedHashMap<>(service.getMetadata().getLabels() == null
                ? Map.of() : service.getMetadata().getLabels());
        labels.put(SERVICE_NAME, service.getMetadata().getName());
        labels.put(MANAGED_BY, CONTROLLER_NAME);
        if ("None".equals(service.getSpec().getClusterIP())) {
            labels.put(HEADLESS, "");
        } else {
            labels.remove(HEADLESS);
        }
        return new EndpointSliceBuilder().withNewMetadata()
                .withGenerateName(service.getMetadata().getName() + "-")
                .withNamespace(service.getMetadata().getNamespace()).withLabels(labels)
                .addToAnnotations(TRIGGER_TIME, clock.instant().toString())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1")
                        .withKind("Service").withName(service.getMetadata().getName())
                        .withUid(service.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata().withAddressType("IPv4").build();
    }

    static String endpointKey(Endpoint ep) {
        return ep.getTargetRef() == null ? String.valueOf(ep.getAddresses())
                : ep.getTargetRef().getUid() + "/" + ep.getTargetRef().getName();
    }

    private static String endpointKey(Pod pod) {
        return pod.getMetadata().getUid() + "/" + pod.getMetadata().getName();
    }

    /** Upstream's ShouldPodBeInEndpoints with terminating pods included. */
    private static boolean inSlices(Pod pod) {
        String phase = pod.getStatus() == null ? "" : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !PodEndpoints.ip(pod).isEmpty();
    }

    private Endpoint endpoint(Pod pod, Service service) {
        boolean serving = PodStates.ready(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean readyCondition = Boolean.TRUE.equals(service.getSpec()
                .getPublishNotReadyAddresses()) || serving && !terminating;
        String node = pod.getSpec().getNodeName();
        String zone = null;
        if (node != null && !node.isEmpty()) {
            Node n = informers.get(Node.class, null, node);
            if (n != null && n.getMetadata().getLabels() != null) {
                zone = n.getMetadata().getLabels().get(ZONE);
            }
        } else {
            node = null;
        }
        String hostname = pod.getSpec().getHostname();
        boolean named = hostname != null && !hostname.isEmpty()
                && service.getMetadata().getName().equals(pod.getSpec().getSubdomain());
        return new EndpointBuilder().withAddresses(PodEndpoints.ip(pod))
                .withNewConditions().withReady(readyCondition).withServing(serving)
                .withTerminating(terminating).endConditions()
                .withHostname(named ? hostname : null).withNodeName(node).withZone(zone)
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid()).build())
                .build();
    }

    /** The service's ports as this pod serves them; a named port the pod lacks is left out. */
    private static List<EndpointPort> ports(Pod pod, Service service) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort sp : service.getSpec().getPorts()) {
            Integer target = targetPort(pod, sp);
            if (target != null) {
                ports.add(new EndpointPortBuilder().withName(Objects.toString(sp.getName(), ""))
                        .withPort(target).withProtocol(sp.getProtocol() == null ? "TCP"
                                : sp.getProtocol())
                        .withAppProtocol(sp.getAppProtocol()).build());
            }
        }
        return ports;
    }

    static Integer targetPort(Pod pod, ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target == null || target.getIntVal() == null && target.getStrVal() == null) {
            return port.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of()
                    : c.getPorts()) {
                if (target.getStrVal().equals(p.getName()) && protocol.equals(
                        p.getProtocol() == null ? "TCP" : p.getProtocol())) {
                    return p.getContainerPort();
                }
            }
        }
        return null;
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
