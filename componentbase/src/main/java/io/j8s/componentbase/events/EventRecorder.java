package io.j8s.componentbase.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records Events about objects through the API, off the caller's path, as upstream's
 * EventRecorder: source component (and host, for a node's kubelet), the involved object's
 * reference, reason and message. The same event again within ten minutes raises the count of the
 * first one instead of making a new object. Best effort: a failed write is logged, never thrown.
 *
 * <pre>{@code
 * EventRecorder events = EventRecorder.start(client, "deployment-controller", null, Clock.systemUTC());
 * events.normal(deployment, "ScalingReplicaSet", "Scaled up replica set web-6d4 to 3");
 * }</pre>
 */
public final class EventRecorder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());
    private static final Duration AGGREGATE_WINDOW = Duration.ofMinutes(10);
    private static final int MAX_REMEMBERED = 4096;

    private record Seen(String name, String namespace, int count, Instant last) {}

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private EventRecorder(KubernetesClient client, String component, String host, Clock clock,
            ExecutorService executor, boolean ownsExecutor) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
    }

    /** A recorder with one writer thread of its own; {@code host} may be null. */
    public static EventRecorder start(KubernetesClient client, String component, String host,
            Clock clock) {
        return new EventRecorder(client, component, host, clock, Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name(component + "-events").factory()), true);
    }

    /** A recorder that writes on {@code executor}, which the caller owns. */
    public static EventRecorder on(KubernetesClient client, String component, String host,
            Clock clock, ExecutorService executor) {
        return new EventRecorder(client, component, host, clock, executor, false);
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, null, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, null, "Warning", reason, message);
    }

    /**
     * Records an event; {@code fieldPath} (e.g. {@code spec.containers{web}}) may be null,
     * {@code type} is Normal or Warning.
     */
    public void record(HasMetadata object, String fieldPath, String type, String reason,
            String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String key = object.getMetadata().getUid() + "|" + fieldPath + "|" + reason + "|" + message;
        try {
            executor.execute(() -> post(object, fieldPath, type, reason, message, key, now));
        } catch (RejectedExecutionException e) {
            // closing: events are best effort
        }
    }

    private void post(HasMetadata object, String fieldPath, String type, String reason,
            String message, String key, Instant now) {
        String namespace = object.getMetadata().getNamespace() == null
                || object.getMetadata().getNamespace().isEmpty() ? "default"
                : object.getMetadata().getNamespace();
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
            String name = object.getMetadata().getName() + "." + Long.toHexString(
                    System.currentTimeMillis() * 1_000_000 + sequence.incrementAndGet() % 1_000_000);
            Event event = new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewInvolvedObject().withApiVersion(object.getApiVersion() != null
                            ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass()))
                    .withKind(object.getKind() != null ? object.getKind()
                            : HasMetadata.getKind(object.getClass()))
                    .withNamespace(object.getMetadata().getNamespace())
                    .withName(object.getMetadata().getName()).withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .withFieldPath(fieldPath == null || fieldPath.isEmpty() ? null : fieldPath)
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString())
                    .withCount(1)
                    .withReportingComponent(component).withReportingInstance(host)
                    .build();
            client.v1().events().inNamespace(namespace).resource(event).create();
            if (seen.size() >= MAX_REMEMBERED) {
                seen.clear();
            }
            seen.put(key, new Seen(name, namespace, 1, now));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "event " + reason + " of " + object.getKind() + " "
                    + object.getMetadata().getName() + " not recorded: " + e.getMessage());
        }
    }

    /** Forgets the events of an object that is gone. */
    public void forget(String uid) {
        seen.keySet().removeIf(k -> k.startsWith(uid + "|"));
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdown();
        }
    }
}
