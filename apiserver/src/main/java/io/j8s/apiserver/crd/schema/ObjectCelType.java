package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelType;
import dev.cel.common.types.StructType;
import java.util.List;
import java.util.Optional;

/**
 * The CEL type of a whole object described by an OpenAPI v3 schema (a custom resource's
 * version schema), as upstream's type checker of admission policies declares {@code object}: the
 * type and the object types it is made of.
 */
public record ObjectCelType(CelType type, List<StructType> structs) {

    /**
     * The type of objects of {@code openAPIV3Schema}, named after {@code kind}; empty if the
     * schema has none.
     */
    public static Optional<ObjectCelType> of(JsonNode openAPIV3Schema, String kind) {
        if (openAPIV3Schema == null || !openAPIV3Schema.isObject()) {
            return Optional.empty();
        }
        SchemaNode root = new SchemaNode(openAPIV3Schema);
        SchemaTypes types = SchemaTypes.build(root, kind);
        CelType type = types.typeOf(root);
        return type == null ? Optional.empty()
                : Optional.of(new ObjectCelType(type, List.copyOf(types.structs())));
    }
}
