package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.api.selectors.FieldSelector;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.apiserver.registry.DeleteRequest;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.ListResult;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WatchSink;
import io.j8s.apiserver.registry.WriteOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controllers of upstream's apiextensions-apiserver in one: it watches the definitions and,
 * for each, accepts its names ({@code NamesAccepted}, {@code status.acceptedNames}), records its
 * storage version ({@code status.storedVersions}), establishes it ({@code Established}) and
 * serves its versions ({@link CustomResourceServing}); a definition being deleted is
 * {@code Terminating} while its custom resources are deleted, then loses its finalizer.
 */
final class CrdController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.crd");
    private static final WriteOptions WRITE = new WriteOptions(false,
            "kube-apiserver", false);

    private final Registries registries;
    private final Registry crds;
    private final CustomResourceServing serving;
    private final ApiServiceRegistration apiServices;
    private final Clock clock;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile AutoCloseable watch;
    private Thread worker;

    CrdController(Registries registries, Registry crds, CustomResourceServing serving,
            ApiServiceRegistration apiServices, Clock clock) {
        this.registries = registries;
        this.crds = crds;
        this.serving = serving;
        this.apiServices = apiServices;
        this.clock = clock;
    }

    /**
     * Serves the definitions in the store before it returns (so a restarted server answers for
     * their resources from its first request), then follows changes.
     */
    void start() {
        String rv = listAndQueue();
        for (String name; (name = queue.poll()) != null; ) {
            queued.remove(name);
            try {
                if (reconcile(name)) {
                    enqueue(name);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "CustomResourceDefinition " + name + ": " + e, e);
                enqueue(name);
            }
        }
        startWatch(rv);
        worker = Thread.ofVirtual().name("crd-controller").start(this::work);
    }

    private String listAndQueue() {
        ListResult all = crds.list(null, ListOptions.all());
        Set<String> present = ConcurrentHashMap.newKeySet();
        for (ObjectNode o : all.items()) {
            String name = o.path("metadata").path("name").asText();
            present.add(name);
            enqueue(name);
        }
        serving.names().stream().filter(n -> !present.contains(n)).forEach(this::enqueue);
        return all.resourceVersion();
    }

    private void startWatch(String resourceVersion) {
        ListOptions options = new ListOptions(LabelSelector.parse(""), FieldSelector.parse(""),
                resourceVersion, "", 0, "", false, 0);
        watch = crds.watch(null, options, new WatchSink() {
            @Override
            public void send(String type, ObjectNode object) {
                if (!type.equals("BOOKMARK") && !type.equals("ERROR")) {
                    enqueue(object.path("metadata").path("name").asText());
                }
            }

            @Override
            public void end() {
                if (!closed) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            startWatch(listAndQueue());
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "cannot watch CustomResourceDefinitions", e);
                        }
                    });
                }
            }
        });
    }

    void enqueue(String name) {
        if (queued.add(name)) {
            queue.add(name);
        }
    }

    private void enqueueLater(String name) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
                enqueue(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void work() {
        while (!closed) {
            String name;
            try {
                name = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (name == null) {
                continue;
            }
            queued.remove(name);
            try {
                if (reconcile(name)) {
                    enqueueLater(name);
                }
            } catch (StatusException e) {
                enqueueLater(name);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "CustomResourceDefinition " + name + ": " + e, e);
                enqueueLater(name);
            }
        }
    }

    /** Brings one definition's status and serving up to date; true to look again soon. */
    private boolean reconcile(String name) {
        ObjectNode current;
        try {
            current = crds.get(null, name);
        } catch (StatusException e) {
            if (!"NotFound".equals(e.reason())) {
                throw e;
            }
            serving.unserve(name);
            apiServices.sync(serving.groupVersions());
            return false;
        }
        CustomResourceDefinition crd = CrdStrategy.typed(current);
        boolean deleting = crd.getMetadata().getDeletionTimestamp() != null;
        List<CustomResourceDefinition> all = new ArrayList<>();
        for (ObjectNode o : crds.list(null, ListOptions.all()).items()) {
            all.add(CrdStrategy.typed(o));
        }
        NameAcceptance names = NameAcceptance.of(crd, all, registries.catalogue().fixed());
        ObjectNode status = current.has("status") && current.get("status").isObject()
                ? (ObjectNode) current.get("status").deepCopy() : Json.MAPPER.createObjectNode();
        boolean wasEstablished = isTrue(status, "Established");
        if (names.accepted()) {
            status.set("acceptedNames", Json.MAPPER.valueToTree(acceptedNames(crd)));
        } else if (!status.has("acceptedNames")) {
            status.putObject("acceptedNames").put("kind", "").put("plural", "");
        }
        condition(status, "NamesAccepted", names.accepted(), names.reason(), names.message());
        if (names.accepted() || wasEstablished) {
            condition(status, "Established", true, "InitialNamesAccepted",
                    "the initial names have been accepted");
        } else {
            condition(status, "Established", false, "NotAccepted", "not all names are accepted");
        }
        String storage = ServedVersion.storageVersion(crd);
        ArrayNode stored = status.withArray("storedVersions");
        boolean has = false;
        for (JsonNode v : stored) {
            has |= v.asText().equals(storage);
        }
        if (!has && !storage.isEmpty()) {
            stored.add(storage);
        }
        boolean cleaned = false;
        if (deleting) {
            cleaned = deleteInstances(crd);
            condition(status, "Terminating", true,
                    cleaned ? "InstanceDeletionCompleted" : "InstanceDeletionInProgress",
                    cleaned ? "removed all instances" : "CustomResource deletion is in progress");
        }
        boolean established = isTrue(status, "Established");
        CustomResourceDefinitionNames accepted = status.has("acceptedNames")
                && !status.path("acceptedNames").path("plural").asText("").isEmpty()
                ? Json.convert(status.get("acceptedNames"), CustomResourceDefinitionNames.class)
                : null;
        if (established && accepted != null) {
            serving.serve(crd, accepted, deleting);
        }
        apiServices.sync(serving.groupVersions());
        if (!status.equals(current.get("status"))) {
            ObjectNode next = current.deepCopy();
            next.set("status", status);
            crds.update(null, name, next, "status", WRITE);
            return deleting;
        }
        if (deleting && cleaned) {
            ObjectNode next = current.deepCopy();
            ArrayNode left = Json.MAPPER.createArrayNode();
            for (JsonNode f : next.path("metadata").path("finalizers")) {
                if (!f.asText().equals(ServedVersion.FINALIZER)) {
                    left.add(f);
                }
            }
            ((ObjectNode) next.get("metadata")).set("finalizers", left);
            crds.update(null, name, next, "", WRITE);
            return false;
        }
        return deleting;
    }

    /** Deletes every custom resource of {@code crd}; true when none is left. */
    private boolean deleteInstances(CustomResourceDefinition crd) {
        Registry storage = serving.storageRegistry(crd.getMetadata().getName());
        if (storage == null) {
            return true;
        }
        ListResult left = storage.list(null, ListOptions.all());
        for (ObjectNode o : left.items()) {
            JsonNode meta = o.path("metadata");
            try {
                registries.delete(storage, meta.path("namespace").asText(null),
                        meta.path("name").asText(), new DeleteRequest(null, "", "", ""),
                        WRITE);
            } catch (StatusException e) {
                if (!"NotFound".equals(e.reason())) {
                    LOG.fine("cannot delete " + meta.path("name").asText() + ": " + e);
                }
            }
        }
        return storage.list(null, ListOptions.all()).items().isEmpty();
    }

    private static CustomResourceDefinitionNames acceptedNames(CustomResourceDefinition crd) {
        CustomResourceDefinitionNames n = crd.getSpec().getNames();
        CustomResourceDefinitionNames out = new CustomResourceDefinitionNames();
        out.setKind(n.getKind());
        out.setPlural(n.getPlural());
        out.setSingular(n.getSingular() == null || n.getSingular().isEmpty()
                ? n.getKind().toLowerCase(java.util.Locale.ROOT) : n.getSingular());
        out.setListKind(n.getListKind() == null || n.getListKind().isEmpty()
                ? n.getKind() + "List" : n.getListKind());
        out.setShortNames(n.getShortNames() == null || n.getShortNames().isEmpty() ? null
                : n.getShortNames());
        out.setCategories(n.getCategories() == null || n.getCategories().isEmpty() ? null
                : n.getCategories());
        return out;
    }

    private static boolean isTrue(ObjectNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    /** Sets a condition; its lastTransitionTime moves only when its status changes. */
    private void condition(ObjectNode status, String type, boolean value, String reason,
            String message) {
        ArrayNode conditions = status.withArray("conditions");
        String text = value ? "True" : "False";
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals(type)) {
                ObjectNode o = (ObjectNode) c;
                if (!o.path("status").asText().equals(text)) {
                    o.put("lastTransitionTime", now());
                }
                o.put("status", text).put("reason", reason).put("message", message);
                return;
            }
        }
        conditions.addObject().put("type", type).put("status", text)
                .put("lastTransitionTime", now()).put("reason", reason).put("message", message);
    }

    private String now() {
        Instant t = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return t.toString();
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (Exception e) {
            LOG.fine("closing the watch: " + e);
        }
        if (worker != null) {
            worker.interrupt();
        }
    }
}
