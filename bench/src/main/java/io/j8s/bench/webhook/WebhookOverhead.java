package io.j8s.bench.webhook;

import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import io.j8s.testcluster.HttpsTestServer;
import io.j8s.testkit.Directories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * "A webhook that answers in 1 ms adds < 5 ms p99 to a create": an in-process API server over
 * SQLite, a validating webhook on a local HTTPS server answering after 1 ms, and ConfigMap
 * creates one after the other, every other one labelled so that the webhook's objectSelector
 * picks it: both kinds of create run in the same time span, so load and noise are shared.
 * The overhead is the p99 with the webhook less the p99 without it.
 */
public final class WebhookOverhead {
    /** The figures of one run, in milliseconds. */
    public record Figures(int creates, double plainP50, double plainP99, double hookedP50,
            double hookedP99) {
        public double overheadP99() {
            return hookedP99 - plainP99;
        }

        /** {@code webhook-overhead-p99-ms=<n>}. */
        public String summary() {
            return String.format(Locale.ROOT, "webhook-overhead-p99-ms=%.2f", overheadP99());
        }
    }

    private static final int WARM_UP_CREATES = 6_000;

    private WebhookOverhead() {}

    /** Runs {@code creates} creates of each kind after a warm-up; progress to {@code log}. */
    public static Figures measure(int creates, Consumer<String> log) throws Exception {
        Path dir = Files.createTempDirectory("j8s-bench-webhook");
        try (Store store = Store.builder().dataDir(dir.resolve("data")).open();
                HttpsTestServer webhook = HttpsTestServer.admission(dir.resolve("webhook"),
                        request -> Json.MAPPER.createObjectNode().put("allowed", true))) {
            webhook.delay(Duration.ofMillis(1));
            ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                    .anonymousAdminForTests().start();
            try {
                return run(server.port(), webhook, creates, log);
            } finally {
                server.close();
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static Figures run(int port, HttpsTestServer webhook, int creates,
            Consumer<String> log) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + port;
        post(http, base + "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
                """
                {"metadata":{"name":"bench"},"webhooks":[{"name":"bench.j8s.io",
                 "clientConfig":{"url":"%s","caBundle":"%s"},
                 "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],
                   "resources":["configmaps"]}],
                 "objectSelector":{"matchLabels":{"webhook":"yes"}},
                 "sideEffects":"None","admissionReviewVersions":["v1"],"timeoutSeconds":5}]}
                """.formatted(webhook.url("/validate"), webhook.caBundle()));
        String configMaps = base + "/api/v1/namespaces/default/configmaps";
        log.accept("warming up");
        int seen = webhook.seen().size();
        // Some thousands of creates, until the JIT has compiled both paths: the figures are a
        // long-running server's.
        for (int i = 0; i < WARM_UP_CREATES || webhook.seen().size() == seen; i++) {
            create(http, configMaps, "warm-" + i, i % 2 == 0);
            if (i > WARM_UP_CREATES + 5000) {
                throw new IllegalStateException("the webhook was never called");
            }
        }
        log.accept("measuring " + creates + " creates with and " + creates + " without");
        long[] plain = new long[creates];
        long[] hooked = new long[creates];
        for (int i = 0; i < creates; i++) {
            hooked[i] = create(http, configMaps, "hooked-" + i, true);
            plain[i] = create(http, configMaps, "plain-" + i, false);
        }
        Arrays.sort(plain);
        Arrays.sort(hooked);
        return new Figures(creates, ms(plain, 50), ms(plain, 99), ms(hooked, 50),
                ms(hooked, 99));
    }

    private static double ms(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    private static long create(HttpClient http, String url, String name, boolean labelled)
            throws IOException, InterruptedException {
        String labels = labelled ? ",\"labels\":{\"webhook\":\"yes\"}" : "";
        long started = System.nanoTime();
        post(http, url, "{\"metadata\":{\"name\":\"" + name + "\"" + labels
                + "},\"data\":{\"k\":\"v\"}}");
        return System.nanoTime() - started;
    }

    private static void post(HttpClient http, String url, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": "
                    + r.body());
        }
    }
}
