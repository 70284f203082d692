package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.RequestCredentials;
import io.j8s.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The create-only reviews, answered at once and never stored: who am I (SelfSubjectReview), whose
 * token is this (TokenReview), may I / may they (Self-, Local- and SubjectAccessReview) and what
 * may I do (SelfSubjectRulesReview). They ask the server's own authenticator and authorizer, so
 * {@code kubectl auth whoami} and {@code kubectl auth can-i} tell the truth about this server.
 */
public final class Reviews {
    /** Who every request is when the server runs without authentication (tests on loopback). */
    public static final UserInfo ADMIN = new UserInfo("system:anonymous-admin", "",
            List.of("system:masters", UserInfo.AUTHENTICATED));
    /** What a token is for when the review names no audience: the API server itself. */
    private static final String AUDIENCE = "https://kubernetes.default.svc.cluster.local";

    private final Authenticator authenticator;
    private final Authorizer authorizer;

    /** Null arguments: no authentication, everybody may do everything. */
    public Reviews(Authenticator authenticator, Authorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    /** Answers a review posted to {@code type} (in {@code namespace} for the local one). */
    ObjectNode create(ResourceType type, String namespace, ObjectNode review, UserInfo user) {
        review.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        ObjectNode meta = review.with("metadata");
        if (!meta.has("creationTimestamp")) {
            meta.putNull("creationTimestamp");
        }
        ObjectNode spec = review.with("spec");
        ObjectNode status = Json.MAPPER.createObjectNode();
        switch (type.kind()) {
            case "SelfSubjectReview" -> {
                review.remove("spec");
                status.set("userInfo", userInfo(user));
            }
            case "TokenReview" -> tokenReview(type, spec, status);
            case "SelfSubjectAccessReview" -> decide(type, spec, user, status);
            case "SelfSubjectRulesReview" -> rules(spec, user, status);
            case "SubjectAccessReview" -> decide(type, spec, subject(type, spec), status);
            case "LocalSubjectAccessReview" -> {
                String asked = spec.path("resourceAttributes").path("namespace").asText("");
                if (spec.has("resourceAttributes") && !asked.equals(namespace)) {
                    throw StatusException.badRequest("spec.resourceAttributes.namespace must"
                            + " match namespace: " + namespace);
                }
                meta.put("namespace", namespace);
                decide(type, spec, subject(type, spec), status);
            }
            default -> throw StatusException.notFound(type.errorName(), "");
        }
        review.set("status", status);
        return review;
    }

    private void tokenReview(ResourceType type, ObjectNode spec, ObjectNode status) {
        String token = spec.path("token").asText("");
        if (token.isEmpty()) {
            throw invalid(type, "spec.token", "FieldValueRequired", "Required value");
        }
        Optional<UserInfo> user = authenticator == null ? Optional.empty()
                : authenticator.authenticate(new RequestCredentials(List.of(), "Bearer " + token));
        status.put("authenticated", user.isPresent());
        status.set("user", user.map(Reviews::userInfo).orElseGet(Json.MAPPER::createObjectNode));
        if (user.isEmpty()) {
            status.put("error", "invalid bearer token");
            return;
        }
        ArrayNode audiences = status.putArray("audiences");
        if (spec.path("audiences").isEmpty()) {
            audiences.add(AUDIENCE);
        } else {
            spec.path("audiences").forEach(audiences::add);
        }
    }

    /** The user a SubjectAccessReview asks about: its spec's user, uid and groups. */
    private static UserInfo subject(ResourceType type, ObjectNode spec) {
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        String name = spec.path("user").asText("");
        if (name.isEmpty() && groups.isEmpty()) {
            throw invalid(type, "spec.user", "FieldValueInvalid", "Invalid value: \"\": at least"
                    + " one of user or group must be specified");
        }
        return new UserInfo(name, spec.path("uid").asText(""), groups);
    }

    private void decide(ResourceType type, ObjectNode spec, UserInfo user, ObjectNode status) {
        JsonNode resource = spec.get("resourceAttributes");
        JsonNode nonResource = spec.get("nonResourceAttributes");
        if ((resource == null) == (nonResource == null)) {
            throw invalid(type, "spec.resourceAttributes", "FieldValueInvalid", "Invalid value:"
                    + " \"null\": exactly one of nonResourceAttributes or resourceAttributes must"
                    + " be specified");
        }
        Attributes asked;
        if (resource != null) {
            asked = Attributes.resource(user, resource.path("verb").asText(""),
                    resource.path("group").asText(""), resource.path("version").asText(""),
                    resource.path("namespace").asText(""), resource.path("resource").asText(""),
                    resource.path("subresource").asText(""), resource.path("name").asText(""));
        } else {
            asked = Attributes.nonResource(user, nonResource.path("verb").asText(""),
                    nonResource.path("path").asText(""));
        }
        boolean allowed = authorizer == null || authorizer.allowed(asked);
        status.put("allowed", allowed);
    }

    private void rules(ObjectNode spec, UserInfo user, ObjectNode status) {
        Authorizer.Rules rules = authorizer == null ? Authorizer.Rules.EVERYTHING
                : authorizer.rules(user, spec.path("namespace").asText(""));
        ArrayNode resourceRules = status.putArray("resourceRules");
        for (Authorizer.ResourceRule r : rules.resourceRules()) {
            ObjectNode rule = resourceRules.addObject();
            strings(rule.putArray("verbs"), r.verbs());
            strings(rule.putArray("apiGroups"), r.apiGroups());
            strings(rule.putArray("resources"), r.resources());
            if (!r.resourceNames().isEmpty()) {
                strings(rule.putArray("resourceNames"), r.resourceNames());
            }
        }
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (Authorizer.NonResourceRule r : rules.nonResourceRules()) {
            ObjectNode rule = nonResourceRules.addObject();
            strings(rule.putArray("verbs"), r.verbs());
            strings(rule.putArray("nonResourceURLs"), r.nonResourceURLs());
        }
        status.put("incomplete", rules.incomplete());
    }

    private static ObjectNode userInfo(UserInfo user) {
        ObjectNode info = Json.MAPPER.createObjectNode();
        info.put("username", user.name());
        if (!user.uid().isEmpty()) {
            info.put("uid", user.uid());
        }
        strings(info.putArray("groups"), user.groups());
        if (!user.extra().isEmpty()) {
            ObjectNode extra = info.putObject("extra");
            user.extra().forEach((k, v) -> strings(extra.putArray(k), v));
        }
        return info;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static StatusException invalid(ResourceType type, String field, String reason,
            String message) {
        return StatusException.invalid(type.kind(), type.errorName(), "",
                List.of(StatusException.cause(reason, field, message)));
    }
}
