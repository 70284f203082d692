package io.j8s.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Upstream's service account token authenticator: a JWT signed by one of the service account
 * keys, in the key's algorithm (RS256 for RSA, ES256/384/512 by an ECDSA key's curve), is user
 * {@code system:serviceaccount:NS:NAME} (uid = the account's) in {@code system:serviceaccounts},
 * {@code system:serviceaccounts:NS} and {@code system:authenticated}. A bound token ({@code kubernetes.io} claims) must come from one
 * of the issuers, name one of the API audiences, be within {@code nbf}..{@code exp} (a minute of
 * leeway, as upstream) and its account and bound pod or secret must still exist with the uids in
 * the token and not have been deleted more than a minute ago; a pod-bound token adds the pod's
 * and node's names and uids and the token's id to the user's extra. A legacy token (issuer
 * {@code kubernetes/serviceaccount}, from a {@code kubernetes.io/service-account-token} Secret)
 * needs its Secret to still hold it. A token's signature and claims are checked once and
 * remembered until it expires; the objects are looked up on every request.
 */
final class ServiceAccountTokenAuthenticator implements Authenticator {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.authn");
    static final String LEGACY_ISSUER = "kubernetes/serviceaccount";
    private static final long LEEWAY_SECONDS = 60;
    private static final int CACHE_LIMIT = 20_000;

    private final List<KeyVerifier> verifiers;
    private final List<String> issuers;
    private final List<String> audiences;
    private final ObjectLookup lookup;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record KeyVerifier(JWSAlgorithm algorithm, JWSVerifier verifier) {}

    /** What a token says, once its signature and issuer are known good. */
    private record Verified(String namespace, String account, String accountUid, boolean legacy,
            String secretName, String secretUid, String podName, String podUid,
            String nodeName, String nodeUid, String jti, long notBefore, long expires) {}

    ServiceAccountTokenAuthenticator(List<PublicKey> keys, List<String> issuers,
            List<String> audiences, ObjectLookup lookup, Clock clock) {
        this.verifiers = keys.stream()
                .map(k -> new KeyVerifier(JwsKeys.algorithm(k), JwsKeys.verifier(k))).toList();
        this.issuers = List.copyOf(issuers);
        this.audiences = List.copyOf(audiences);
        this.lookup = lookup;
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(RequestCredentials credentials) {
        Optional<String> bearer = credentials.bearerToken();
        if (bearer.isEmpty() || !bearer.get().startsWith("eyJ")) {
            return Optional.empty();
        }
        String token = bearer.get();
        Verified v = verified.get(token);
        if (v == null) {
            v = verify(token);
            if (v == null) {
                return Optional.empty();
            }
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
            verified.put(token, v);
        }
        long now = clock.instant().getEpochSecond();
        if (now + LEEWAY_SECONDS < v.notBefore() || v.expires() > 0 && now - LEEWAY_SECONDS >= v.expires()) {
            if (v.expires() > 0 && now - LEEWAY_SECONDS >= v.expires()) {
                verified.remove(token);
            }
            return Optional.empty();
        }
        if (!stillValid(v, token, clock.instant())) {
            return Optional.empty();
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        if (!v.podName().isEmpty()) {
            extra.put("authentication.kubernetes.io/pod-name", List.of(v.podName()));
            extra.put("authentication.kubernetes.io/pod-uid", List.of(v.podUid()));
        }
        if (!v.nodeName().isEmpty()) {
            extra.put("authentication.kubernetes.io/node-name", List.of(v.nodeName()));
            extra.put("authentication.kubernetes.io/node-uid", List.of(v.nodeUid()));
        }
        if (!v.jti().isEmpty()) {
            extra.put("authentication.kubernetes.io/credential-id", List.of("JTI=" + v.jti()));
        }
        return Optional.of(UserInfo.authenticated(
                "system:serviceaccount:" + v.namespace() + ":" + v.account(), v.accountUid(),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + v.namespace()),
                extra));
    }

    /** The token's claims when it is signed by one of the keys and is for this server; else null. */
    private Verified verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
            boolean signed = false;
            for (KeyVerifier key : verifiers) {
                if (key.algorithm().equals(algorithm) && jwt.verify(key.verifier())) {
                    signed = true;
                    break;
                }
            }
            if (!signed) {
                LOG.fine("service account token with a signature of no known key");
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String issuer = claims.getIssuer();
            if (LEGACY_ISSUER.equals(issuer)) {
                return legacy(claims);
            }
            if (!issuers.contains(issuer) || claims.getAudience().stream().noneMatch(audiences::contains)
                    || claims.getExpirationTime() == null) {
                return null;
            }
            Map<String, Object> kube = claims.getJSONObjectClaim("kubernetes.io");
            if (kube == null) {
                return null;
            }
            Map<String, Object> account = object(kube, "serviceaccount");
            Map<String, Object> pod = object(kube, "pod");
            Map<String, Object> secret = object(kube, "secret");
            Map<String, Object> node = object(kube, "node");
            String namespace = text(kube, "namespace");
            String name = text(account, "name");
            if (namespace.isEmpty() || name.isEmpty() || !claims.getSubject()
                    .equals("system:serviceaccount:" + namespace + ":" + name)) {
                return null;
            }
            long nbf = claims.getNotBeforeTime() == null ? 0
                    : claims.getNotBeforeTime().toInstant().getEpochSecond();
            return new Verified(namespace, name, text(account, "uid"), false, text(secret, "name"),
                    text(secret, "uid"), text(pod, "name"), text(pod, "uid"), text(node, "name"),
                    text(node, "uid"), claims.getJWTID() == null ? "" : claims.getJWTID(), nbf,
                    claims.getExpirationTime().toInstant().getEpochSecond());
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | ClassCastException e) {
            LOG.fine("unreadable service account token: " + e.getMessage());
            return null;
        }
    }

