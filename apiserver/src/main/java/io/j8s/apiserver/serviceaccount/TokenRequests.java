package io.j8s.apiserver.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.ObjectLookup;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Upstream's TokenRequest ({@code POST .../serviceaccounts/NAME/token}): a JWT for the service
 * account, signed with the {@link SigningKey}, for {@code spec.audiences} (the API audiences when
 * none), valid {@code spec.expirationSeconds} (default 3600, at least 600), optionally bound to a
 * Pod, Secret or Node that must exist with the given uid. A pod-bound token asked for with
 * upstream's 3607 seconds (the kubelet's {@code kube-api-access} volume) is valid a year and
 * carries {@code warnafter}, as upstream's {@code --service-account-extend-token-expiration}.
 * With a maximum ({@code --service-account-max-token-expiration}) a longer request is granted the
 * maximum, and an extended token lives at most that long.
 */
public final class TokenRequests {
    static final long DEFAULT_SECONDS = 3600;
    static final long MIN_SECONDS = 600;
    static final long WARN_ONLY_SECONDS = 3607;
    static final long EXTENDED_SECONDS = 365L * 24 * 3600;

    private final SigningKey key;
    private final String issuer;
    private final List<String> apiAudiences;
    private final ObjectLookup lookup;
    private final Clock clock;
    private final long maxSeconds;

    public TokenRequests(SigningKey key, String issuer, List<String> apiAudiences,
            ObjectLookup lookup, Clock clock) {
        this(key, issuer, apiAudiences, lookup, clock, java.time.Duration.ZERO);
    }

    /** {@code maxExpiration} zero: no maximum. */
    public TokenRequests(SigningKey key, String issuer, List<String> apiAudiences,
            ObjectLookup lookup, Clock clock, java.time.Duration maxExpiration) {
        this.maxSeconds = maxExpiration.toSeconds();
        this.key = key;
        this.issuer = issuer;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.lookup = lookup;
        this.clock = clock;
    }

    /** Answers a TokenRequest posted for service account {@code namespace/name}. */
    public ObjectNode create(String namespace, String name, ObjectNode request) {
        JsonNode account = lookup.find("serviceaccounts", namespace, name)
                .orElseThrow(() -> StatusException.notFound(
                        new StatusException.Resource("", "serviceaccounts"), name));
        ObjectNode spec = request.with("spec");
        if (!spec.has("expirationSeconds") || spec.get("expirationSeconds").isNull()) {
            spec.put("expirationSeconds", DEFAULT_SECONDS);
        }
        long seconds = spec.path("expirationSeconds").asLong();
        if (seconds < MIN_SECONDS) {
            throw invalid(name, "spec.expirationSeconds", seconds,
                    "may not specify a duration less than 10 minutes");
        }
        if (seconds > (1L << 32)) {
            throw invalid(name, "spec.expirationSeconds", seconds,
                    "may not specify a duration larger than 2^32 seconds");
        }
        if (maxSeconds > 0 && seconds > maxSeconds) {
            seconds = maxSeconds;
            spec.put("expirationSeconds", seconds);
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        if (audiences.isEmpty()) {
            audiences.addAll(apiAudiences);
            ArrayNode a = spec.putArray("audiences");
            audiences.forEach(a::add);
        }
        Map<String, Object> kube = new LinkedHashMap<>();
        kube.put("namespace", namespace);
        kube.put("serviceaccount", ref(account));
        JsonNode bound = spec.path("boundObjectRef");
        boolean pod = false;
        if (bound.isObject()) {
            JsonNode object = boundObject(namespace, name, bound);
            String kind = bound.path("kind").asText();
            kube.put(kind.toLowerCase(java.util.Locale.ROOT), ref(object));
            if (kind.equals("Pod")) {
                pod = true;
                if (!object.path("spec").path("serviceAccountName").asText("default").equals(name)) {
                    throw StatusException.badRequest("cannot bind token for serviceaccount \""
                            + name + "\" to pod running with different serviceaccount name.");
                }
                String nodeName = object.path("spec").path("nodeName").asText("");
                if (!nodeName.isEmpty()) {
                    lookup.find("nodes", "", nodeName).ifPresent(n -> kube.put("node", ref(n)));
                }
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long lifetime = seconds;
        if (pod && seconds == WARN_ONLY_SECONDS && audiences.stream().allMatch(apiAudiences::contains)) {
            kube.put("warnafter", now.getEpochSecond() + seconds);
            lifetime = maxSeconds > 0 ? Math.min(EXTENDED_SECONDS, maxSeconds) : EXTENDED_SECONDS;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audiences);
        claims.put("exp", now.getEpochSecond() + lifetime);
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", issuer);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("kubernetes.io", kube);
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", "system:serviceaccount:" + namespace + ":" + name);
        String token = key.sign(claims);

        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode meta = answer.putObject("metadata");
        meta.put("name", name).put("namespace", namespace)
                .put("creationTimestamp", now.toString());
        answer.set("spec", spec);
        answer.putObject("status").put("token", token)
                .put("expirationTimestamp", now.plusSeconds(seconds).toString());
        return answer;
    }

    /** The object a token is bound to: it must exist, and with the uid given when one is. */
    private JsonNode boundObject(String namespace, String account, JsonNode ref) {
        String kind = ref.path("kind").asText("");
        String apiVersion = ref.path("apiVersion").asText("v1");
        String resource = switch (kind) {
            case "Pod" -> "pods";
            case "Secret" -> "secrets";
            case "Node" -> "nodes";
            default -> throw StatusException.badRequest("cannot bind token for serviceaccount \""
                    + account + "\" to object of kind \"" + kind + "\"");
        };
        if (!apiVersion.isEmpty() && !apiVersion.equals("v1")) {
            throw StatusException.badRequest("cannot bind token for serviceaccount \"" + account
                    + "\" to object of kind \"" + kind + "\" in " + apiVersion);
        }
        String objectName = ref.path("name").asText("");
        JsonNode object = lookup.find(resource, kind.equals("Node") ? "" : namespace, objectName)
                .orElseThrow(() -> StatusException.notFound(
                        new StatusException.Resource("", resource), objectName));
        String uid = ref.path("uid").asText("");
        String actual = object.path("metadata").path("uid").asText("");
        if (!uid.isEmpty() && !uid.equals(actual)) {
            throw StatusException.conflict(new StatusException.Resource("", kind), objectName,
                    "the UID in the bound object reference (" + uid + ") does not match the UID"
                            + " in record. The object might have been deleted and then recreated");
        }
        return object;
    }

    private static Map<String, Object> ref(JsonNode object) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("name", object.path("metadata").path("name").asText());
        ref.put("uid", object.path("metadata").path("uid").asText());
        return ref;
    }

    private static StatusException invalid(String name, String field, long value, String why) {
        return StatusException.invalid("TokenRequest",
                new StatusException.Resource("authentication.k8s.io", "tokenrequests"), name,
                List.of(StatusException.cause("FieldValueInvalid", field,
                        "Invalid value: " + value + ": " + why)));
    }
}
