package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens of projected serviceAccountToken sources, asked for with a TokenRequest bound to
 * the pod ({@code serviceaccounts/token}), kept per pod and asked for again once 80% of their
 * lifetime (or 24 h) has passed, as upstream's token manager does; the pod's periodic sync is
 * what calls for the refresh. A server that does not serve TokenRequest fails the volume with a
 * message that says so.
 */
final class ServiceAccountTokens {
    private static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    private final KubernetesClient client;
    private final Clock clock;
    private final Map<Key, Issued> tokens = new ConcurrentHashMap<>();

    private record Key(String podUid, String volume, String path) {}

    private record Issued(String token, Instant issued, Instant expires) {
        boolean fresh(Instant now) {
            Duration ttl = Duration.between(issued, expires);
            Duration refreshAfter = ttl.multipliedBy(8).dividedBy(10);
            if (refreshAfter.compareTo(Duration.ofHours(24)) > 0) {
                refreshAfter = Duration.ofHours(24);
            }
            return now.isBefore(issued.plus(refreshAfter));
        }
    }

    ServiceAccountTokens(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    String token(String volume, Pod pod, ServiceAccountTokenProjection source) throws VolumeException {
        Key key = new Key(pod.getMetadata().getUid(), volume, source.getPath());
        Issued current = tokens.get(key);
        Instant now = clock.instant();
        if (current != null && current.fresh(now)) {
            return current.token();
        }
        String account = pod.getSpec().getServiceAccountName() == null
                || pod.getSpec().getServiceAccountName().isEmpty() ? "default" : pod.getSpec().getServiceAccountName();
        long seconds = source.getExpirationSeconds() == null ? DEFAULT_EXPIRATION_SECONDS : source.getExpirationSeconds();
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withAudiences(source.getAudience() == null || source.getAudience().isEmpty()
                        ? List.of() : List.of(source.getAudience()))
                .withExpirationSeconds(seconds)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef()
                .endSpec().build();
        try {
            TokenRequest answer = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace())
                    .withName(account).tokenRequest(request);
            if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null) {
                throw new VolumeException(volume, "failed to fetch token: the TokenRequest answer has no token");
            }
            Issued issued = new Issued(answer.getStatus().getToken(), now,
                    expiry(answer.getStatus().getExpirationTimestamp(), now.plusSeconds(seconds)));
            tokens.put(key, issued);
            return issued.token();
        } catch (KubernetesClientException e) {
            if (current != null && now.isBefore(current.expires())) {
                return current.token();
            }
            if (notServed(e)) {
                throw new VolumeException(volume, "failed to fetch token: the API server does not serve "
                        + "serviceaccounts/token (HTTP " + e.getCode() + "), so the projected serviceAccountToken "
                        + "source \"" + source.getPath() + "\" cannot be written: it arrives with the service "
                        + "account issue");
            }
            throw new VolumeException(volume, "failed to fetch token: " + ReferencedObjects.reason(e));
        }
    }

    /** 405, or a 404 that names no object: the server has no serviceaccounts/token at all. */
    private static boolean notServed(KubernetesClientException e) {
        return e.getCode() == 405 || e.getCode() == 404 && (e.getStatus() == null
                || e.getStatus().getDetails() == null || e.getStatus().getDetails().getName() == null);
    }

    /** Forgets the tokens of a pod that is gone. */
    void forget(String podUid) {
        tokens.keySet().removeIf(key -> key.podUid().equals(podUid));
    }

    private static Instant expiry(String timestamp, Instant fallback) {
        try {
            return timestamp == null ? fallback : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
