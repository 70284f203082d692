package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.fields.DuplicateFields;
import io.j8s.apiserver.fields.ManagedFields;
import io.j8s.apiserver.fields.UnknownFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One request's {@code fieldValidation}: unknown fields are always dropped (and of a duplicated
 * field the last value kept); {@code Strict} fails the request with upstream's strict decoding
 * error, {@code Warn} (the default) answers each as a warning, {@code Ignore} says nothing.
 */
final class FieldValidation {
    private final String level;
    private final ResourceType type;
    private final Set<String> warnings = new LinkedHashSet<>();

    FieldValidation(String level, ResourceType type) {
        this.level = level.isEmpty() ? "Warn" : level;
        this.type = type;
    }

    /** Checks a create or update body, decoded from the request's. */
    ObjectNode body(ApiRequest request, ObjectNode body) {
        check(body, duplicates(request), type.kind() + " in version \"" + version()
                + "\" cannot be handled as a " + type.kind() + ": ");
        return body;
    }

    /** Checks the patch itself for duplicates, and what it makes of the live object. */
    UnaryOperator<ObjectNode> patch(ApiRequest request, UnaryOperator<ObjectNode> patch) {
        List<String> duplicates = ApiHandler.mediaType(request.contentType())
                .equals("application/json-patch+json") ? List.of() : duplicates(request);
        return live -> {
            ObjectNode patched = patch.apply(live);
            check(patched, duplicates, "");
            return patched;
        };
    }

    private static List<String> duplicates(ApiRequest request) {
        if (request.body() == null) {
            return List.of();
        }
        String media = ApiHandler.mediaType(request.contentType());
        return DuplicateFields.find(request.body(), media.contains("yaml"));
    }

    private void check(ObjectNode object, List<String> duplicates, String prefix) {
        if (type.type() == null) {
            return;
        }
        List<String> messages = new ArrayList<>();
        List<String> unknown = UnknownFields.removeFrom(object, type.type());
        if (!unknown.isEmpty()) {
            ManagedFields.forgetMissing(object);
        }
        unknown.forEach(f -> messages.add("unknown field \"" + f + "\""));
        if (level.equals("Ignore")) {
            return;
        }
        duplicates.forEach(f -> messages.add("duplicate field \"" + f + "\""));
        if (messages.isEmpty()) {
            return;
        }
        if (level.equals("Strict")) {
            throw StatusException.badRequest(prefix + "strict decoding error: "
                    + String.join(", ", messages));
        }
        warnings.addAll(messages);
    }

    Reply attach(Reply reply) {
        return reply instanceof Reply.Body b ? b.withWarnings(List.copyOf(warnings)) : reply;
    }

    private String version() {
        String v = type.apiVersion();
        return v.substring(v.indexOf('/') + 1);
    }
}
