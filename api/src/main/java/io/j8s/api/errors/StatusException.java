package io.j8s.api.errors;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.util.List;

/**
 * A failed API request, as upstream reports it: an HTTP code, a {@code reason}, a message and,
 * for validation errors, the fields at fault. Throw it anywhere in request handling; the server
 * turns it into a {@code Status} body.
 */
public final class StatusException extends RuntimeException {
    private final transient Status status;

    public StatusException(Status status) {
        super(status.getMessage());
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int code() {
        return status.getCode();
    }

    public String reason() {
        return status.getReason();
    }

    /** A resource as errors name it: {@code pods} or {@code deployments.apps}. */
    public record Resource(String group, String plural) {
        String qualified() {
            return group == null || group.isEmpty() ? plural : plural + "." + group;
        }
    }

    private static Status status(int code, String reason, String message, Resource resource,
            String name, List<StatusCause> causes) {
        StatusDetailsBuilder details = new StatusDetailsBuilder();
        boolean hasDetails = false;
        if (resource != null) {
            details.withGroup(resource.group()).withKind(resource.plural());
            hasDetails = true;
        }
        if (name != null) {
            details.withName(name);
            hasDetails = true;
        }
        if (causes != null && !causes.isEmpty()) {
            details.withCauses(causes);
            hasDetails = true;
        }
        StatusBuilder b = new StatusBuilder()
                .withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata()
                .withStatus("Failure").withMessage(message).withReason(reason).withCode(code);
        if (hasDetails) {
            b.withDetails(details.build());
        }
        return b.build();
    }

    public static StatusException notFound(Resource resource, String name) {
        return new StatusException(status(404, "NotFound",
                resource.qualified() + " \"" + name + "\" not found", resource, name, null));
    }

    /** 404 for a URL that names nothing the server serves. */
    public static StatusException noSuchPath() {
        return new StatusException(status(404, "NotFound",
                "the server could not find the requested resource", null, null, null));
    }

    public static StatusException alreadyExists(Resource resource, String name) {
        return new StatusException(status(409, "AlreadyExists",
                resource.qualified() + " \"" + name + "\" already exists", resource, name, null));
    }

    public static StatusException conflict(Resource resource, String name, String why) {
        return new StatusException(status(409, "Conflict", "Operation cannot be fulfilled on "
                + resource.qualified() + " \"" + name + "\": " + why, resource, name, null));
    }

    /** 422 with one cause per field at fault, upstream's "Kind \"name\" is invalid: ..." message. */
    public static StatusException invalid(String kind, Resource resource, String name,
            List<StatusCause> causes) {
        StringBuilder m = new StringBuilder(kind).append(" \"").append(name == null ? "" : name)
                .append("\" is invalid: ");
        if (causes.size() > 1) {
            m.append('[');
        }
        for (int i = 0; i < causes.size(); i++) {
            StatusCause c = causes.get(i);
            if (i > 0) {
                m.append(", ");
            }
            m.append(c.getField()).append(": ").append(c.getMessage());
        }
        if (causes.size() > 1) {
            m.append(']');
        }
        Status s = status(422, "Invalid", m.toString(), resource, name, causes);
        // a qualified kind (CreateOptions.meta.k8s.io) is its kind and group in the details
        int dot = kind.indexOf('.');
        s.getDetails().setKind(dot < 0 ? kind : kind.substring(0, dot));
        if (dot >= 0) {
            s.getDetails().setGroup(kind.substring(dot + 1));
        }
        return new StatusException(s);
    }

    /** One field cause: {@code reason} is upstream's FieldValueRequired, FieldValueInvalid, ... */
    public static StatusCause cause(String reason, String field, String message) {
        return new StatusCauseBuilder().withReason(reason).withField(field).withMessage(message)
                .build();
    }

    /** 422 Invalid without field causes: a patch that does not apply, say. */
    public static StatusException unprocessable(String message) {
        return new StatusException(status(422, "Invalid", message, null, null, null));
    }

    public static StatusException badRequest(String message) {
        return new StatusException(status(400, "BadRequest", message, null, null, null));
    }

    public static StatusException unauthorized(String message) {
        return new StatusException(status(401, "Unauthorized", message, null, null, null));
    }

    public static StatusException forbidden(String message) {
        return new StatusException(status(403, "Forbidden", message, null, null, null));
    }

    public static StatusException methodNotAllowed(String message) {
        return new StatusException(status(405, "MethodNotAllowed", message, null, null, null));
    }

    public static StatusException notAcceptable(String message) {
        return new StatusException(status(406, "NotAcceptable", message, null, null, null));
    }

    /** 410 Gone, reason Expired: a resource version or continue token that was compacted away. */
    public static StatusException expired(String message) {
        return new StatusException(status(410, "Expired", message, null, null, null));
    }

    public static StatusException gone(String message) {
        return new StatusException(status(410, "Gone", message, null, null, null));
    }

    public static StatusException tooLarge(String message) {
        return new StatusException(status(413, "RequestEntityTooLarge", message, null, null, null));
    }

    /**
     * 429 TooManyRequests: the request may succeed later, as an eviction that a disruption budget
     * blocks today; {@code causes} say why (their {@code reason} is upstream's cause type).
     */
    public static StatusException tooManyRequests(String message, List<StatusCause> causes) {
        return new StatusException(status(429, "TooManyRequests", message, null, null, causes));
    }

    public static StatusException unsupportedMediaType(String message) {
        return new StatusException(status(415, "UnsupportedMediaType", message, null, null, null));
    }

    public static StatusException internal(String message) {
        return new StatusException(status(500, "InternalError", message, null, null, null));
    }

    public static StatusException timeout(String message) {
        return new StatusException(status(504, "Timeout", message, null, null, null));
    }

    public static StatusException serviceUnavailable(String message) {
        return new StatusException(status(503, "ServiceUnavailable", message, null, null, null));
    }
}
