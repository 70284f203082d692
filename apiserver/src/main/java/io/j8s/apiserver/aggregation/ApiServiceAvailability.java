package io.j8s.apiserver.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WriteOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Upstream's APIServiceAvailabilityController: every few seconds each APIService gets its
 * {@code Available} condition: True (Local) without a service; with one, True (Passed) when
 * {@code /apis/GROUP/VERSION} answers over HTTPS at the service's endpoint, False with
 * upstream's reason (ServiceNotFound, MissingEndpoints, FailedDiscoveryCheck) otherwise. The
 * status is written only when the condition changed. An APIService that is created, deleted or
 * whose spec changes is checked at once, on its watch event, as upstream's controller reacts to
 * its informer.
 */
public final class ApiServiceAvailability implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServiceAvailability.class.getName());
    private final Registry apiServices;
    private final AvailabilityProbe probe;
    private final Clock clock;
    private final Thread loop;
    private final ApiServiceDiscovery discovery = new ApiServiceDiscovery();
    private final ApiServiceProxy proxy;
    private final java.util.concurrent.Semaphore kicked = new java.util.concurrent.Semaphore(0);
    private volatile boolean stopped;
    private volatile AutoCloseable watch;
    /** The spec of each APIService as its last event showed it: a status write is no news. */
    private final java.util.Map<String, JsonNode> specs =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ApiServiceAvailability(Registries registries, Clock clock, Duration interval,
            FrontProxy frontProxy) {
        this.proxy = new ApiServiceProxy(frontProxy, this::kick);
        this.apiServices = registries.find("apiregistration.k8s.io", "v1", "apiservices")
                .orElseThrow();
        this.probe = new AvailabilityProbe(registries.clusterObjects(), frontProxy);
        this.clock = clock;
        this.loop = Thread.ofVirtual().name("apiservice-availability").unstarted(() -> {
            while (!stopped) {
                try {
                    checkAll();
                } catch (RuntimeException e) {
                    LOG.warning("checking APIServices failed: " + e.getMessage());
                }
                try {
                    if (kicked.tryAcquire(interval.toMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        kicked.drainPermits();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts checking every {@code interval}; close to stop. */
    public static ApiServiceAvailability start(Registries registries, Clock clock,
            Duration interval) {
        return start(registries, clock, interval, null);
    }

    /**
     * Starts checking every {@code interval}; the proxy shows {@code frontProxy}'s client
     * certificate (none when null). Close to stop.
     */
    public static ApiServiceAvailability start(Registries registries, Clock clock,
            Duration interval, FrontProxy frontProxy) {
        ApiServiceAvailability a = new ApiServiceAvailability(registries, clock, interval,
                frontProxy);
        a.loop.start();
        a.watchApiServices();
        return a;
    }

    /** Kicks a check on every event that adds, removes or respecifies an APIService. */
    private void watchApiServices() {
        if (stopped) {
            return;
        }
        specs.clear();
        var all = apiServices.list(null, ListOptions.all());
        all.items().forEach(s -> specs.put(s.path("metadata").path("name").asText(),
                s.path("spec")));
        ListOptions from = new ListOptions(io.j8s.api.selectors.LabelSelector.parse(""),
                io.j8s.api.selectors.FieldSelector.parse(""), all.resourceVersion(), "", 0, "",
                false, 0);
        watch = apiServices.watch(null, from, new io.j8s.apiserver.registry.WatchSink() {
            @Override
            public void send(String type, ObjectNode object) {
                String name = object.path("metadata").path("name").asText();
                boolean news = switch (type) {
                    case "ADDED", "MODIFIED" -> !object.path("spec").equals(
                            specs.put(name, object.path("spec")));
                    case "DELETED" -> {
                        specs.remove(name);
                        yield true;
                    }
                    default -> false;
                };
                if (news) {
                    kick();
                }
            }

            @Override
            public void end() {
                if (!stopped) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            watchApiServices();
                        } catch (RuntimeException e) {
                            LOG.warning("cannot watch APIServices: " + e.getMessage());
                        }
                    });
                }
            }
        });
    }

    /** Checks every APIService now rather than at the next interval. */
    void kick() {
        kicked.release();
    }

    /** The discovery of the APIServices served by a Service, as the last checks found it. */
    public io.j8s.apiserver.endpoints.DiscoverySource discovery() {
        return discovery;
    }

    /** The proxy to the APIServices served by a Service, as the last checks found them. */
    public ApiServiceProxy proxy() {
        return proxy;
    }

    void checkAll() {
        java.util.Set<String> remote = new java.util.HashSet<>();
        for (ObjectNode s : apiServices.list(null, ListOptions.all()).items()) {
            AvailabilityProbe.Result r = probe.check(s);
            JsonNode svc = s.path("spec").path("service");
            if (!svc.isMissingNode() && !svc.isNull()) {
                String name = s.path("metadata").path("name").asText();
                remote.add(name);
                discovery.update(name, s.path("spec"), r.available(), r.body());
                AvailabilityProbe.Endpoint e = probe.endpoint(svc);
                proxy.update(name, new ApiServiceProxy.Backend(s.path("spec"), e.ip(), e.port(),
                        r.available(), r.message()));
            }
            if (!changed(s, r)) {
                continue;
            }
            ObjectNode next = s.deepCopy();
            ArrayNode conditions = next.with("status").putArray("conditions");
            ObjectNode c = conditions.addObject().put("type", "Available")
                    .put("status", r.available() ? "True" : "False")
                    .put("lastTransitionTime", clock.instant()
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                    .put("reason", r.reason());
            if (!r.message().isEmpty()) {
                c.put("message", r.message());
            }
            try {
                apiServices.update(null, s.path("metadata").path("name").asText(), next,
                        "status", WriteOptions.DEFAULT);
            } catch (StatusException e) {
                LOG.fine("cannot update APIService status: " + e.getMessage());
            }
        }
        discovery.retain(remote);
        proxy.retain(remote);
    }

    private static boolean changed(JsonNode s, AvailabilityProbe.Result r) {
        for (JsonNode c : s.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Available")) {
                return !c.path("status").asText().equals(r.available() ? "True" : "False")
                        || !c.path("reason").asText().equals(r.reason())
                        || !c.path("message").asText("").equals(r.message());
            }
        }
        return true;
    }

    @Override
    public void close() {
        stopped = true;
        loop.interrupt();
        AutoCloseable w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.fine("closing the APIService watch: " + e.getMessage());
            }
        }
    }
}
