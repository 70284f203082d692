package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A delete's DeleteOptions, over HTTP, as upstream's delete handlers read them: from the body when
 * there is one (what kubectl sends), else from the query; invalid ones are a 422.
 */
class DeleteOptionsIT {
    private static final String CM = "/api/v1/namespaces/default/configmaps";
    private static final String PODS = "/api/v1/namespaces/default/pods";
    private static ApiHttp api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiHttp.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static ObjectNode configMap(String name, String label) throws Exception {
        return api.expect(201, "POST", CM, "{\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"set\":\"" + label + "\"}},\"data\":{\"a\":\"b\"}}");
    }

    private static int status(String path) throws Exception {
        return api.send("GET", path, null).statusCode();
    }

    @Test
    void dryRunInTheBodyDeletesNothingByNameOrBySelector() throws Exception {
        configMap("dry-one", "dry");
        configMap("dry-two", "dry");
        String dryRun = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
                + "\"propagationPolicy\":\"Background\",\"dryRun\":[\"All\"]}";
        ObjectNode answered = api.expect(200, "DELETE", CM + "/dry-one", dryRun);
        assertThat(answered.path("metadata").path("name").asText()).isEqualTo("dry-one");
        ObjectNode list = api.expect(200, "DELETE", CM + "?labelSelector=set%3Ddry", dryRun);
        assertThat(list.path("items")).hasSize(2);
        assertThat(status(CM + "/dry-one")).isEqualTo(200);
        assertThat(status(CM + "/dry-two")).isEqualTo(200);

        // the same from the query, without a body
        api.expect(200, "DELETE", CM + "/dry-one?dryRun=All", null);
        api.expect(200, "DELETE", CM + "?labelSelector=set%3Ddry&dryRun=All", null);
        assertThat(status(CM + "/dry-two")).isEqualTo(200);

        // a body wins over the query entirely, as upstream: this one deletes
        api.expect(200, "DELETE", CM + "/dry-one?dryRun=All", "{}");
        assertThat(status(CM + "/dry-one")).isEqualTo(404);
        api.expect(200, "DELETE", CM + "?labelSelector=set%3Ddry", "{\"kind\":\"DeleteOptions\"}");
        assertThat(status(CM + "/dry-two")).isEqualTo(404);
    }

    @Test
    void propagationPolicyAndOrphanDependentsFromBodyOrQuery() throws Exception {
        configMap("orphan-body", "orphan");
        configMap("orphan-query", "orphan");
        configMap("orphan-flag", "orphan");
        configMap("orphan-false", "orphan");
        ObjectNode body = api.expect(200, "DELETE", CM + "/orphan-body",
                "{\"propagationPolicy\":\"Orphan\"}");
        assertThat(body.path("metadata").path("finalizers").toString()).contains("orphan");
        ObjectNode query = api.expect(200, "DELETE", CM + "/orphan-query?propagationPolicy=Orphan",
                null);
        assertThat(query.path("metadata").path("finalizers").toString()).contains("orphan");
        ObjectNode flag = api.expect(200, "DELETE", CM + "/orphan-flag?orphanDependents=True",
                null);
        assertThat(flag.path("metadata").path("finalizers").toString()).contains("orphan");
        api.expect(200, "DELETE", CM + "/orphan-false", "{\"orphanDependents\":false}");
        assertThat(status(CM + "/orphan-false")).isEqualTo(404);
    }

