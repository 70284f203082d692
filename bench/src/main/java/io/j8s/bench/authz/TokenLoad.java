package io.j8s.bench.authz;

import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.ApiServerBuilder;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.RequestCredentials;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.serviceaccount.SigningKey;
import io.j8s.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Service account token figures on an in-process API server over the embedded store (plain HTTP
 * on loopback): the p99 of {@code POST serviceaccounts/NAME/token} (a pod-bound TokenRequest, as
 * the kubelet asks) end to end, and the time the service account authenticator takes for a token
 * it has verified before (the signature is remembered; the account and pod are looked up in the
 * store each time, as on every request). {@code ./j8s bench tokens} prints them; the authz bench
 * may call {@link #measure} and add the figures to its summary line.
 */
public final class TokenLoad {
    private static final String ISSUER = ApiServerBuilder.DEFAULT_ISSUER;
    private static final int WARM_UP_PAIRS = 8_000;

    /** TokenRequest p99 and mean/p99 of a cached token's authentication, in milliseconds. */
    public record Figures(int tokenRequests, double tokenRequestP50Ms, double tokenRequestP99Ms,
            double getP50Ms, double getP99Ms, int authentications, double saAuthCachedMeanMs, double saAuthCachedP99Ms) {
        /** The summary line's part: {@code tokenrequest-p99-ms=<n> sa-auth-cached-ms=<n>}. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "tokenrequest-p99-ms=%.2f sa-auth-cached-ms=%.4f",
                    tokenRequestP99Ms, saAuthCachedMeanMs);
        }
    }

    private TokenLoad() {}

    public static Figures measure(int tokenRequests, int authentications) throws Exception {
        Path dir = Files.createTempDirectory("j8s-bench-tokens");
        try {
            Path tokens = Files.writeString(dir.resolve("tokens.csv"), "admin,admin,1,system:masters\n");
            SigningKey key = SigningKey.loadOrCreate(dir.resolve("sa.key"));
            try (Store store = Store.builder().dataDir(dir.resolve("data")).open();
                    ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                            .authenticator(Authenticator.tokenFile(tokens))
                            .serviceAccountTokens(key, ISSUER, List.of()).start()) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port() + "/api/v1/namespaces/default/";
                post(http, base + "serviceaccounts", "{\"metadata\":{\"name\":\"bench\"}}");
                String pod = post(http, base + "pods", "{\"metadata\":{\"name\":\"bench\"},"
                        + "\"spec\":{\"serviceAccountName\":\"bench\",\"containers\":[{\"name\":"
                        + "\"c\",\"image\":\"busybox\"}]}}");
                String uid = io.j8s.api.codec.Json.MAPPER.readTree(pod).path("metadata")
                        .path("uid").asText();
                String request = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":"
                        + "\"TokenRequest\",\"spec\":{\"expirationSeconds\":3607,\"boundObjectRef\":"
                        + "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"bench\",\"uid\":\""
                        + uid + "\"}}}";
                String url = base + "serviceaccounts/bench/token";
                // Warm up with the measured pair, GET and TokenRequest, until the JIT has compiled
                // the path: on two cores that takes some thousands of requests, and the figures are
                // a long-running server's.
                for (int i = 0; i < WARM_UP_PAIRS; i++) {
                    get(http, base + "serviceaccounts/bench");
                    post(http, url, request);
                }
                // A GET of the same account, taken in turn with each TokenRequest, is the baseline:
                // what the server and this client cost without the token's own work.
                long[] requestNanos = new long[tokenRequests];
                long[] getNanos = new long[tokenRequests];
                String token = null;
                for (int i = 0; i < tokenRequests; i++) {
                    long get = System.nanoTime();
                    get(http, base + "serviceaccounts/bench");
                    getNanos[i] = System.nanoTime() - get;
                    long start = System.nanoTime();
                    String answer = post(http, url, request);
                    requestNanos[i] = System.nanoTime() - start;
                    if (token == null) {
                        token = io.j8s.api.codec.Json.MAPPER.readTree(answer).path("status")
                                .path("token").asText();
                    }
                }

                // The authenticator as the server builds it, over the same store.
                Registries registries = new Registries(ResourceCatalogue.builtIn(), store,
                        Clock.systemUTC());
                registries.startWatchCaches();
                Authenticator sa = Authenticator.serviceAccountTokens(List.of(key.publicKey()),
                        List.of(ISSUER), List.of(ISSUER), (resource, ns, name) -> registries
                                .find("", "v1", resource)
                                .flatMap(r -> r.readCached(ns.isEmpty() ? null : ns, name))
                                .map(o -> (com.fasterxml.jackson.databind.JsonNode) o),
                        Clock.systemUTC());
                RequestCredentials credentials = new RequestCredentials(List.of(), "Bearer " + token);
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (registries.find("", "v1", "pods").orElseThrow().cacheProblem() != null
                        || registries.find("", "v1", "serviceaccounts").orElseThrow()
                                .cacheProblem() != null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the watch caches did not fill");
                    }
                    Thread.sleep(10);
                }
                if (sa.authenticate(credentials).isEmpty()) {
                    throw new IllegalStateException("the token did not authenticate");
                }
                for (int i = 0; i < Math.min(20_000, authentications); i++) {
                    sa.authenticate(credentials);
                }
                long[] authNanos = new long[authentications];
                long total = 0;
                for (int i = 0; i < authentications; i++) {
                    long start = System.nanoTime();
                    sa.authenticate(credentials);
                    authNanos[i] = System.nanoTime() - start;
                    total += authNanos[i];
                }
                registries.stopWatchCaches();
                return new Figures(tokenRequests, percentile(requestNanos, 50),
                        percentile(requestNanos, 99), percentile(getNanos, 50), percentile(getNanos, 99),
                        authentications,
                        total / (double) authentications / 1e6, percentile(authNanos, 99));
            }
        } finally {
            io.j8s.testkit.Directories.deleteRecursively(dir);
        }
    }

    private static String post(HttpClient http, String url, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer admin").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
