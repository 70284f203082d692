package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.api.errors.StatusException.Resource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Upstream's ResourceQuota plugin for creates: the new object's charge plus what the namespace
 * already uses must stay within every quota's hard limits, and pods must state the compute
 * resources a quota limits.
 *
 * <p>As upstream, what is used lives in each quota's {@code status.used} ({@link QuotaLedger}):
 * a create is charged to every quota that limits it by a compare-and-swap on the quota before the
 * object is stored, read again and re-checked on conflict, so creates through several API servers
 * on one store cannot together pass a limit. A create that then fails is credited back. With no
 * quota controller in j8s, deletes and updates credit (or charge) the difference themselves
 * ({@link #written}), and {@link #repair} recounts a quota whose ledger went wrong. Scoped
 * quotas are checked as if unscoped.
 */
public final class ResourceQuotaAdmission implements AdmissionPlugin {
    private static final Set<String> COMPUTE = Set.of("requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory", "cpu", "memory");
    private static final int ATTEMPTS = 64;

    private final ClusterObjects objects;
    private final QuotaLedger ledger;
    private final QuotaRepair repair;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ResourceQuotaAdmission(ClusterObjects objects) {
        this.objects = objects;
        this.ledger = new QuotaLedger(objects);
        this.repair = new QuotaRepair(objects, ledger);
    }

    /** One round of the repair of quotas' {@code status.used}; see {@link QuotaRepair}. */
    public void repair() {
        repair.repair();
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
        List<ObjectNode> quotas = objects.list("", "resourcequotas", ns);
        if (quotas.isEmpty()) {
            T result = write.get();
            if (quotaItself && !request.dryRun()) {
                ledger.seed(ns, request.name());
            }
            return result;
        }
        Map<String, Boolean> binary = new HashMap<>();
        Map<String, BigDecimal> requested = QuotaUsage.of(request.group(), request.plural(),
                request.object(), binary);
        Map<String, Map<String, BigDecimal>> charged = new TreeMap<>();
        // one charge at a time per namespace in this server: its creates do not race each other
        ReentrantLock lock = locks.computeIfAbsent(ns, k -> new ReentrantLock());
        lock.lock();
        try {
            for (ObjectNode q : sorted(quotas)) {
                charge(request, q.path("metadata").path("name").asText(), requested, binary,
                        charged);
            }
        } catch (RuntimeException e) {
            credit(ns, charged);
            throw e;
        } finally {
            lock.unlock();
        }
        T result;
        try {
            result = write.get();
        } catch (RuntimeException e) {
            credit(ns, charged);
            throw e;
        }
        if (quotaItself && !request.dryRun()) {
            ledger.seed(ns, request.name());
        }
        return result;
    }

    /**
     * Checks the request against quota {@code name} and, unless it is a dry run, charges it by
     * compare-and-swap, re-reading the quota on conflict.
     */
    private void charge(AdmissionRequest request, String name, Map<String, BigDecimal> requested,
            Map<String, Boolean> binary, Map<String, Map<String, BigDecimal>> charged) {
        String ns = request.namespace();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ObjectNode quota = objects.get("", "resourcequotas", ns, name).orElse(null);
            if (quota == null) {
                return;
            }
            JsonNode hard = quota.path("spec").path("hard");
            if (request.isCreate("", "pods")) {
                missingCompute(name, hard, request);
            }
            Map<String, BigDecimal> relevant = new TreeMap<>();
            requested.forEach((k, v) -> {
                if (hard.has(k)) {
                    relevant.put(k, v);
                }
            });
            if (relevant.isEmpty()) {
                return;
            }
            Map<String, BigDecimal> used = ledger.used(quota, ns);
            Map<String, BigDecimal> limits = QuotaLedger.hard(quota);
            List<String> exceeded = new ArrayList<>();
            for (Map.Entry<String, BigDecimal> e : relevant.entrySet()) {
                if (used.getOrDefault(e.getKey(), BigDecimal.ZERO).add(e.getValue())
                        .compareTo(limits.get(e.getKey())) > 0) {
                    exceeded.add(e.getKey());
                }
            }
            if (!exceeded.isEmpty()) {
                throw request.forbidden("exceeded quota: " + name + ", requested: "
                        + print(exceeded, requested, binary) + ", used: "
                        + print(exceeded, used, binary) + ", limited: "
                        + print(exceeded, limits, binary));
            }
            if (request.dryRun()) {
                return;
            }
            relevant.forEach((k, v) -> used.merge(k, v, BigDecimal::add));
            if (ledger.write(quota, used)) {
                charged.put(name, relevant);
                return;
            }
        }
        throw StatusException.conflict(new Resource("", "resourcequotas"), name,
                "the quota kept changing while it was charged; please try again");
    }

    /** Gives back what was charged for a create that was not stored. */
    private void credit(String ns, Map<String, Map<String, BigDecimal>> charged) {
        if (charged.isEmpty()) {
            return;
        }
        try {
            charged.forEach((name, charge) -> {
                Map<String, BigDecimal> refund = new HashMap<>();
                charge.forEach((k, v) -> refund.put(k, v.negate()));
                ledger.add(ns, name, refund);
            });
        } catch (RuntimeException e) {
            // the quota stays charged for an object that is not there, until the object's
            // kind is next deleted in the namespace; refusing the create matters more
        }
    }

    @Override
    public void written(AdmissionRequest request) {
        String ns = request.namespace();
        if (ns == null || ns.isEmpty() || request.dryRun()) {
            return;
        }
        if (request.object() != null && request.group().isEmpty()
                && request.plural().equals("resourcequotas")) {
            if (!request.object().path("spec").path("hard")
                    .equals(request.old().path("spec").path("hard"))) {
                ledger.seed(ns, request.name()); // new hard limits: count what is not tracked
            }
            return;
        }
        Map<String, Boolean> binary = new HashMap<>();
        Map<String, BigDecimal> delta = new HashMap<>();
        if (request.object() != null) {
            delta.putAll(QuotaUsage.of(request.group(), request.plural(), request.object(),
                    binary));
        }
        QuotaUsage.of(request.group(), request.plural(), request.old(), binary)
                .forEach((k, v) -> delta.merge(k, v.negate(), BigDecimal::add));
        delta.values().removeIf(v -> v.signum() == 0);
        if (!delta.isEmpty()) {
            ledger.add(ns, delta);
        }
    }

    private static List<ObjectNode> sorted(List<ObjectNode> quotas) {
        List<ObjectNode> out = new ArrayList<>(quotas);
        out.sort((a, b) -> a.path("metadata").path("name").asText()
                .compareTo(b.path("metadata").path("name").asText()));
        return out;
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
