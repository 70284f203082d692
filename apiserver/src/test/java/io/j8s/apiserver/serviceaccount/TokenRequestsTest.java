package io.j8s.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TokenRequest's lifetimes under upstream's --service-account-max-token-expiration. */
class TokenRequestsTest {
    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, JsonNode> OBJECTS = Map.of(
            "serviceaccounts/robot", Json.MAPPER.createObjectNode().set("metadata",
                    Json.MAPPER.createObjectNode().put("name", "robot").put("uid", "sa-1")),
            "pods/web", Json.MAPPER.valueToTree(Map.of("metadata", Map.of("name", "web", "uid", "pod-1"),
                    "spec", Map.of("serviceAccountName", "robot"))));

    @TempDir
    Path dir;

    private TokenRequests requests(Duration max) {
        return new TokenRequests(SigningKey.loadOrCreate(dir.resolve("sa.key")), ISSUER, List.of(ISSUER),
                (resource, ns, name) -> Optional.ofNullable(OBJECTS.get(resource + "/" + name)), CLOCK, max);
    }

    private static ObjectNode ask(long seconds, boolean podBound) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        ObjectNode spec = request.putObject("spec").put("expirationSeconds", seconds);
        if (podBound) {
            spec.putObject("boundObjectRef").put("kind", "Pod").put("apiVersion", "v1").put("name", "web")
                    .put("uid", "pod-1");
        }
        return request;
    }

    private static JsonNode claims(ObjectNode answer) throws Exception {
        return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(
                answer.path("status").path("token").asText().split("\\.")[1]));
    }

    @Test
    void aLongerRequestThanTheMaximumIsGrantedTheMaximum() throws Exception {
        ObjectNode answer = requests(Duration.ofHours(2)).create("default", "robot", ask(36_000, false));
        assertThat(answer.path("spec").path("expirationSeconds").asLong()).isEqualTo(7200);
        assertThat(answer.path("status").path("expirationTimestamp").asText()).isEqualTo("2026-12-07T02:00:00Z");
        JsonNode claims = claims(answer);
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(7200);

        ObjectNode shorter = requests(Duration.ofHours(2)).create("default", "robot", ask(3600, false));
        assertThat(shorter.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
    }

    @Test
    void theKubeletsExtendedTokenLivesAYearOrAtMostTheMaximum() throws Exception {
        JsonNode unbounded = claims(requests(Duration.ZERO).create("default", "robot", ask(3607, true)));
        assertThat(unbounded.path("exp").asLong() - unbounded.path("iat").asLong()).isEqualTo(365L * 24 * 3600);
        assertThat(unbounded.path("kubernetes.io").path("warnafter").asLong() - unbounded.path("iat").asLong())
                .isEqualTo(3607);

        JsonNode capped = claims(requests(Duration.ofDays(2)).create("default", "robot", ask(3607, true)));
        assertThat(capped.path("exp").asLong() - capped.path("iat").asLong()).isEqualTo(2 * 24 * 3600);
        assertThat(capped.path("kubernetes.io").path("warnafter").asLong() - capped.path("iat").asLong())
                .isEqualTo(3607);
    }
}