    private static Verified legacy(JWTClaimsSet claims) throws java.text.ParseException {
        String namespace = claims.getStringClaim("kubernetes.io/serviceaccount/namespace");
        String name = claims.getStringClaim("kubernetes.io/serviceaccount/service-account.name");
        String uid = claims.getStringClaim("kubernetes.io/serviceaccount/service-account.uid");
        String secret = claims.getStringClaim("kubernetes.io/serviceaccount/secret.name");
        if (namespace == null || name == null || secret == null || !("system:serviceaccount:"
                + namespace + ":" + name).equals(claims.getSubject())) {
            return null;
        }
        return new Verified(namespace, name, uid == null ? "" : uid, true, secret, "", "", "", "",
                "", "", 0, 0);
    }

    /** The account and bound objects still exist with the token's uids and are not long deleted. */
    private boolean stillValid(Verified v, String token, Instant now) {
        Optional<JsonNode> account = lookup.find("serviceaccounts", v.namespace(), v.account());
        if (!live(account, v.accountUid(), now)) {
            LOG.fine("service account " + v.namespace() + "/" + v.account() + " is gone");
            return false;
        }
        if (!v.secretName().isEmpty()) {
            Optional<JsonNode> secret = lookup.find("secrets", v.namespace(), v.secretName());
            if (!live(secret, v.secretUid(), now)) {
                return false;
            }
            if (v.legacy()) {
                String stored = secret.get().path("data").path("token").asText("");
                String mine = java.util.Base64.getEncoder().encodeToString(
                        token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (!java.security.MessageDigest.isEqual(stored.getBytes(), mine.getBytes())) {
                    return false;
                }
            }
        }
        if (!v.podName().isEmpty()
                && !live(lookup.find("pods", v.namespace(), v.podName()), v.podUid(), now)) {
            LOG.fine("pod " + v.namespace() + "/" + v.podName() + " of a token is gone");
            return false;
        }
        return true;
    }

    private static boolean live(Optional<JsonNode> object, String uid, Instant now) {
        if (object.isEmpty()) {
            return false;
        }
        JsonNode meta = object.get().path("metadata");
        if (!uid.isEmpty() && !uid.equals(meta.path("uid").asText(""))) {
            return false;
        }
        String deleted = meta.path("deletionTimestamp").asText("");
        return deleted.isEmpty()
                || !Instant.parse(deleted).isBefore(now.minusSeconds(LEEWAY_SECONDS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? "" : value.toString();
    }
}
