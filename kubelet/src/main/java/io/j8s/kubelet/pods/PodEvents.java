package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records pod events through the API (core/v1 Events, source component {@code kubelet} and the
 * node as host), off the worker's path. The same event again within ten minutes raises the count
 * of the first one, as upstream's correlator does, instead of making a new object.
 */
final class PodEvents {
    private static final Logger LOG = Logger.getLogger(PodEvents.class.getName());
    private static final Duration AGGREGATE_WINDOW = Duration.ofMinutes(10);

    private record Seen(String name, String namespace, int count, Instant last) {}

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    PodEvents(KubernetesClient client, String nodeName, Clock clock, ExecutorService executor) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
        this.executor = executor;
    }

    void normal(Pod pod, String fieldPath, String reason, String message) {
        record(pod, fieldPath, "Normal", reason, message);
    }

    void warning(Pod pod, String fieldPath, String reason, String message) {
        record(pod, fieldPath, "Warning", reason, message);
    }

    void record(Pod pod, String fieldPath, String type, String reason, String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String key = pod.getMetadata().getUid() + "|" + fieldPath + "|" + reason + "|" + message;
        try {
            executor.execute(() -> post(pod, fieldPath, type, reason, message, key, now));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: events are best effort
        }
    }

    private void post(Pod pod, String fieldPath, String type, String reason, String message,
            String key, Instant now) {
        try {
            Seen before = seen.get(key);
            if (before != null && Duration.between(before.last(), now).compareTo(AGGREGATE_WINDOW) < 0) {
                int count = before.count() + 1;
                // resource(...), not withName: fabric8 GETs an object it has only the name of
                // before it patches it.
                Event target = new EventBuilder().withNewMetadata().withName(before.name())
                        .withNamespace(before.namespace()).endMetadata().build();
                client.v1().events().inNamespace(before.namespace()).resource(target)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"count\":" + count
                                + ",\"lastTimestamp\":\"" + now + "\"}");
                seen.put(key, new Seen(before.name(), before.namespace(), count, now));
                return;
            }
            // upstream names an event NAME.<unix nanos in hex>; the sequence keeps them unique
            String name = pod.getMetadata().getName() + "." + Long.toHexString(
                    System.currentTimeMillis() * 1_000_000 + sequence.incrementAndGet() % 1_000_000);
            Event event = new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(pod.getMetadata().getNamespace())
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Pod")
                    .withNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                    .withResourceVersion(pod.getMetadata().getResourceVersion())
                    .withFieldPath(fieldPath == null || fieldPath.isEmpty() ? null : fieldPath)
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString())
                    .withCount(1)
                    .withReportingComponent("kubelet").withReportingInstance(nodeName)
                    .build();
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(event)
                    .create();
            seen.put(key, new Seen(name, pod.getMetadata().getNamespace(), 1, now));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "event " + reason + " of pod " + PodSpecs.key(pod)
                    + " not recorded: " + e.getMessage());
        }
    }

    /** Forgets the events of a pod that is gone. */
    void forget(String podUid) {
        seen.keySet().removeIf(k -> k.startsWith(podUid + "|"));
    }

    static String fieldPath(Pod pod, String container) {
        boolean init = PodSpecs.initContainers(pod).stream()
                .anyMatch(c -> c.getName().equals(container));
        return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }
}
