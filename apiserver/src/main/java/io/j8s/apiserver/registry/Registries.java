package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.AdmissionPlugins;
import io.j8s.apiserver.podsecurity.PodSecurityConfiguration;
import io.j8s.store.KeyValue;
import io.j8s.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** A {@link Registry} for every resource of the catalogue, sharing one store and admission. */
public final class Registries {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.registry");
    private static final Duration REPAIR_INTERVAL = Duration.ofMinutes(3);

    private final ResourceCatalogue catalogue;
    /** Copied on every change, so readers never see one half made. */
    private volatile Map<ResourceType, Registry> byType = new LinkedHashMap<>();
    private final Store store;
    private final Clock clock;
    private volatile boolean cachesStarted;
    private final Registry namespaces;

    private final ServiceAllocator services;
    private final AdmissionChain admission;
    private Thread repairs;
    private volatile boolean mountsServiceAccountTokens;

    public Registries(ResourceCatalogue catalogue, Store store, Clock clock) {
        this(catalogue, store, clock, new ServiceAllocator("10.43.0.0/16", "30000-32767"));
    }

    public Registries(ResourceCatalogue catalogue, Store store, Clock clock,
            ServiceAllocator services) {
        this(catalogue, store, clock, services, AdmissionPlugins.SERVED);
    }

    /** @param admissionPlugins the admission plugins that run ({@link AdmissionPlugins#resolve}) */
    public Registries(ResourceCatalogue catalogue, Store store, Clock clock,
            ServiceAllocator services, List<String> admissionPlugins) {
        this(catalogue, store, clock, services, admissionPlugins,
                PodSecurityConfiguration.DEFAULT);
    }

    /** @param podSecurity the defaults and exemptions of the PodSecurity admission plugin */
    public Registries(ResourceCatalogue catalogue, Store store, Clock clock,
            ServiceAllocator services, List<String> admissionPlugins,
            PodSecurityConfiguration podSecurity) {
        this.catalogue = catalogue;
        this.store = store;
        this.clock = clock;
        this.services = services.on(store);
        this.admission = new AdmissionChain(this, admissionPlugins, podSecurity);
        Map<String, ResourceType> storageVersions = new LinkedHashMap<>();
        for (ResourceType t : catalogue.all()) {
            if (!t.stored()) {
                continue; // the reviews: answered by the HTTP layer, never stored
            }
            // one storage version per stored resource: the first the catalogue lists
            ResourceType storage = storageVersions.computeIfAbsent(t.storagePrefix(), p -> t);
            byType.put(t, new Registry(t, storage, store, Strategies.forType(t, this.services, clock),
                    clock, admission));
        }
        Registry svc = byType.get(catalogue.find("", "v1", "services").orElseThrow());
        List<String> clusterIps = new ArrayList<>();
        List<Integer> nodePorts = new ArrayList<>();
        for (KeyValue kv : Registry.call(() -> store.list(svc.type().prefix(null))).items()) {
            ServiceStrategy.held(svc.decode(kv), clusterIps, nodePorts);
        }
        this.services.restore(clusterIps, nodePorts);
        this.namespaces = byType.get(catalogue.find("", "v1", "namespaces").orElseThrow());
    }

    /**
     * Tells admission that the server issues service account tokens, so that new pods get the
     * {@code kube-api-access-*} volume (the ServiceAccount plugin); off by default.
     */
    public void mountServiceAccountTokens(boolean mount) {
        this.mountsServiceAccountTokens = mount;
    }

    boolean mountsServiceAccountTokens() {
        return mountsServiceAccountTokens;
    }

    /** Adds a check of every create and update made by a user ({@link WriteCheck}). */
    public void addWriteCheck(WriteCheck check) {
        admission.add(check);
    }

    public ResourceCatalogue catalogue() {
        return catalogue;
    }

    /** What admission, webhooks and the aggregator may read of the stored objects. */
    public io.j8s.apiserver.admission.ClusterObjects clusterObjects() {
        return new RegistryObjects(this);
    }

