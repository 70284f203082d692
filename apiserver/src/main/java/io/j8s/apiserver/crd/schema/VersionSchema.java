package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;

/**
 * The schema of one version of a CRD, compiled once: what a custom resource of that version is
 * defaulted with, which of its fields are pruned, and how it is validated (OpenAPI v3 and
 * x-kubernetes-validations rules), as upstream's apiextensions-apiserver does.
 */
public interface VersionSchema {

    /** Compiles the schema; a null schema accepts and keeps everything. */
    static VersionSchema compile(JSONSchemaProps openAPIV3Schema) {
        return new StructuralSchema(SchemaNode.of(openAPIV3Schema));
    }

    /** Sets the {@code default} of every absent (or null, non-nullable) field, nested too. */
    void applyDefaults(ObjectNode o);

    /**
     * Drops the fields the schema does not know, unless x-kubernetes-preserve-unknown-fields;
     * apiVersion, kind and metadata of the object itself are kept.
     *
     * @return the paths dropped, such as {@code .spec.foo}
     */
    List<String> prune(ObjectNode o);

    /**
     * The causes of a 422, with upstream's field paths and messages; transition rules (those
     * that use oldSelf) run only when {@code oldOrNull} has the value.
     */
    List<StatusCause> validate(ObjectNode o, ObjectNode oldOrNull);
}
