package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a namespace's stored objects use of a set of quota keys, recomputed from the store, and
 * the quotas' {@code status.hard}/{@code status.used} written from it.
 */
final class NamespaceUsage {
    private final ClusterObjects objects;

    NamespaceUsage(ClusterObjects objects) {
        this.objects = objects;
    }

    /** The sums over the namespace's objects of {@code keys}; absent keys use nothing. */
    Map<String, BigDecimal> of(String ns, Set<String> keys, Map<String, Boolean> binary) {
        Set<String> resources = new TreeSet<>();
        for (String k : keys) {
            resources.add(resourceOf(k));
        }
        Map<String, BigDecimal> used = new HashMap<>();
        for (String r : resources) {
            int slash = r.indexOf('/');
            String group = r.substring(0, slash);
            String plural = r.substring(slash + 1);
            for (ObjectNode o : list(group, plural, ns)) {
                QuotaUsage.of(group, plural, o, binary).forEach((k, v) -> {
                    if (keys.contains(k)) {
                        used.merge(k, v, BigDecimal::add);
                    }
                });
            }
        }
        return used;
    }

    private Iterable<ObjectNode> list(String group, String plural, String ns) {
        try {
            return objects.list(group, plural, ns);
        } catch (IllegalArgumentException unknownResource) {
            return java.util.List.of();
        }
    }

    /** The {@code group/plural} whose objects a quota key counts. */
    static String resourceOf(String key) {
        if (key.startsWith("count/")) {
            String name = key.substring(6);
            int dot = name.indexOf('.');
            return dot < 0 ? "/" + name : name.substring(dot + 1) + "/" + name.substring(0, dot);
        }
        if (key.startsWith("services.")) {
            return "/services";
        }
        if (key.equals("requests.storage") || key.endsWith("persistentvolumeclaims")) {
            return "/persistentvolumeclaims";
        }
        if (QuotaUsage.LEGACY_COUNTS.contains(key)) {
            return "/" + key;
        }
        return "/pods";
    }

    /** Writes every quota of {@code ns} its hard limits and what the namespace uses of them. */
    void refresh(String ns) {
        for (ObjectNode q : objects.list("", "resourcequotas", ns)) {
            JsonNode hard = q.path("spec").path("hard");
            Set<String> keys = new TreeSet<>();
            hard.fieldNames().forEachRemaining(keys::add);
            Map<String, Boolean> binary = new HashMap<>();
            hard.fields().forEachRemaining(e -> binary.put(e.getKey(),
                    QuantityText.binary(e.getValue().asText())));
            Map<String, BigDecimal> used = of(ns, keys, binary);
            try {
                writeStatus(ns, q, hard, keys, binary, used);
            } catch (RuntimeException e) {
                // the quota went away or keeps changing: the object is stored all the same,
                // and the next create in the namespace writes the status again
            }
        }
    }

    private void writeStatus(String ns, ObjectNode q, JsonNode hard, Set<String> keys,
            Map<String, Boolean> binary, Map<String, BigDecimal> used) {
        objects.updateStatus("", "resourcequotas", ns, q.path("metadata").path("name").asText(),
                quota -> {
                    ObjectNode status = quota.with("status");
                    status.set("hard", hard.deepCopy());
                    ObjectNode u = status.putObject("used");
                    for (String k : keys) {
                        u.put(k, QuantityText.format(used.getOrDefault(k, BigDecimal.ZERO),
                                binary.getOrDefault(k, false)));
                    }
                });
    }
}
