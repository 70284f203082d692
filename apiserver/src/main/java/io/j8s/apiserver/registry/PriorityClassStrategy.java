package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PriorityClasses: preemptionPolicy defaults to PreemptLowerPriority; names starting with
 * {@code system-} are reserved for the built-in classes; user classes stay at or below one
 * billion; the value and preemption policy never change.
 */
final class PriorityClassStrategy implements Strategy {
    static final Map<String, Long> SYSTEM = Map.of("system-node-critical", 2000001000L,
            "system-cluster-critical", 2000000000L);
    static final long HIGHEST_USER_DEFINABLE = 1000000000L;

    @Override
    public void applyDefaults(ObjectNode pc) {
        if (!pc.has("preemptionPolicy") || pc.get("preemptionPolicy").isNull()) {
            pc.put("preemptionPolicy", "PreemptLowerPriority");
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode pc) {
        List<StatusCause> causes = new ArrayList<>();
        String name = Meta.name(pc);
        long value = pc.path("value").asLong(0);
        if (name.startsWith("system-")) {
            Long known = SYSTEM.get(name);
            String error = known == null ? name + " is not a known system priority class"
                    : known != value ? "value of " + name + " PriorityClass must be " + known
                    : null;
            if (error != null) {
                causes.add(Causes.forbidden(FieldPath.of("metadata").child("name"),
                        "priority class names with 'system-' prefix are reserved for system use"
                                + " only. error: " + error));
            }
        } else if (value > HIGHEST_USER_DEFINABLE) {
            causes.add(Causes.forbidden(FieldPath.of("value"), "maximum allowed value of a user"
                    + " defined priority is " + HIGHEST_USER_DEFINABLE));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode pc, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>();
        if (pc.path("value").asLong(0) != old.path("value").asLong(0)) {
            causes.add(Causes.forbidden(FieldPath.of("value"), "may not be changed in an update."));
        }
        if (!pc.path("preemptionPolicy").equals(old.path("preemptionPolicy"))
                && old.has("preemptionPolicy")) {
            causes.add(Causes.invalid(FieldPath.of("preemptionPolicy"),
                    pc.path("preemptionPolicy").asText(), "field is immutable"));
        }
        return causes;
    }
}
