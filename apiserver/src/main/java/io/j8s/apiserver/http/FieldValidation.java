package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.fields.UnknownFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One request's {@code fieldValidation}: unknown fields are always dropped; {@code Strict} fails
 * the request with upstream's strict decoding error, {@code Warn} (the default) answers each as a
 * warning, {@code Ignore} says nothing.
 */
final class FieldValidation {
    private final String level;
    private final ResourceType type;
    private final Set<String> warnings = new LinkedHashSet<>();

    FieldValidation(String level, ResourceType type) {
        this.level = level.isEmpty() ? "Warn" : level;
        this.type = type;
    }

    /** Checks a decoded create or update body. */
    ObjectNode body(ObjectNode body) {
        check(body, type.kind() + " in version \"" + version() + "\" cannot be handled as a "
                + type.kind() + ": ");
        return body;
    }

    /** Checks what a patch makes of the live object. */
    UnaryOperator<ObjectNode> patch(UnaryOperator<ObjectNode> patch) {
        return live -> {
            ObjectNode patched = patch.apply(live);
            check(patched, "");
            return patched;
        };
    }

    private void check(ObjectNode object, String prefix) {
        if (type.type() == null) {
            return;
        }
        List<String> unknown = UnknownFields.removeFrom(object, type.type());
        if (unknown.isEmpty() || level.equals("Ignore")) {
            return;
        }
        List<String> messages = new ArrayList<>();
        unknown.forEach(f -> messages.add("unknown field \"" + f + "\""));
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
