package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Upstream's ResourceQuota plugin for creates: the new object's charge plus what the namespace
 * already uses must stay within every quota's hard limits, and pods must state the compute
 * resources a quota limits.
 *
 * <p>Usage is recomputed from the store on every check rather than kept in {@code status.used}
 * as upstream's quota controller keeps it. Check and write run under one lock per namespace, so
 * concurrent creates in one server cannot both take the last unit; after the write every quota
 * of the namespace gets its {@code status.hard} and {@code status.used} refreshed. Scoped quotas
 * are checked as if unscoped, and updates and deletes do not refresh the status.
 */
public final class ResourceQuotaAdmission implements AdmissionPlugin {
    private static final Set<String> COMPUTE = Set.of("requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory", "cpu", "memory");

    private final ClusterObjects objects;
    private final NamespaceUsage usage;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ResourceQuotaAdmission(ClusterObjects objects) {
        this.objects = objects;
        this.usage = new NamespaceUsage(objects);
    }

    @Override
    public String name() {
        return "ResourceQuota";
    }

    @Override
    public <T> T around(AdmissionRequest request, Supplier<T> write) {
        String ns = request.namespace();
        if (request.operation() != AdmissionRequest.Operation.CREATE || ns == null
                || ns.isEmpty()) {
            return write.get();
        }
        boolean quotaItself = request.group().isEmpty()
                && request.plural().equals("resourcequotas");
        if (!quotaItself && objects.list("", "resourcequotas", ns).isEmpty()) {
            return write.get();
        }
        ReentrantLock lock = locks.computeIfAbsent(ns, k -> new ReentrantLock());
        lock.lock();
        try {
            check(request);
            T result = write.get();
            usage.refresh(ns);
            return result;
        } finally {
            lock.unlock();
        }
    }

    private void check(AdmissionRequest request) {
        Map<String, Boolean> binary = new HashMap<>();
        Map<String, BigDecimal> requested = QuotaUsage.of(request.group(), request.plural(),
                request.object(), binary);
        Map<String, ObjectNode> quotas = new TreeMap<>();
        for (ObjectNode q : objects.list("", "resourcequotas", request.namespace())) {
            quotas.put(q.path("metadata").path("name").asText(), q);
        }
        for (Map.Entry<String, ObjectNode> q : quotas.entrySet()) {
            JsonNode hard = q.getValue().path("spec").path("hard");
            if (request.isCreate("", "pods")) {
                missingCompute(q.getKey(), hard, request);
            }
            Set<String> relevant = new TreeSet<>();
            hard.fieldNames().forEachRemaining(k -> {
                if (requested.containsKey(k)) {
                    relevant.add(k);
                }
            });
            if (relevant.isEmpty()) {
                continue;
            }
            Map<String, BigDecimal> used = usage.of(request.namespace(), relevant, binary);
            List<String> exceeded = new ArrayList<>();
            for (String k : relevant) {
                BigDecimal limit = Quantities.parse(hard.get(k).asText());
                if (used.getOrDefault(k, BigDecimal.ZERO).add(requested.get(k))
                        .compareTo(limit) > 0) {
                    exceeded.add(k);
                }
            }
            if (!exceeded.isEmpty()) {
                throw request.forbidden("exceeded quota: " + q.getKey() + ", requested: "
                        + print(exceeded, requested, binary) + ", used: "
                        + print(exceeded, used, binary) + ", limited: "
                        + print(exceeded, hardValues(hard), binary));
            }
        }
    }

    /** Upstream's pod Constraints: each container must state what the quota limits. */
    private static void missingCompute(String quota, JsonNode hard, AdmissionRequest request) {
        Map<String, Set<String>> missing = new TreeMap<>();
        JsonNode spec = request.object().path("spec");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                hard.fieldNames().forEachRemaining(k -> {
                    if (!COMPUTE.contains(k)) {
                        return;
                    }
                    String kind = k.startsWith("limits.") ? "limits" : "requests";
                    String resource = k.substring(k.indexOf('.') + 1);
                    if (!c.path("resources").path(kind).has(resource)) {
                        String name = k.contains(".") ? k : "requests." + k;
                        missing.computeIfAbsent(name, x -> new LinkedHashSet<>())
                                .add(c.path("name").asText());
                    }
                });
            }
        }
        if (!missing.isEmpty()) {
            List<String> parts = new ArrayList<>();
            missing.forEach((k, names) -> parts.add(k + " for: " + String.join(",", names)));
            throw request.forbidden("failed quota: " + quota + ": must specify "
                    + String.join("; ", parts));
        }
    }

    private static Map<String, BigDecimal> hardValues(JsonNode hard) {
        Map<String, BigDecimal> out = new HashMap<>();
        hard.fields().forEachRemaining(e -> out.put(e.getKey(),
                Quantities.parse(e.getValue().asText())));
        return out;
    }

    private static String print(List<String> keys, Map<String, BigDecimal> values,
            Map<String, Boolean> binary) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            parts.add(k + "=" + QuantityText.format(values.getOrDefault(k, BigDecimal.ZERO),
                    binary.getOrDefault(k, false)));
        }
        return String.join(",", parts);
    }
}
