package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.UserInfo;

/**
 * One write as admission sees it.
 *
 * @param object the new object; null after a delete
 * @param old the stored object on update and delete, null on create
 * @param dryRun true when nothing is to be stored, so nothing may be charged either
 * @param version the API version the request was made at
 * @param subresource the subresource written ({@code status}), empty for the object itself
 * @param user who writes; null when unknown (what admission says back, warnings and audit
 *     annotations, goes to {@link AdmissionContext})
 */
public record AdmissionRequest(Operation operation, String group, String plural, String kind,
        String namespace, ObjectNode object, ObjectNode old, boolean dryRun, String version,
        String subresource, UserInfo user) {

    public enum Operation { CREATE, UPDATE, DELETE }

    public AdmissionRequest(Operation operation, String group, String plural, String kind,
            String namespace, ObjectNode object, ObjectNode old, boolean dryRun) {
        this(operation, group, plural, kind, namespace, object, old, dryRun, "", "", null);
    }

    public boolean isCreate(String group, String plural) {
        return operation == Operation.CREATE && this.group.equals(group)
                && this.plural.equals(plural);
    }

    public String name() {
        return (object != null ? object : old).path("metadata").path("name").asText("");
    }

    /** Upstream's admission.NewForbidden: {@code pods "x" is forbidden: <why>}. */
    public StatusException forbidden(String why) {
        String resource = group.isEmpty() ? plural : plural + "." + group;
        return StatusException.forbidden(resource + " \"" + name() + "\" is forbidden: " + why);
    }
}
