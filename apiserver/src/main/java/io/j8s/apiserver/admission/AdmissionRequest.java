package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;

/**
 * One write as admission sees it.
 *
 * @param old the stored object on update, null on create
 */
public record AdmissionRequest(Operation operation, String group, String plural, String kind,
        String namespace, ObjectNode object, ObjectNode old) {

    public enum Operation { CREATE, UPDATE }

    public boolean isCreate(String group, String plural) {
        return operation == Operation.CREATE && this.group.equals(group)
                && this.plural.equals(plural);
    }

    public String name() {
        return object.path("metadata").path("name").asText("");
    }

    /** Upstream's admission.NewForbidden: {@code pods "x" is forbidden: <why>}. */
    public StatusException forbidden(String why) {
        String resource = group.isEmpty() ? plural : plural + "." + group;
        return StatusException.forbidden(resource + " \"" + name() + "\" is forbidden: " + why);
    }
}
