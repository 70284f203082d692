package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;

/**
 * The schema of one served version of a custom resource, compiled once: defaults, pruning and
 * validation of its objects. (A no-op seam until the schema engine lands.)
 */
public interface VersionSchema {

    /** The compiled form of {@code openAPIV3Schema}; null means no schema. */
    static VersionSchema compile(JSONSchemaProps openAPIV3Schema) {
        return new VersionSchema() {
            @Override
            public void applyDefaults(ObjectNode o) {}

            @Override
            public List<String> prune(ObjectNode o) {
                return List.of();
            }

            @Override
            public List<StatusCause> validate(ObjectNode o, ObjectNode oldOrNull) {
                return List.of();
            }
        };
    }

    /** Fills in the schema's {@code default}s. */
    void applyDefaults(ObjectNode o);

    /** Drops the fields the schema does not know; the paths dropped, such as {@code .spec.foo}. */
    List<String> prune(ObjectNode o);

    /** Schema and {@code x-kubernetes-validations} causes, with upstream's field paths. */
    List<StatusCause> validate(ObjectNode o, ObjectNode oldOrNull);
}
