package io.j8s.apiserver.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a pod (or pod template) the checks read: its metadata and spec, and its init,
 * regular and ephemeral containers in that order, as upstream visits them.
 */
record Pod(JsonNode metadata, JsonNode spec) {
    static Pod of(JsonNode podOrTemplate) {
        return new Pod(podOrTemplate.path("metadata"), podOrTemplate.path("spec"));
    }

    List<JsonNode> containers() {
        List<JsonNode> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            spec.path(field).forEach(all::add);
        }
        return all;
    }

    /** The pod's securityContext; missing when not set. */
    JsonNode podContext() {
        return spec.path("securityContext");
    }

    static JsonNode context(JsonNode container) {
        JsonNode sc = container.path("securityContext");
        return sc.isObject() ? sc : MissingNode.getInstance();
    }

    static String name(JsonNode container) {
        return container.path("name").asText("");
    }

    boolean windows() {
        return spec.path("os").path("name").asText("").equals("windows");
    }

    /** A pod in its own user namespace ({@code hostUsers: false}). */
    boolean userNamespace() {
        return spec.path("hostUsers").isBoolean() && !spec.path("hostUsers").asBoolean();
    }
}
