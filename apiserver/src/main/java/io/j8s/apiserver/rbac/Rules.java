package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.util.Arrays;
import java.util.List;

/** Rules written briefly for the bootstrap policy: comma-separated verbs, groups, resources. */
final class Rules {
    private Rules() {}

    /** A resource rule; {@code "core"} names the core group (""). */
    static ObjectNode rule(String verbs, String groups, String resources) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        fill(r.putArray("verbs"), verbs);
        ArrayNode g = r.putArray("apiGroups");
        for (String group : split(groups)) {
            g.add(group.equals("core") ? "" : group);
        }
        fill(r.putArray("resources"), resources);
        return r;
    }

    /** A resource rule limited to some names. */
    static ObjectNode named(String verbs, String groups, String resources, String names) {
        ObjectNode r = rule(verbs, groups, resources);
        fill(r.putArray("resourceNames"), names);
        return r;
    }

    /** A non-resource rule: verbs on URL paths. */
    static ObjectNode urls(String verbs, String paths) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        fill(r.putArray("verbs"), verbs);
        fill(r.putArray("nonResourceURLs"), paths);
        return r;
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    private static void fill(ArrayNode into, String csv) {
        split(csv).forEach(into::add);
    }
}
