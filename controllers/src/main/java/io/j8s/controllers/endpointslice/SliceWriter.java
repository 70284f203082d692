package io.j8s.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SlicePlan} and remembers what it wrote per service, so a sync that runs before
 * the informer has seen those writes waits instead of acting on stale slices (upstream's
 * EndpointSliceTracker): no slice is created twice under watch lag.
 */
final class SliceWriter {
    private static final long DELETED = -1;

    private final KubernetesClient client;
    /** Per service key: slice name to the resourceVersion written, or DELETED. */
    private final Map<String, Map<String, Long>> expected = new HashMap<>();

    SliceWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Whether the informer's slices show every write made for the service. */
    synchronized boolean caughtUp(String serviceKey, List<EndpointSlice> informed) {
        Map<String, Long> want = expected.get(serviceKey);
        if (want == null) {
            return true;
        }
        Map<String, Long> seen = new HashMap<>();
        for (EndpointSlice s : informed) {
            seen.put(s.getMetadata().getName(), rv(s));
        }
        for (Map.Entry<String, Long> e : want.entrySet()) {
            Long have = seen.get(e.getKey());
            if (e.getValue() == DELETED ? have != null : have == null || have < e.getValue()) {
                return false;
            }
        }
        expected.remove(serviceKey);
        return true;
    }

    synchronized void forget(String serviceKey) {
        expected.remove(serviceKey);
    }

    void write(String serviceKey, String namespace, SlicePlan plan) {
        for (EndpointSlice s : plan.delete()) {
            try {
                client.discovery().v1().endpointSlices().inNamespace(namespace)
                        .withName(s.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            remember(serviceKey, s.getMetadata().getName(), DELETED);
        }
        for (EndpointSlice s : plan.update()) {
            EndpointSlice written = client.discovery().v1().endpointSlices().inNamespace(namespace)
                    .resource(s).update();
            remember(serviceKey, written.getMetadata().getName(), rv(written));
        }
        for (EndpointSlice s : plan.create()) {
            EndpointSlice written = client.discovery().v1().endpointSlices().inNamespace(namespace)
                    .resource(s).create();
            remember(serviceKey, written.getMetadata().getName(), rv(written));
        }
    }

    private synchronized void remember(String serviceKey, String name, long rv) {
        expected.computeIfAbsent(serviceKey, k -> new HashMap<>()).put(name, rv);
    }

    private static long rv(EndpointSlice s) {
        try {
            return Long.parseLong(s.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
