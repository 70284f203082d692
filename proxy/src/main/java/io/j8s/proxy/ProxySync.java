package io.j8s.proxy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The proxy's loop: informer events mark a Service dirty; one thread turns the dirty Services
 * into fragments and writes only what changed, as one batch; a full sync at the start, after a
 * failed write and every resync period rewrites everything.
 */
final class ProxySync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.proxy");
    private static final String BY_SERVICE = "service";

    private final SharedInformers informers;
    private final String nodeName;
    private final RuleWriter writer;
    private final Function<ServicePort, Fragment> rules;
    private final Consumer<ServiceProxy.Sync> listener;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "service-proxy-sync");
        t.setDaemon(true);
        return t;
    });
    /** Service key (namespace/name) to the nanoTime of its first event not yet written. */
    private final Map<String, Long> dirty = new LinkedHashMap<>();
    private final Map<String, List<Fragment>> fragments = new HashMap<>();
    private boolean queued;
    /** Whether a full sync succeeded: until then there is no table to change. */
    private boolean synced;

    ProxySync(SharedInformers informers, String nodeName, RuleWriter writer,
            Function<ServicePort, Fragment> rules, Consumer<ServiceProxy.Sync> listener) {
        this.informers = informers;
        this.nodeName = nodeName;
        this.writer = writer;
        this.rules = rules;
        this.listener = listener;
    }

    void start(Duration resync) {
        SharedIndexInformer<Service> services = informers.informer(Service.class);
        SharedIndexInformer<EndpointSlice> slices = informers.informer(EndpointSlice.class);
        slices.addIndexers(Map.of(BY_SERVICE, s -> List.of(serviceOf(s))));
        services.addEventHandler(EventHandlers.each(s -> dirty(key(s))));
        slices.addEventHandler(EventHandlers.each(s -> dirty(serviceOf(s))));
        informers.start(Duration.ofMinutes(2));
        thread.execute(this::full);
        thread.scheduleWithFixedDelay(this::full, resync.toMillis(), resync.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static String serviceOf(EndpointSlice s) {
        Map<String, String> labels = s.getMetadata().getLabels();
        String name = labels == null ? null : labels.get(ServicePorts.SERVICE_NAME_LABEL);
        return s.getMetadata().getNamespace() + "/" + (name == null ? "" : name);
    }

    private synchronized void dirty(String key) {
        dirty.putIfAbsent(key, System.nanoTime());
        if (!queued) {
            queued = true;
            thread.execute(this::partial);
        }
    }

    private synchronized Map<String, Long> takeDirty() {
        Map<String, Long> taken = new LinkedHashMap<>(dirty);
        dirty.clear();
        queued = false;
        return taken;
    }

    private List<Fragment> build(String key) {
        int slash = key.indexOf('/');
        Service service = informers.get(Service.class, key.substring(0, slash),
                key.substring(slash + 1));
        if (service == null) {
            return List.of();
        }
        List<EndpointSlice> slices = informers.informer(EndpointSlice.class).getIndexer()
                .byIndex(BY_SERVICE, key);
        return ServicePorts.of(service, slices, nodeName).stream().map(rules).toList();
    }

    private void partial() {
        Map<String, Long> keys = takeDirty();
        if (keys.isEmpty() || !synced) {
            return;
        }
        long start = System.nanoTime();
        List<Fragment> removed = new ArrayList<>();
        List<Fragment> added = new ArrayList<>();
        for (String key : keys.keySet()) {
            List<Fragment> now = build(key);
            List<Fragment> before = now.isEmpty() ? fragments.remove(key) : fragments.put(key, now);
            if (before != null) {
                removed.addAll(before);
            }
            added.addAll(now);
        }
        Fragment.Delta delta = Fragment.delta(removed, added);
        long built = System.nanoTime();
        try {
            writer.delta(all(), delta);
        } catch (RuntimeException e) {
            LOG.warning("service proxy: writing " + keys.size() + " changed Services failed, a full"
                    + " sync follows: " + e.getMessage());
            full();
            return;
        }
        long oldest = keys.values().stream().mapToLong(Long::longValue).min().orElse(start);
        report(new ServiceProxy.Sync(false, keys.size(), Duration.ofNanos(built - start),
                Duration.ofNanos(System.nanoTime() - built), Duration.ofNanos(System.nanoTime() - oldest)));
    }

    private void full() {
        takeDirty();
        long start = System.nanoTime();
        try {
            fragments.clear();
            for (Service s : informers.list(Service.class)) {
                List<Fragment> f = build(key(s));
                if (!f.isEmpty()) {
                    fragments.put(key(s), f);
                }
            }
            long built = System.nanoTime();
            writer.full(all());
            synced = true;
            LOG.fine(() -> "service proxy: full sync of " + fragments.size() + " Services in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            report(new ServiceProxy.Sync(true, fragments.size(), Duration.ofNanos(built - start),
                    Duration.ofNanos(System.nanoTime() - built), Duration.ofNanos(System.nanoTime() - start)));
        } catch (RuntimeException e) {
            LOG.warning("service proxy: full sync failed, retrying in 5 s: " + e.getMessage());
            thread.schedule(this::full, 5, TimeUnit.SECONDS);
        }
    }

    private void report(ServiceProxy.Sync sync) {
        if (listener != null) {
            listener.accept(sync);
        }
    }

    private Collection<Fragment> all() {
        List<Fragment> all = new ArrayList<>();
        fragments.values().forEach(all::addAll);
        return all;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
