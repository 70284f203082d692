package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code metav1.DeleteOptions} as a delete sent it, every field null when not given. A
 * delete with a body reads them from the body alone; one without a body from the query, as
 * upstream's delete handlers do ({@code preconditions} only come in a body).
 *
 * @param gracePeriodSeconds null when not given
 * @param propagationPolicy null when not given
 * @param orphanDependents the deprecated flag; null when not given
 * @param uid the uid precondition; null for none
 * @param resourceVersion the resourceVersion precondition; null for none
 * @param dryRun the dry-run stages; only {@code All} is valid
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy,
        Boolean orphanDependents, String uid, String resourceVersion, List<String> dryRun) {
    private static final List<String> POLICIES = List.of("Foreground", "Background", "Orphan");

    public DeleteOptions {
        dryRun = List.copyOf(dryRun);
    }

    /** A DeleteOptions object: a delete's body or an eviction's {@code deleteOptions}. */
    public static DeleteOptions decode(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new DeleteOptions(null, null, null, null, null, List.of());
        }
        String kind = body.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals("DeleteOptions")) {
            throw StatusException.badRequest("decoded object cannot be converted to"
                    + " DeleteOptions");
        }
        JsonNode grace = present(body.get("gracePeriodSeconds"));
        if (grace != null && !grace.canConvertToExactIntegral()) {
            throw cannotDecode(grace, "gracePeriodSeconds", "int64");
        }
        JsonNode orphan = present(body.get("orphanDependents"));
        if (orphan != null && !orphan.isBoolean()) {
            throw cannotDecode(orphan, "orphanDependents", "bool");
        }
        JsonNode preconditions = body.path("preconditions");
        List<String> dryRun = new ArrayList<>();
        JsonNode stages = present(body.get("dryRun"));
        if (stages != null && !stages.isArray()) {
            throw cannotDecode(stages, "dryRun", "[]string");
        }
        if (stages != null) {
            stages.forEach(s -> dryRun.add(s.asText()));
        }
        return new DeleteOptions(grace == null ? null : grace.asLong(),
                text(body, "propagationPolicy"),
                orphan == null ? null : orphan.asBoolean(),
                text(preconditions, "uid"), text(preconditions, "resourceVersion"), dryRun);
    }

    /** The query of a delete without a body: booleans and numbers as upstream's codec reads them. */
    public static DeleteOptions fromQuery(Map<String, List<String>> query) {
        Long grace = null;
        String g = first(query, "gracePeriodSeconds");
        if (g != null) {
            try {
                grace = Long.parseLong(g);
            } catch (NumberFormatException e) {
                throw StatusException.badRequest("strconv.ParseInt: parsing \"" + g
                        + "\": invalid syntax");
            }
        }
        String orphan = first(query, "orphanDependents");
        return new DeleteOptions(grace, first(query, "propagationPolicy"),
                orphan == null ? null : QueryBoolean.parse(orphan),
                null, null, query.getOrDefault("dryRun", List.of()));
    }

    /** Upstream's ValidateDeleteOptions: 422 Invalid, kind DeleteOptions.meta.k8s.io. */
    public DeleteOptions validated() {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath policy = FieldPath.of("propagationPolicy");
        if (orphanDependents != null && propagationPolicy != null) {
            causes.add(Causes.invalid(policy, propagationPolicy,
                    "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (propagationPolicy != null && !POLICIES.contains(propagationPolicy)) {
            List<String> supported = new ArrayList<>(POLICIES);
            supported.add("nil");
            causes.add(Causes.notSupported(policy, propagationPolicy, supported));
        }
        if (!dryRun.stream().allMatch("All"::equals)) {
            causes.add(Causes.notSupported(FieldPath.of("dryRun"), dryRun, List.of("All")));
        }
        if (!causes.isEmpty()) {
            throw StatusException.invalid("DeleteOptions.meta.k8s.io",
                    new StatusException.Resource("meta.k8s.io", "DeleteOptions"), "", causes);
        }
        return this;
    }

    /** True when the delete is only to be tried ({@code dryRun: [All]}). */
    public boolean isDryRun() {
        return !dryRun.isEmpty();
    }

    /** What the delete does: the policy wins over the deprecated orphanDependents. */
    public DeleteRequest request() {
        String policy = propagationPolicy;
        if (policy == null && orphanDependents != null) {
            policy = orphanDependents ? "Orphan" : "Background";
        }
        return new DeleteRequest(gracePeriodSeconds, policy == null ? "" : policy,
                uid == null ? "" : uid, resourceVersion == null ? "" : resourceVersion);
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private static String text(JsonNode object, String field) {
        JsonNode n = present(object.get(field));
        return n == null ? null : n.asText();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static StatusException cannotDecode(JsonNode value, String field, String goType) {
        String jsonType = switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            default -> "object";
        };
        return StatusException.badRequest("json: cannot unmarshal " + jsonType
                + " into Go struct field DeleteOptions." + field + " of type " + goType);
    }
}
