package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;

/** The {@code x-kubernetes-group-version-kind} of a definition or an operation. */
record GroupVersionKind(String group, String version, String kind) {

    static GroupVersionKind of(ResourceType t) {
        return new GroupVersionKind(t.group(), t.version(), t.kind());
    }

    ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("group", group);
        n.put("kind", kind);
        n.put("version", version);
        return n;
    }
}