    public Optional<Registry> find(String group, String version, String plural) {
        return catalogue.find(group, version, plural).map(byType::get);
    }

    /**
     * Serves {@code type} (stored at {@code storage}) with {@code strategy}: a custom resource's
     * version, or a built-in kind whose strategy lives outside this package (replacing the
     * generic one, before the watch caches start). The resource is not discoverable until it is
     * added to the {@link #catalogue()}; its watch cache starts here when the others run.
     */
    public synchronized Registry register(ResourceType type, ResourceType storage,
            Strategy strategy) {
        Registry r = new Registry(type, storage, store, strategy, clock, admission);
        Map<ResourceType, Registry> next = new LinkedHashMap<>(byType);
        Registry old = next.put(type, r);
        byType = next;
        if (old != null) {
            old.stopCache();
        }
        if (cachesStarted) {
            r.startCache();
        }
        return r;
    }

    /** Stops serving {@code type}: its watch cache stops and its watches end. */
    public synchronized void unregister(ResourceType type) {
        Map<ResourceType, Registry> next = new LinkedHashMap<>(byType);
        Registry old = next.remove(type);
        byType = next;
        if (old != null) {
            old.stopCache();
        }
    }

    Registry namespaces() {
        return namespaces;
    }

    Iterable<Registry> all() {
        return byType.values();
    }

    /** Starts a watch cache for every resource, so lists and watches are served from memory. */
    public void startWatchCaches() {
        cachesStarted = true;
        for (Registry r : byType.values()) {
            r.startCache();
        }
    }

    public void stopWatchCaches() {
        cachesStarted = false;
        for (Registry r : byType.values()) {
            r.stopCache();
        }
    }

