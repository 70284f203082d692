package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Upstream's Priority plugin: a new pod's priority comes from its PriorityClass (or the global
 * default class, or 0 without one) and may not be given by hand; an unknown class is refused.
 * Only one PriorityClass may be the global default.
 */
public final class PriorityAdmission implements AdmissionPlugin {
    static final String GROUP = "scheduling.k8s.io";
    static final String DEFAULT_POLICY = "PreemptLowerPriority";

    private final ClusterObjects objects;

    public PriorityAdmission(ClusterObjects objects) {
        this.objects = objects;
    }

    @Override
    public String name() {
        return "Priority";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (!request.isCreate("", "pods")) {
            return;
        }
        ObjectNode spec = request.object().with("spec");
        String className = spec.path("priorityClassName").asText("");
        long priority = 0;
        String policy = DEFAULT_POLICY;
        Optional<ObjectNode> pc;
        if (className.isEmpty()) {
            pc = globalDefault();
            if (pc.isPresent()) {
                spec.put("priorityClassName", pc.get().path("metadata").path("name").asText());
            }
        } else {
            pc = objects.get(GROUP, "priorityclasses", null, className);
            if (pc.isEmpty()) {
                throw request.forbidden("no PriorityClass with name " + className
                        + " was found");
            }
        }
        if (pc.isPresent()) {
            priority = pc.get().path("value").asLong(0);
            policy = pc.get().path("preemptionPolicy").asText(DEFAULT_POLICY);
        }
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asLong() != priority) {
            throw request.forbidden("the integer value of priority (" + given.asLong() + ") must"
                    + " not be provided in pod spec; priority admission controller computed "
                    + priority + " from the given PriorityClass name");
        }
        spec.put("priority", priority);
        JsonNode givenPolicy = spec.get("preemptionPolicy");
        if (givenPolicy != null && !givenPolicy.isNull()
                && !givenPolicy.asText().equals(policy)) {
            throw request.forbidden("the string value of PreemptionPolicy ("
                    + givenPolicy.asText() + ") must not be provided in pod spec; priority"
                    + " admission controller computed " + policy
                    + " from the given PriorityClass name");
        }
        spec.put("preemptionPolicy", policy);
    }

    @Override
    public void validate(AdmissionRequest request) {
        if (!request.group().equals(GROUP) || !request.plural().equals("priorityclasses")
                || !request.object().path("globalDefault").asBoolean(false)) {
            return;
        }
        String name = request.name();
        for (ObjectNode pc : objects.list(GROUP, "priorityclasses", null)) {
            String other = pc.path("metadata").path("name").asText();
            if (pc.path("globalDefault").asBoolean(false) && !other.equals(name)) {
                throw request.forbidden("PriorityClass " + other + " is already marked as"
                        + " default. Only one default can exist");
            }
        }
    }

    /** The global default class with the highest value, as upstream picks it. */
    private Optional<ObjectNode> globalDefault() {
        ObjectNode best = null;
        for (ObjectNode pc : objects.list(GROUP, "priorityclasses", null)) {
            if (pc.path("globalDefault").asBoolean(false) && (best == null
                    || best.path("value").asLong() < pc.path("value").asLong())) {
                best = pc;
            }
        }
        return Optional.ofNullable(best);
    }
}
