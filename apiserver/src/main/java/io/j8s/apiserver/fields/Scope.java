package io.j8s.apiserver.fields;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which fields a write can own, as upstream's reset fields say: a kind with a status subresource
 * keeps its status out of writes to the object, and a write to the status owns only the status.
 */
public enum Scope {
    ALL, WITHOUT_STATUS, STATUS_ONLY;

    private static final String STATUS = "f:status";

    /** The scope of a write to {@code subresource} of a kind that has (or not) a status. */
    public static Scope of(String subresource, boolean kindHasStatus) {
        if (subresource.equals("status") || subresource.equals("approval")) {
            return STATUS_ONLY;
        }
        return kindHasStatus ? WITHOUT_STATUS : ALL;
    }

    FieldSet filter(FieldSet fields) {
        if (this == ALL) {
            return fields;
        }
        Set<List<String>> kept = new LinkedHashSet<>();
        for (List<String> p : fields.paths()) {
            boolean status = p.getFirst().equals(STATUS);
            if (status == (this == STATUS_ONLY)) {
                kept.add(p);
            }
        }
        return FieldSet.of(kept);
    }
}
