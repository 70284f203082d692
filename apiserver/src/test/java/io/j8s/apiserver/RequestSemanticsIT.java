package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the server reads requests and writes errors, over HTTP, as a kube-apiserver does: query
 * booleans, bodies without a kind, Status bytes, namespace finalizers, unconditional updates and
 * Secret stringData.
 */
class RequestSemanticsIT {
    private static final String CM = "/api/v1/namespaces/default/configmaps";
    private static ApiHttp api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiHttp.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** True when the answer is a watch stream (events), false when it is a plain list. */
    private static boolean watched(String query) throws Exception {
        HttpResponse<String> r = api.send("GET", CM + "?timeoutSeconds=1&" + query, null);
        assertThat(r.statusCode()).as(query).isEqualTo(200);
        return !r.body().contains("\"ConfigMapList\"");
    }

    @Test
    void booleanQueryParametersAreReadAsUpstream() throws Exception {
        for (String yes : List.of("watch=true", "watch=True", "watch=TRUE", "watch=1", "watch",
                "watch=", "watch=yes")) {
            assertThat(watched(yes)).as(yes).isTrue();
        }
        for (String no : List.of("watch=false", "watch=False", "watch=FALSE", "watch=0", "")) {
            assertThat(watched(no)).as(no).isFalse();
        }
    }

    @Test
    void createBodyTakesItsMissingKindOrApiVersionFromTheEndpoint() throws Exception {
        ObjectNode noKind = api.expect(201, "POST", CM,
                "{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"no-kind\"}}");
        assertThat(noKind.path("kind").asText()).isEqualTo("ConfigMap");
        ObjectNode noVersion = api.expect(201, "POST", CM,
                "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"no-version\"}}");
        assertThat(noVersion.path("apiVersion").asText()).isEqualTo("v1");
        api.expect(201, "POST", "/apis/apps/v1/namespaces/default/deployments",
                "{\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"no-kind\"},\"spec\":{"
                        + "\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":"
                        + "{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
                        + "\"image\":\"busybox\"}]}}}}");
        api.expect(200, "PUT", CM + "/no-kind",
                "{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"no-kind\"},\"data\":{\"a\":\"b\"}}");

        ObjectNode wrongVersion = api.expect(400, "POST", CM,
                "{\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"wrong\"}}");
        assertThat(wrongVersion.path("message").asText()).isEqualTo("the API version in the data"
                + " (apps/v1) does not match the expected API version (v1)");
        api.expect(400, "POST", CM, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
                + "\"metadata\":{\"name\":\"wrong\"}}");
    }

    @Test
    void statusBodiesAreTheBytesUpstreamWrites() throws Exception {
        HttpResponse<String> missing = api.send("GET", CM + "/nope", null);
        assertThat(missing.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"configmaps \\\"nope\\\" not"
                + " found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"nope\","
                + "\"kind\":\"configmaps\"},\"code\":404}\n");
        String deployment = "{\"metadata\":{\"name\":\"twice\"},\"spec\":{\"selector\":"
                + "{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":"
                + "\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}";
        String deployments = "/apis/apps/v1/namespaces/default/deployments";
        api.expect(201, "POST", deployments, deployment);
        HttpResponse<String> again = api.send("POST", deployments, deployment);
        assertThat(again.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"deployments.apps"
                + " \\\"twice\\\" already exists\",\"reason\":\"AlreadyExists\",\"details\":"
                + "{\"name\":\"twice\",\"group\":\"apps\",\"kind\":\"deployments\"},"
                + "\"code\":409}\n");
        HttpResponse<String> invalid = api.send("POST", CM,
                "{\"metadata\":{\"name\":\"a<b\"}}");
        assertThat(invalid.body()).startsWith("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"ConfigMap"
                + " \\\"a\\u003cb\\\" is invalid: metadata.name: Invalid value: \\\"a\\u003cb\\\": ")
                .contains("\"reason\":\"Invalid\",\"details\":{\"name\":\"a\\u003cb\","
                        + "\"kind\":\"ConfigMap\",\"causes\":[{\"reason\":\"FieldValueInvalid\","
                        + "\"message\":\"Invalid value: \\\"a\\u003cb\\\": ")
                .endsWith("\",\"field\":\"metadata.name\"}]},\"code\":422}\n");
    }

