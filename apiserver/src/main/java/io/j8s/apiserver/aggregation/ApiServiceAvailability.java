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
 * status is written only when the condition changed.
 */
public final class ApiServiceAvailability implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServiceAvailability.class.getName());
    private final Registry apiServices;
    private final AvailabilityProbe probe;
    private final Clock clock;
    private final Thread loop;
    private volatile boolean stopped;

    private ApiServiceAvailability(Registries registries, Clock clock, Duration interval) {
        this.apiServices = registries.find("apiregistration.k8s.io", "v1", "apiservices")
                .orElseThrow();
        this.probe = new AvailabilityProbe(registries.clusterObjects());
        this.clock = clock;
        this.loop = Thread.ofVirtual().name("apiservice-availability").unstarted(() -> {
            while (!stopped) {
                try {
                    checkAll();
                } catch (RuntimeException e) {
                    LOG.warning("checking APIServices failed: " + e.getMessage());
                }
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts checking every {@code interval}; close to stop. */
    public static ApiServiceAvailability start(Registries registries, Clock clock,
            Duration interval) {
        ApiServiceAvailability a = new ApiServiceAvailability(registries, clock, interval);
        a.loop.start();
        return a;
    }

    void checkAll() {
        for (ObjectNode s : apiServices.list(null, ListOptions.all()).items()) {
            AvailabilityProbe.Result r = probe.check(s);
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
    }
}
