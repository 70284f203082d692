package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A quota's {@code status.used} as the ledger of what its namespace holds, as upstream keeps it:
 * admission charges a create to it by compare-and-swap on the quota before the object is stored,
 * so API servers sharing one store cannot both take the last unit. Without a quota controller
 * here, the ledger is also credited when an object is deleted or changes what it charges, and a
 * key the status does not track yet (a new quota, a new hard limit) is counted from the store.
 */
final class QuotaLedger {
    private final ClusterObjects objects;
    private final NamespaceUsage usage;

    QuotaLedger(ClusterObjects objects) {
        this.objects = objects;
        this.usage = new NamespaceUsage(objects);
    }

    /** The quota's hard limits by key. */
    static Map<String, BigDecimal> hard(JsonNode quota) {
        Map<String, BigDecimal> out = new HashMap<>();
        quota.path("spec").path("hard").fields().forEachRemaining(e -> out.put(e.getKey(),
                Quantities.parse(e.getValue().asText())));
        return out;
    }

    /** How each hard key is printed: in the binary family when the limit is written so. */
    static Map<String, Boolean> binary(JsonNode quota) {
        Map<String, Boolean> out = new HashMap<>();
        quota.path("spec").path("hard").fields().forEachRemaining(e -> out.put(e.getKey(),
                QuantityText.binary(e.getValue().asText())));
        return out;
    }

    /**
     * What the namespace uses of each of the quota's hard keys: the status's figure, or for a key
     * it lacks, the sum over the stored objects.
     */
    Map<String, BigDecimal> used(ObjectNode quota, String ns) {
        JsonNode recorded = quota.path("status").path("used");
        Map<String, BigDecimal> out = new HashMap<>();
        Set<String> missing = new TreeSet<>();
        for (String k : hard(quota).keySet()) {
            String v = recorded.path(k).asText("");
            if (v.isEmpty()) {
                missing.add(k);
            } else {
                out.put(k, Quantities.parse(v));
            }
        }
        if (!missing.isEmpty()) {
            out.putAll(usage.of(ns, missing, new HashMap<>()));
            missing.forEach(k -> out.putIfAbsent(k, BigDecimal.ZERO));
        }
        return out;
    }

    /**
     * Writes {@code used} and the hard limits into the quota's status, guarded by the
     * resourceVersion it was read at; false if the quota changed since.
     */
    boolean write(ObjectNode quota, Map<String, BigDecimal> used) {
        ObjectNode next = quota.deepCopy();
        ObjectNode status = next.with("status");
        status.set("hard", quota.path("spec").path("hard").deepCopy());
        ObjectNode u = status.putObject("used");
        Map<String, Boolean> binary = binary(quota);
        for (String k : new TreeSet<>(hard(quota).keySet())) {
            u.put(k, QuantityText.format(used.getOrDefault(k, BigDecimal.ZERO),
                    binary.getOrDefault(k, false)));
        }
        return objects.replaceStatus("", "resourcequotas", next);
    }

    /**
     * Adds {@code delta} (negative to credit) to what every quota of {@code ns} that tracks its
     * keys records, retrying on conflict; used never drops below zero.
     */
    void add(String ns, Map<String, BigDecimal> delta) {
        for (ObjectNode listed : objects.list("", "resourcequotas", ns)) {
            if (tracksAny(listed, delta)) {
                add(ns, listed.path("metadata").path("name").asText(), delta);
            }
        }
    }

    /** Adds {@code delta} to what quota {@code name} records, retrying on conflict. */
    void add(String ns, String name, Map<String, BigDecimal> delta) {
        for (int attempt = 0; attempt < 64; attempt++) {
            ObjectNode quota = objects.get("", "resourcequotas", ns, name).orElse(null);
            if (quota == null) {
                return;
            }
            JsonNode recorded = quota.path("status").path("used");
            Map<String, BigDecimal> used = used(quota, ns);
            // a key counted from the store just now has the change in it already
            delta.forEach((k, v) -> {
                if (recorded.has(k)) {
                    used.computeIfPresent(k, (x, u) -> u.add(v).max(BigDecimal.ZERO));
                }
            });
            if (write(quota, used)) {
                return;
            }
        }
    }

    /**
     * Fills in the status of a quota that was just created or given new hard limits: the keys it
     * does not record yet are counted from the store.
     */
    void seed(String ns, String name) {
        for (int attempt = 0; attempt < 64; attempt++) {
            ObjectNode quota = objects.get("", "resourcequotas", ns, name).orElse(null);
            if (quota == null || current(quota) || write(quota, used(quota, ns))) {
                return;
            }
        }
    }

    /** True when the status records the hard limits of the spec and a use for each. */
    private static boolean current(ObjectNode quota) {
        JsonNode hard = quota.path("spec").path("hard");
        JsonNode status = quota.path("status");
        Set<String> keys = new TreeSet<>();
        hard.fieldNames().forEachRemaining(keys::add);
        Set<String> recorded = new TreeSet<>();
        status.path("used").fieldNames().forEachRemaining(recorded::add);
        return hard.equals(status.path("hard")) && recorded.equals(keys);
    }

    private static boolean tracksAny(ObjectNode quota, Map<String, BigDecimal> delta) {
        JsonNode hard = quota.path("spec").path("hard");
        return delta.keySet().stream().anyMatch(hard::has);
    }
}