    @Test
    void preconditionsInTheBodyGuardTheDelete() throws Exception {
        ObjectNode cm = configMap("guarded", "guarded");
        String uid = cm.path("metadata").path("uid").asText();
        String rv = cm.path("metadata").path("resourceVersion").asText();
        ObjectNode wrongUid = api.expect(409, "DELETE", CM + "/guarded",
                "{\"preconditions\":{\"uid\":\"not-" + uid + "\"}}");
        assertThat(wrongUid.path("reason").asText()).isEqualTo("Conflict");
        api.expect(409, "DELETE", CM + "/guarded",
                "{\"preconditions\":{\"resourceVersion\":\"1\"}}");
        api.expect(409, "DELETE", CM + "?labelSelector=set%3Dguarded",
                "{\"preconditions\":{\"uid\":\"not-" + uid + "\"}}");
        assertThat(status(CM + "/guarded")).isEqualTo(200);
        api.expect(200, "DELETE", CM + "/guarded", "{\"preconditions\":{\"uid\":\"" + uid
                + "\",\"resourceVersion\":\"" + rv + "\"}}");
        assertThat(status(CM + "/guarded")).isEqualTo(404);
    }

    @Test
    void gracePeriodFromBodyOrQuery() throws Exception {
        String pod = "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"nodeName\":\"node-a\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
        api.expect(201, "POST", PODS, pod.formatted("grace-body"));
        api.expect(201, "POST", PODS, pod.formatted("grace-query"));
        api.expect(201, "POST", PODS, pod.formatted("grace-long"));
        api.expect(200, "DELETE", PODS + "/grace-body", "{\"gracePeriodSeconds\":0}");
        assertThat(status(PODS + "/grace-body")).isEqualTo(404);
        api.expect(200, "DELETE", PODS + "/grace-query?gracePeriodSeconds=0", null);
        assertThat(status(PODS + "/grace-query")).isEqualTo(404);
        ObjectNode marked = api.expect(200, "DELETE", PODS + "/grace-long",
                "{\"gracePeriodSeconds\":7}");
        assertThat(marked.path("metadata").path("deletionGracePeriodSeconds").asLong())
                .isEqualTo(7);
        api.expect(400, "DELETE", PODS + "/grace-long?gracePeriodSeconds=soon", null);
        api.expect(400, "DELETE", PODS + "/grace-long", "{\"gracePeriodSeconds\":\"soon\"}");
        api.expect(200, "DELETE", PODS + "/grace-long?gracePeriodSeconds=0", null);
    }

    @Test
    void invalidOptionsAreUpstreamsInvalidStatus() throws Exception {
        configMap("invalid", "invalid");
        HttpResponse<String> policy = api.send("DELETE", CM + "/invalid",
                "{\"propagationPolicy\":\"Sideways\"}");
        assertThat(policy.statusCode()).isEqualTo(422);
        String unsupported = "Unsupported value: \\\"Sideways\\\": supported values:"
                + " \\\"Foreground\\\", \\\"Background\\\", \\\"Orphan\\\", \\\"nil\\\"";
        assertThat(policy.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"DeleteOptions.meta.k8s.io"
                + " \\\"\\\" is invalid: propagationPolicy: " + unsupported + "\","
                + "\"reason\":\"Invalid\",\"details\":{\"group\":\"meta.k8s.io\","
                + "\"kind\":\"DeleteOptions\",\"causes\":[{\"reason\":\"FieldValueNotSupported\","
                + "\"message\":\"" + unsupported + "\",\"field\":\"propagationPolicy\"}]},"
                + "\"code\":422}\n");

        ObjectNode both = api.expect(422, "DELETE", CM + "/invalid",
                "{\"propagationPolicy\":\"Orphan\",\"orphanDependents\":true}");
        assertThat(both.path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("Invalid value: \"Orphan\": orphanDependents and deletionPropagation"
                        + " cannot be both set");
        ObjectNode dryRun = api.expect(422, "DELETE", CM + "?dryRun=Bogus", null);
        assertThat(dryRun.path("message").asText()).isEqualTo("DeleteOptions.meta.k8s.io \"\""
                + " is invalid: dryRun: Unsupported value: []string{\"Bogus\"}: supported values:"
                + " \"All\"");
        api.expect(422, "DELETE", CM + "/invalid?propagationPolicy=Orphan&orphanDependents=0",
                null);
        assertThat(status(CM + "/invalid")).isEqualTo(200);
    }
}
