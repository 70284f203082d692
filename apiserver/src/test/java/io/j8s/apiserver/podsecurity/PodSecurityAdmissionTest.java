package io.j8s.apiserver.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.audit.AuditLog;
import io.j8s.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PodSecurity on a real API server: enforce refuses with upstream's message, warn answers a
 * Warning header and stores the pod, audit writes the violation to the audit log, workloads are
 * only warned about, a label change warns about the pods already there, and exemptions hold.
 */
class PodSecurityAdmissionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    private static Store store;
    private static ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        Path policy = dir.resolve("audit.yaml");
        Files.writeString(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
                + "- level: Metadata\n  resources: [{group: \"\", resources: [pods]}]\n");
        Path admission = dir.resolve("admission.yaml");
        Files.writeString(admission, """
                apiVersion: apiserver.config.k8s.io/v1
                kind: AdmissionConfiguration
                plugins:
                - name: PodSecurity
                  configuration:
                    apiVersion: pod-security.admission.config.k8s.io/v1
                    kind: PodSecurityConfiguration
                    defaults: {enforce: privileged}
                    exemptions: {namespaces: [exempt], runtimeClasses: [trusted]}
                """);
        store = Store.builder().dataDir(dir.resolve("data")).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests()
                .podSecurity(PodSecurityConfiguration.fromAdmissionConfiguration(admission))
                .audit(AuditLog.open(policy, dir.resolve("audit.log").toString(), 100, 0, 0))
                .start();
        namespace("enforced", "enforce", "restricted");
        namespace("warned", "warn", "baseline");
        namespace("audited", "audit", "restricted");
        namespace("exempt", "enforce", "restricted");
        namespace("later", "warn", "privileged");
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    private static void namespace(String name, String mode, String level) throws Exception {
        assertThat(send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"pod-security.kubernetes.io/" + mode + "\":\"" + level
                + "\"}}}").statusCode()).isEqualTo(201);
    }

    private static HttpResponse<String> send(String method, String path, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).header("Content-Type", method.equals("PATCH")
                        ? "application/merge-patch+json" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String privilegedPod(String name, String extra) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + extra + "\"containers\":"
                + "[{\"name\":\"c\",\"image\":\"busybox\",\"securityContext\":"
                + "{\"privileged\":true}}]}}";
    }

    @Test
    void aLabelThatNamesNoLevelIsRefused() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":"
                + "\"typo\",\"labels\":{\"pod-security.kubernetes.io/enforce\":\"restricted2\"}}}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(Json.MAPPER.readTree(r.body()).path("details").path("causes").get(0)
                .path("field").asText())
                .isEqualTo("metadata.labels[pod-security.kubernetes.io/enforce]");
        r = send("PATCH", "/api/v1/namespaces/warned", "{\"metadata\":{\"labels\":"
                + "{\"pod-security.kubernetes.io/warn-version\":\"1.30\"}}}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("must be \\\"latest\\\" or \\\"v1.x\\\"");
    }

    @Test
    void enforceRefusesWithUpstreamsMessage() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/enforced/pods",
                privilegedPod("p", ""));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo(
                "pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\": privileged"
                + " (container \"c\" must not set securityContext.privileged=true),"
                + " allowPrivilegeEscalation != false (container \"c\" must set"
                + " securityContext.allowPrivilegeEscalation=false), unrestricted capabilities"
                + " (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]),"
                + " runAsNonRoot != true (pod or container \"c\" must set"
                + " securityContext.runAsNonRoot=true), seccompProfile (pod or container \"c\""
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or"
                + " \"Localhost\")");
    }

    @Test
    void warnAnswersAWarningAndStoresThePod() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/warned/pods",
                privilegedPod("p", ""));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("Warning")).containsExactly("299 - \"would violate"
                + " PodSecurity \\\"baseline:latest\\\": privileged (container \\\"c\\\" must not"
                + " set securityContext.privileged=true)\"");
        HttpResponse<String> d = send("POST", "/apis/apps/v1/namespaces/enforced/deployments",
                "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":"
                        + "\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},"
                        + privilegedPod("x", "").substring(privilegedPod("x", "")
                                .indexOf("\"spec\"")) + "}}");
        assertThat(d.statusCode()).as("templates are only warned about").isEqualTo(201);
        assertThat(d.headers().allValues("Warning")).isEmpty();
    }

    @Test
    void auditWritesTheViolationToTheAuditLog() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/audited/pods",
                privilegedPod("p", ""));
        assertThat(r.statusCode()).isEqualTo(201);
        String auditId = r.headers().firstValue("Audit-Id").orElseThrow();
        JsonNode event = null;
        for (String line : Files.readAllLines(dir.resolve("audit.log"))) {
            JsonNode e = Json.MAPPER.readTree(line);
            if (e.path("auditID").asText().equals(auditId)
                    && e.path("stage").asText().equals("ResponseComplete")) {
                event = e;
            }
        }
        assertThat(event).isNotNull();
        assertThat(event.path("objectRef").path("name").asText()).isEqualTo("p");
        assertThat(event.path("annotations").path("pod-security.kubernetes.io/enforce-policy")
                .asText()).isEqualTo("privileged:latest");
        assertThat(event.path("annotations").path("pod-security.kubernetes.io/audit-violations")
                .asText()).startsWith("would violate PodSecurity \"restricted:latest\":"
                        + " privileged (container \"c\" must not set");
    }

    @Test
    void exemptNamespacesAndRuntimeClassesPass() throws Exception {
        assertThat(send("POST", "/api/v1/namespaces/exempt/pods", privilegedPod("p", ""))
                .statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/namespaces/enforced/pods", privilegedPod("rc",
                "\"runtimeClassName\":\"trusted\",")).statusCode()).isEqualTo(201);
    }

    @Test
    void labellingANamespaceWarnsAboutItsPods() throws Exception {
        for (String p : List.of("a", "b", "c")) {
            assertThat(send("POST", "/api/v1/namespaces/later/pods", privilegedPod(p, ""))
                    .statusCode()).isEqualTo(201);
        }
        HttpResponse<String> r = send("PATCH", "/api/v1/namespaces/later?dryRun=All",
                "{\"metadata\":{\"labels\":{\"pod-security.kubernetes.io/enforce\":"
                        + "\"baseline\"}}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Warning")).containsExactly(
                "299 - \"existing pods in namespace \\\"later\\\" violate the new PodSecurity"
                        + " enforce level \\\"baseline:latest\\\"\"",
                "299 - \"a (and 2 other pods): privileged\"");
    }
}
