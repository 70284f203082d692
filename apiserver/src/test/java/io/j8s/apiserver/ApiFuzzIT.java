package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random and mutated requests: whatever a client sends, the server answers with a status below
 * 500 and stays alive. The seed is fixed, so a failure repeats.
 */
class ApiFuzzIT {
    @RegisterExtension
    static final TestApiServer server = TestApiServer.plain();
    private static HttpClient http;

    private static final String[] PATHS = {
        "/api/v1/namespaces/default/configmaps", "/api/v1/namespaces/default/configmaps/c",
        "/api/v1/namespaces/default/pods", "/api/v1/namespaces/default/services/s",
        "/api/v1/namespaces", "/api/v1/namespaces/fuzz", "/apis/apps/v1/namespaces/default/deployments",
        "/apis/apps/v1/namespaces/default/deployments/d/scale",
        "/apis/apps/v1/namespaces/default/deployments/d/status", "/api/v1/nodes/n",
        "/apis/batch/v1/namespaces/default/jobs/j", "/api", "/apis", "/apis/apps", "/version",
        "/api/v1/watch/namespaces/default/configmaps",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
    };
    private static final String[] SEEDS = {
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"b\"}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80}]}}",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":2,"
                + "\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"x\":\"y\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}",
        "[{\"op\":\"add\",\"path\":\"/data/x\",\"value\":\"1\"}]",
        "{\"metadata\":{\"labels\":{\"k\":\"v\"}},\"spec\":{\"replicas\":3}}",
        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Foreground\"}",
        // wrong JSON types, which upstream's decoder refuses before anything reads them
        "{\"metadata\":{\"name\":\"c\",\"labels\":[]},\"spec\":\"x\",\"data\":[]}",
        "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":\"three\",\"ports\":{},"
                + "\"containers\":{},\"template\":{\"spec\":{\"containers\":[{\"name\":5}]}}}}",
    };
    private static final String[] QUERIES = {
        "", "?limit=1", "?limit=-5", "?continue=garbage", "?resourceVersion=abc", "?watch=true&timeoutSeconds=1",
        "?labelSelector=a%3Db", "?labelSelector=%3D%3D%3D", "?fieldSelector=spec.nodeName%3Dn",
        "?fieldSelector=bogus.field%3Dx", "?dryRun=All", "?dryRun=Bogus", "?fieldValidation=Strict",
        "?resourceVersionMatch=Exact&resourceVersion=1", "?gracePeriodSeconds=x",
        "?propagationPolicy=Sideways",
    };
    private static final String[] TYPES = {
        "application/json", "application/yaml", "application/merge-patch+json",
        "application/json-patch+json", "application/strategic-merge-patch+json", "text/plain", "",
        "application/vnd.kubernetes.protobuf",
    };

    @BeforeAll
    static void start() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void tenThousandRandomRequestsNeverGetA5xx() throws Exception {
        Random random = new Random(20261125);
        String[] methods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
        Map<Integer, Integer> codes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String method = methods[random.nextInt(methods.length)];
            String path = mutatePath(PATHS[random.nextInt(PATHS.length)], random)
                    + QUERIES[random.nextInt(QUERIES.length)];
            if (path.contains("watch")) {
                // A watch streams until its timeout: keep every one short.
                path += (path.contains("?") ? "&" : "?") + "timeoutSeconds=1";
            }
            byte[] body = mutate(SEEDS[random.nextInt(SEEDS.length)], random);
            String type = TYPES[random.nextInt(TYPES.length)];
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(10));
            } catch (IllegalArgumentException e) {
                continue; // not a URI a client could send
            }
            if (!type.isEmpty()) {
                b.header("Content-Type", type);
            }
            HttpRequest.BodyPublisher publisher = method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpResponse<java.io.InputStream> r = http.send(b.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            codes.merge(r.statusCode(), 1, Integer::sum);
            // Only a failure's body is read: closing the others at once ends watches early.
            try (java.io.InputStream in = r.body()) {
                if (r.statusCode() >= 500 && failures.size() < 20) {
                    failures.add(method + " " + path + " [" + type + "] "
                            + new String(body, StandardCharsets.UTF_8) + " -> " + r.statusCode()
                            + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(failures).as("codes seen: " + codes).isEmpty();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private static String mutatePath(String path, Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> path + "/" + randomText(random, 1 + random.nextInt(6));
            case 1 -> path.replace("default", randomText(random, 1 + random.nextInt(70)));
            case 2 -> path + "/..";
            case 3 -> path.substring(0, Math.max(1, random.nextInt(path.length())));
            default -> path;
        };
    }

    private static byte[] mutate(String seed, Random random) {
        byte[] b = seed.getBytes(StandardCharsets.UTF_8);
        int kind = random.nextInt(6);
        if (kind == 0) {
            return b;
        }
        if (kind == 1) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            return junk;
        }
        byte[] out = b.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            String noise = "{}[]\":,0123456789abcnul-/\\ ";
            out[at] = (byte) noise.charAt(random.nextInt(noise.length()));
        }
        if (kind == 5) {
            return java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
        }
        return out;
    }

    private static String randomText(Random random, int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-._~%";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