    @Test
    void namespaceFinalizersChangeOnlyThroughFinalize() throws Exception {
        String ns = "/api/v1/namespaces/keeps";
        api.expect(201, "POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"keeps\"}}");
        ObjectNode relabelled = api.expect(200, "PUT", ns,
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"keeps\","
                        + "\"labels\":{\"a\":\"b\"}}}");
        assertThat(relabelled.path("spec").path("finalizers").toString())
                .isEqualTo("[\"kubernetes\"]");
        api.expect(200, "PUT", ns, "{\"metadata\":{\"name\":\"keeps\"},\"spec\":"
                + "{\"finalizers\":[]}}");
        assertThat(api.expect(200, "GET", ns, null).path("spec").path("finalizers").toString())
                .isEqualTo("[\"kubernetes\"]");

        api.expect(422, "PUT", ns + "/finalize", "{\"metadata\":{\"name\":\"keeps\"},"
                + "\"spec\":{\"finalizers\":[\"not-qualified\"]}}");
        api.expect(405, "GET", ns + "/finalize", null);
        ObjectNode finalized = api.expect(200, "PUT", ns + "/finalize",
                "{\"metadata\":{\"name\":\"keeps\"},\"spec\":{\"finalizers\":[\"example.com/x\"]},"
                        + "\"status\":{\"phase\":\"Terminating\"}}");
        assertThat(finalized.path("spec").path("finalizers").toString())
                .isEqualTo("[\"example.com/x\"]");
        assertThat(finalized.path("status").path("phase").asText()).isEqualTo("Active");
    }

    @Test
    void unconditionalUpdatesRetryInsteadOfConflicting() throws Exception {
        api.expect(201, "POST", CM, "{\"metadata\":{\"name\":\"contended\"}}");
        int writers = 8;
        int each = 15;
        List<Integer> codes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(api.send("PUT", CM + "/contended", "{\"metadata\":{\"name\":"
                                + "\"contended\"},\"data\":{\"writer\":\"" + writer + "-" + i
                                + "\"}}").statusCode());
                    }
                    return mine;
                }));
            }
            for (Future<List<Integer>> f : results) {
                codes.addAll(f.get());
            }
        }
        assertThat(codes).hasSize(writers * each).containsOnly(200);
        // a stale resourceVersion still conflicts
        api.expect(409, "PUT", CM + "/contended", "{\"metadata\":{\"name\":\"contended\","
                + "\"resourceVersion\":\"1\"}}");
    }

    @Test
    void secretStringDataWinsOverDataAndIsNotStored() throws Exception {
        String secrets = "/api/v1/namespaces/default/secrets";
        ObjectNode created = api.expect(201, "POST", secrets, "{\"metadata\":{\"name\":\"s\"},"
                + "\"data\":{\"k1\":\"djE=\",\"k2\":\"\"},\"stringData\":{\"k2\":\"v2\","
                + "\"k3\":\"v3\"}}");
        assertThat(created.path("data").toString())
                .isEqualTo("{\"k1\":\"djE=\",\"k2\":\"djI=\",\"k3\":\"djM=\"}");
        assertThat(created.has("stringData")).isFalse();
        ObjectNode updated = api.expect(200, "PUT", secrets + "/s", "{\"metadata\":{\"name\":"
                + "\"s\"},\"data\":{\"k1\":\"djE=\"},\"stringData\":{\"k1\":\"new\"}}");
        assertThat(updated.path("data").toString()).isEqualTo("{\"k1\":\"bmV3\"}");
        ObjectNode stored = api.expect(200, "GET", secrets + "/s", null);
        assertThat(stored.path("data").toString()).isEqualTo("{\"k1\":\"bmV3\"}");
        assertThat(stored.has("stringData")).isFalse();
    }
}