    /**
     * Starts the repairs that upstream's controllers run, every 3 minutes: of the service pools
     * ({@link RangeRepair}) and of quotas' usage (the ResourceQuota plugin's).
     */
    public synchronized void startRepairs() {
        if (repairs != null) {
            return;
        }
        RangeRepair ranges = new RangeRepair(find("", "v1", "services").orElseThrow(), services);
        repairs = Thread.ofVirtual().name("apiserver-repairs").start(() -> {
            while (true) {
                try {
                    Thread.sleep(REPAIR_INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
                for (Runnable repair : List.<Runnable>of(ranges::repair, admission::repair)) {
                    try {
                        repair.run();
                    } catch (RuntimeException e) {
                        LOG.warning("repair failed, trying again in " + REPAIR_INTERVAL + ": "
                                + e.getMessage());
                    }
                }
            }
        });
    }

    public synchronized void stopRepairs() {
        if (repairs != null) {
            repairs.interrupt();
            repairs = null;
        }
    }

    /** Creates the namespaces every cluster has, when they are missing. */
    public void ensureSystemNamespaces() {
        for (String name : NamespaceLifecycle.SYSTEM) {
            if (namespaces.read(null, name).isEmpty()) {
                ObjectNode ns = Json.MAPPER.createObjectNode();
                ns.putObject("metadata").put("name", name);
                try {
                    namespaces.create(null, ns, WriteOptions.DEFAULT);
                } catch (StatusException e) {
                    if (!"AlreadyExists".equals(e.reason())) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Creates the PriorityClasses every cluster has, as upstream's apiserver does at start:
     * system-node-critical and system-cluster-critical.
     */
    public void ensureSystemPriorityClasses() {
        Registry classes = find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow();
        createSystemPriorityClass(classes, "system-node-critical", 2000001000L,
                "Used for system critical pods that must not be moved from their current node.");
        createSystemPriorityClass(classes, "system-cluster-critical", 2000000000L,
                "Used for system critical pods that must run in the cluster, but can be moved"
                        + " to another node if necessary.");
    }

    /**
     * Creates upstream's mandatory flowcontrol objects: the exempt and catch-all priority levels
     * and flow schemas.
     */
    public void ensureMandatoryFlowControl() {
        FlowControlBootstrap.ensure(this);
    }

    private static void createSystemPriorityClass(Registry classes, String name, long value,
            String description) {
        if (classes.read(null, name).isEmpty()) {
            ObjectNode pc = Json.MAPPER.createObjectNode();
            pc.putObject("metadata").put("name", name);
            pc.put("value", value).put("description", description);
            createIgnoringExisting(classes, null, pc);
        }
    }

    /**
     * Creates the {@code kubernetes} service in {@code default} at the first address of the
     * service range, with endpoints pointing at this API server.
     */
    public void ensureKubernetesService(String address, int port) {
        Registry svc = find("", "v1", "services").orElseThrow();
        if (svc.read("default", "kubernetes").isEmpty()) {
            ObjectNode s = Json.MAPPER.createObjectNode();
            s.putObject("metadata").put("name", "kubernetes").putObject("labels")
                    .put("component", "apiserver").put("provider", "kubernetes");
            ObjectNode spec = s.putObject("spec");
            spec.put("clusterIP", services.ipAt(1));
            spec.putArray("ports").addObject().put("name", "https").put("port", 443)
                    .put("protocol", "TCP").put("targetPort", port);
            try {
                createIgnoringExisting(svc, "default", s);
            } catch (StatusException e) {
                if (svc.read("default", "kubernetes").isEmpty()) {
                    throw e;
                } // another API server on this store created it first and took its address
            }
        }
        Registry endpoints = find("", "v1", "endpoints").orElseThrow();
        ObjectNode ep = Json.MAPPER.createObjectNode();
        ep.putObject("metadata").put("name", "kubernetes").put("namespace", "default")
                .putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = ep.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", address);
        subset.putArray("ports").addObject().put("name", "https").put("port", port)
                .put("protocol", "TCP");
        if (endpoints.read("default", "kubernetes").isEmpty()) {
            createIgnoringExisting(endpoints, "default", ep);
        } else {
            endpoints.update("default", "kubernetes", ep, "", WriteOptions.DEFAULT);
        }
        // and its EndpointSlice, as upstream's endpoint reconciler keeps it: service proxies route
        // by slices, and the Endpoints above are not mirrored
        Registry slices = find("discovery.k8s.io", "v1", "endpointslices").orElseThrow();
        ObjectNode slice = Json.MAPPER.createObjectNode();
        slice.putObject("metadata").put("name", "kubernetes").put("namespace", "default")
                .putObject("labels").put("kubernetes.io/service-name", "kubernetes");
        slice.put("addressType", address.contains(":") ? "IPv6" : "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(address);
        endpoint.putObject("conditions").put("ready", true);
        slice.putArray("ports").addObject().put("name", "https").put("port", port)
                .put("protocol", "TCP");
        if (slices.read("default", "kubernetes").isEmpty()) {
            createIgnoringExisting(slices, "default", slice);
        } else {
            slices.update("default", "kubernetes", slice, "", WriteOptions.DEFAULT);
        }
    }

    static void createIgnoringExisting(Registry r, String ns, ObjectNode o) {
        try {
            r.create(ns, o, WriteOptions.DEFAULT);
        } catch (StatusException e) {
            if (!"AlreadyExists".equals(e.reason())) {
                throw e;
            }
        }
    }

    /**
     * Deletes an object; a namespace is marked Terminating for the namespace controller to empty
     * ({@link NamespaceDeletion}), and the system namespaces may not be deleted.
     */
    public ObjectNode delete(Registry registry, String namespace, String name,
            DeleteRequest request, WriteOptions options) {
        if (registry != namespaces) {
            return registry.delete(namespace, name, request, options);
        }
        if (NamespaceLifecycle.SYSTEM.contains(name)) {
            throw StatusException.forbidden("namespaces \"" + name + "\" is forbidden: this"
                    + " namespace may not be deleted");
        }
        return NamespaceDeletion.delete(namespaces, name, request, options);
    }
}
