package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a namespace's stored objects use of a set of quota keys, counted from the store. */
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
}
