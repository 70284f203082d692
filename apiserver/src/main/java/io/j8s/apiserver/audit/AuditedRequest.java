package io.j8s.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request under audit: its ID (the {@code Audit-Id} response header), and its events as it
 * goes: RequestReceived, then ResponseStarted for a watch, then ResponseComplete or Panic. The
 * request and response bodies are kept only at the levels that log them.
 */
public final class AuditedRequest {
    private static final DateTimeFormatter MICROS = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private final AuditLog log;
    private final String id;
    private final AuditPolicy.Decision decision;
    private final AuditAttributes attributes;
    private final String requestUri;
    private final List<String> sourceIps;
    private final String userAgent;
    private final Instant received;
    private final Clock clock;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private JsonNode requestObject;
    private String createdName = "";

    AuditedRequest(AuditLog log, String id, AuditPolicy.Decision decision,
            AuditAttributes attributes, String requestUri, List<String> sourceIps,
            String userAgent, Instant received, Clock clock) {
        this.log = log;
        this.id = id;
        this.decision = decision;
        this.attributes = attributes;
        this.requestUri = requestUri;
        this.sourceIps = sourceIps;
        this.userAgent = userAgent;
        this.received = received;
        this.clock = clock;
    }

    public String auditId() {
        return id;
    }

    /** The authorizer's decision, as upstream's {@code authorization.k8s.io/*} annotations. */
    public synchronized void authorized(boolean allowed, String reason) {
        annotations.put("authorization.k8s.io/decision", allowed ? "allow" : "forbid");
        annotations.put("authorization.k8s.io/reason", reason == null ? "" : reason);
    }

    /** Admission's annotations (PodSecurity's, ...). */
    public synchronized void annotate(Map<String, String> more) {
        annotations.putAll(more);
    }

    /** The request's body (JSON, YAML or protobuf), kept from level Request on. */
    public synchronized void requestBody(byte[] body, String contentType) {
        if (decision == null || body == null || body.length == 0) {
            return;
        }
        JsonNode parsed = parse(body, contentType);
        if (parsed != null) {
            createdName = parsed.path("metadata").path("name").asText("");
            if (decision.level().atLeast(Level.Request)) {
                requestObject = strip(parsed);
            }
        }
    }

    /** A watch started streaming. */
    public void responseStarted(int code) {
        stage("ResponseStarted", code, null, null);
    }

    /** The answer was sent; {@code body} is logged at RequestResponse. */
    public void complete(int code, byte[] body, String contentType) {
        JsonNode response = decision != null && decision.level().atLeast(Level.RequestResponse)
                && body != null && body.length > 0 ? strip(parse(body, contentType)) : null;
        stage("ResponseComplete", code, response, null);
    }

    /** The server failed while serving it. */
    public void panic(String message) {
        stage("Panic", 500, null, message);
    }

    synchronized void stage(String stage, Integer code, JsonNode response, String message) {
        if (decision == null || decision.omitStages().contains(stage)) {
            return;
        }
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("kind", "Event").put("apiVersion", "audit.k8s.io/v1")
                .put("level", decision.level().name()).put("auditID", id).put("stage", stage)
                .put("requestURI", requestUri).put("verb", attributes.verb());
        ObjectNode user = e.putObject("user").put("username", attributes.user());
        attributes.groups().forEach(user.putArray("groups")::add);
        sourceIps.forEach(e.putArray("sourceIPs")::add);
        if (userAgent != null) {
            e.put("userAgent", userAgent);
        }
        if (attributes.resourceRequest()) {
            ObjectNode ref = e.putObject("objectRef").put("resource", attributes.resource());
            if (!attributes.namespace().isEmpty()) {
                ref.put("namespace", attributes.namespace());
            }
            String name = attributes.name().isEmpty() && attributes.verb().equals("create")
                    ? createdName : attributes.name();
            if (!name.isEmpty()) {
                ref.put("name", name);
            }
            if (!attributes.apiGroup().isEmpty()) {
                ref.put("apiGroup", attributes.apiGroup());
            }
            ref.put("apiVersion", attributes.apiVersion());
            if (!attributes.subresource().isEmpty()) {
                ref.put("subresource", attributes.subresource());
            }
        }
        if (code != null) {
            ObjectNode status = e.putObject("responseStatus");
            status.putObject("metadata");
            status.put("code", code);
            if (message != null) {
                status.put("status", "Failure").put("message", message);
            }
        }
        if (requestObject != null) {
            e.set("requestObject", requestObject);
        }
        if (response != null) {
            e.set("responseObject", response);
        }
        e.put("requestReceivedTimestamp", MICROS.format(received));
        e.put("stageTimestamp", MICROS.format(clock.instant()));
        if (!annotations.isEmpty()) {
            ObjectNode a = e.putObject("annotations");
            annotations.forEach(a::put);
        }
        log.write(e);
    }

    private static JsonNode parse(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        try {
            if (type.equals(io.j8s.api.codec.Protobuf.MEDIA_TYPE)) {
                return io.j8s.api.codec.Protobuf.decode(body);
            }
            JsonNode n = (type.endsWith("yaml") ? Json.YAML : Json.MAPPER).readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // a body that does not decode to an object is not logged
        }
    }

    private JsonNode strip(JsonNode object) {
        if (object == null || !decision.omitManagedFields()) {
            return object;
        }
        JsonNode copy = object.deepCopy();
        if (copy.path("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
        }
        copy.path("items").forEach(i -> {
            if (i.path("metadata") instanceof ObjectNode m) {
                m.remove("managedFields");
            }
        });
        return copy;
    }
}
