package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.fields.DuplicateFields;
import io.j8s.apiserver.fields.ManagedFields;
import io.j8s.apiserver.registry.Strategy;
import io.j8s.apiserver.wire.Decoding;
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
    private final Strategy strategy;
    private final Set<String> warnings = new LinkedHashSet<>();

    FieldValidation(String level, ResourceType type, Strategy strategy) {
        this.level = level.isEmpty() ? "Warn" : level;
        this.type = type;
        this.strategy = strategy;
    }

    /**
     * Checks a create or update body, decoded from the request's: a field of the wrong JSON type
     * is a 400, as upstream's decoding into the Go type answers it.
     */
    ObjectNode body(ApiRequest request, ObjectNode body) {
        decoded(body, type.kind(), type.apiVersion(), type.type());
        check(body, duplicates(request), prefix(type.kind(), type.apiVersion()));
        return body;
    }

    /**
     * {@code body}, a {@code kind} at {@code apiVersion} of model class {@code model} (none: not
     * checked); a field of the wrong JSON type is a 400, as upstream's decoder answers it.
     */
    static ObjectNode decoded(ObjectNode body, String kind, String apiVersion, Class<?> model) {
        if (model != null) {
            Decoding.typeError(body, model).ifPresent(e -> {
                throw StatusException.badRequest(prefix(kind, apiVersion) + e);
            });
        }
        return body;
    }

    /** {@code patch}, whose result must decode as {@code model}: a 422 on {@code patch} if not. */
    static UnaryOperator<ObjectNode> decoded(UnaryOperator<ObjectNode> patch, Class<?> model) {
        return live -> {
            ObjectNode patched = patch.apply(live);
            Decoding.typeError(patched, model).ifPresent(e -> {
                throw StatusException.invalid("", null, "", List.of(Causes.invalid(
                        FieldPath.of("patch"), patched.toString(), e)));
            });
            return patched;
        };
    }

    private static String prefix(String kind, String apiVersion) {
        return kind + " in version \"" + apiVersion.substring(apiVersion.indexOf('/') + 1)
                + "\" cannot be handled as a " + kind + ": ";
    }

    /**
     * Checks the patch itself for duplicates, and what it makes of the live object: a result that
     * does not decode is a 422 on {@code patch}, as upstream's patcher answers it.
     */
    UnaryOperator<ObjectNode> patch(ApiRequest request, UnaryOperator<ObjectNode> patch) {
        List<String> duplicates = ApiHandler.mediaType(request.contentType())
                .equals("application/json-patch+json") ? List.of() : duplicates(request);
        UnaryOperator<ObjectNode> decoded = type.type() == null ? patch
                : decoded(patch, type.type());
        return live -> {
            ObjectNode patched = decoded.apply(live);
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
        List<String> unknown = strategy.removeUnknownFields(object, type.type());
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
}
