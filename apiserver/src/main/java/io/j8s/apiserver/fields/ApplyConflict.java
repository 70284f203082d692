package io.j8s.apiserver.fields;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An apply's conflicts as upstream reports them: {@code Apply failed with 1 conflict: conflict
 * with "kubectl-client-side-apply" using v1: .data.color}, a FieldManagerConflict cause per field.
 */
final class ApplyConflict {
    private ApplyConflict() {}

    /** The 409 for conflicts with other managers' fields, worded as upstream words it. */
    static StatusException of(Map<ManagedFieldsEntry, FieldSet> conflicts) {
        List<StatusCause> causes = new ArrayList<>();
        int count = 0;
        List<String> lines = new ArrayList<>();
        String single = "";
        List<Map.Entry<ManagedFieldsEntry, FieldSet>> byManager =
                new ArrayList<>(conflicts.entrySet());
        byManager.sort(Map.Entry.comparingByKey(java.util.Comparator
                .comparing(ManagedFieldsEntry::manager)));
        for (Map.Entry<ManagedFieldsEntry, FieldSet> c : byManager) {
            String who = describe(c.getKey());
            lines.add("conflicts with " + who + ":");
            List<String> fields = c.getValue().paths().stream().map(FieldSet::describe).sorted()
                    .toList();
            for (String field : fields) {
                causes.add(new StatusCauseBuilder()
                        .withReason("FieldManagerConflict").withMessage("conflict with " + who)
                        .withField(field).build());
                lines.add("- " + field);
                single = "conflict with " + who + ": " + field;
                count++;
            }
        }
        String message = count == 1 ? "Apply failed with 1 conflict: " + single
                : "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
        return new StatusException(new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata().withStatus("Failure").withCode(409)
                .withReason("Conflict").withMessage(message)
                .withNewDetails().withCauses(causes).endDetails().build());
    }

    /** A manager as upstream's conflict message names it. */
    private static String describe(ManagedFieldsEntry e) {
        String s = "\"" + e.manager() + "\"";
        if (!e.subresource().isEmpty()) {
            s += " with subresource \"" + e.subresource() + "\"";
        }
        return e.operation().equals(ManagedFields.UPDATE) ? s + " using " + e.apiVersion() : s;
    }
}
