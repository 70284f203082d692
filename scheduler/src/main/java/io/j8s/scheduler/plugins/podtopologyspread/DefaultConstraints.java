package io.j8s.scheduler.plugins.podtopologyspread;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.List;

/** The default constraints: the System ones, or {@code PodTopologySpreadArgs.defaultConstraints} validated as upstream. */
final class DefaultConstraints {
    private DefaultConstraints() {}

    /** defaultingType System: hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway. */
    static List<TopologySpreadConstraint> system() {
        return List.of(constraint(3, "kubernetes.io/hostname", "ScheduleAnyway"),
                constraint(5, "topology.kubernetes.io/zone", "ScheduleAnyway"));
    }

    private static TopologySpreadConstraint constraint(int skew, String key, String when) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(skew).withTopologyKey(key)
                .withWhenUnsatisfiable(when).build();
    }

    static List<TopologySpreadConstraint> parse(JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("PodTopologySpreadArgs.defaultConstraints: must be a list");
        }
        List<TopologySpreadConstraint> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String field = "PodTopologySpreadArgs.defaultConstraints[" + i + "]";
            int skew = c.path("maxSkew").asInt(0);
            if (skew <= 0) {
                throw new IllegalArgumentException(field + ".maxSkew: Invalid value: "
                        + c.path("maxSkew") + ": must be greater than zero");
            }
            String key = c.path("topologyKey").asText("");
            if (key.isEmpty()) {
                throw new IllegalArgumentException(field + ".topologyKey: Required value: can not"
                        + " be empty");
            }
            String when = c.path("whenUnsatisfiable").asText("");
            if (!when.equals("DoNotSchedule") && !when.equals("ScheduleAnyway")) {
                throw new IllegalArgumentException(field + ".whenUnsatisfiable: Unsupported value: \""
                        + when + "\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
            }
            if (c.hasNonNull("labelSelector")) {
                throw new IllegalArgumentException(field + ".labelSelector: Forbidden: constraint"
                        + " must not define a selector, as they deduced for each pod");
            }
            out.add(constraint(skew, key, when));
        }
        return out;
    }
}
