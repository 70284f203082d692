package io.j8s.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Upstream's EndpointSlice mirroring controller: the Endpoints of a Service without a selector
 * (written by hand) are mirrored into EndpointSlices managed by
 * {@code endpointslicemirroring-controller.k8s.io}: addresses as ready endpoints,
 * notReadyAddresses as unready ones, at most 1000 per subset and 100 per slice, IPv4 only.
 * Endpoints labelled {@code endpointslice.kubernetes.io/skip-mirror: "true"} (those the endpoints
 * controller writes) and Services with a selector get no mirrored slices. Key: {@code ns/name}.
 */
public final class EndpointSliceMirroringController implements Controller {
    static final String CONTROLLER_NAME = "endpointslicemirroring-controller.k8s.io";
    static final String SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";
    static final int MAX_ENDPOINTS_PER_SUBSET = 1000;

    private final SharedInformers informers;
    private final SliceWriter writer;
    private final WorkQueue queue;

    public EndpointSliceMirroringController(ControllerContext ctx) {
        this.informers = ctx.informers();
        this.writer = new SliceWriter(ctx.client());
        this.queue = new WorkQueue("endpointslicemirroring", this::sync);
        informers.informer(Endpoints.class).addEventHandler(handler(
                e -> e.getMetadata().getNamespace() + "/" + e.getMetadata().getName()));
        informers.informer(Service.class).addEventHandler(handler(
                s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()));
        informers.informer(EndpointSlice.class).addEventHandler(handler(s -> {
            Map<String, String> l = s.getMetadata().getLabels();
            return l != null && CONTROLLER_NAME.equals(l.get(EndpointSliceController.MANAGED_BY))
                    && l.get(EndpointSliceController.SERVICE_NAME) != null
                    ? s.getMetadata().getNamespace() + "/"
                            + l.get(EndpointSliceController.SERVICE_NAME) : null;
        }));
    }

    private <T> ResourceEventHandler<T> handler(java.util.function.Function<T, String> key) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                String k = key.apply(o);
                if (k != null) {
                    queue.add(k);
                }
            }

            @Override
            public void onUpdate(T old, T o) {
                onAdd(o);
            }

            @Override
            public void onDelete(T o, boolean unknown) {
                onAdd(o);
            }
        };
    }

    void sync(String key) {
        String ns = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        List<EndpointSlice> existing = EndpointSliceController.owned(informers, ns, name,
                CONTROLLER_NAME);
        if (!writer.caughtUp(key, existing)) {
            queue.addAfter(key, EndpointSliceController.STALE_RETRY);
            return;
        }
        Service service = informers.get(Service.class, ns, name);
        Endpoints endpoints = informers.get(Endpoints.class, ns, name);
        boolean mirror = service != null && endpoints != null
                && (service.getSpec().getSelector() == null
                        || service.getSpec().getSelector().isEmpty())
                && (endpoints.getMetadata().getLabels() == null || !"true".equals(
                        endpoints.getMetadata().getLabels().get(SKIP_MIRROR)));
        Map<String, SlicePlan.Wanted> wanted = new TreeMap<>();
        if (mirror) {
            for (EndpointSubset subset : endpoints.getSubsets()) {
                List<EndpointPort> ports = new ArrayList<>();
                for (var p : subset.getPorts()) {
                    ports.add(new EndpointPortBuilder().withName(Objects.toString(p.getName(), ""))
                            .withPort(p.getPort()).withProtocol(p.getProtocol() == null ? "TCP"
                                    : p.getProtocol()).withAppProtocol(p.getAppProtocol()).build());
                }
                SlicePlan.Wanted w = wanted.computeIfAbsent(SlicePlan.portsKey(ports),
                        k -> new SlicePlan.Wanted(ports, new LinkedHashMap<>()));
                int taken = 0;
                for (boolean ready : List.of(true, false)) {
                    for (EndpointAddress a : ready ? subset.getAddresses()
                            : subset.getNotReadyAddresses()) {
                        if (taken >= MAX_ENDPOINTS_PER_SUBSET || a.getIp() == null
                                || a.getIp().contains(":")) {
                            continue;
                        }
                        taken++;
                        w.endpoints().put(a.getIp(), endpoint(a, ready));
                    }
                }
            }
            wanted.values().removeIf(w -> w.endpoints().isEmpty());
        }
        SlicePlan plan = !mirror || wanted.isEmpty()
                ? new SlicePlan(List.of(), List.of(), existing)
                : SlicePlan.of(wanted, existing, template(service, endpoints),
                        EndpointSliceController.MAX_ENDPOINTS_PER_SLICE,
                        ep -> ep.getAddresses().getFirst());
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

    private static Endpoint endpoint(EndpointAddress a, boolean ready) {
        return new EndpointBuilder().withAddresses(a.getIp()).withNewConditions()
                .withReady(ready).withServing(ready).withTerminating(false).endConditions()
                .withHostname(a.getHostname() == null || a.getHostname().isEmpty() ? null
                        : a.getHostname())
                .withNodeName(a.getNodeName() == null || a.getNodeName().isEmpty() ? null
                        : a.getNodeName())
                .withTargetRef(a.getTargetRef()).build();
    }

    private static EndpointSlice template(Service service, Endpoints endpoints) {
        Map<String, String> labels = new LinkedHashMap<>(endpoints.getMetadata().getLabels()
                == null ? Map.of() : endpoints.getMetadata().getLabels());
        labels.remove(SKIP_MIRROR);
        labels.put(EndpointSliceController.SERVICE_NAME, service.getMetadata().getName());
        labels.put(EndpointSliceController.MANAGED_BY, CONTROLLER_NAME);
        return new EndpointSliceBuilder().withNewMetadata()
                .withGenerateName(service.getMetadata().getName() + "-")
                .withNamespace(service.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1")
                        .withKind("Service").withName(service.getMetadata().getName())
                        .withUid(service.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata().withAddressType("IPv4").build();
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
