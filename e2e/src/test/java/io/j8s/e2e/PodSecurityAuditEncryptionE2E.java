package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.testkit.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A j8s server with an audit policy, an encryption configuration and Pod Security, driven by
 * the real kubectl: enforce refuses a privileged pod with upstream's message, warn prints
 * "Warning: ..." and creates it, audit writes the violation to the audit log, a server dry run
 * of a label shows the pods that break it; a create is logged at each level and a Secret never
 * above Metadata; a Secret is sealed in the database file and reads back through kubectl.
 */
class PodSecurityAuditEncryptionE2E {
    private static final String PRIVILEGED = """
            apiVersion: v1
            kind: Pod
            metadata: {name: priv}
            spec:
              containers:
              - name: c
                image: busybox:1
                securityContext: {privileged: true}
            """;
    private static Path config;
    private static RunningServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        config = Files.createTempDirectory("j8s-security");
        Path policy = config.resolve("audit-policy.yaml");
        Files.writeString(policy, """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: [RequestReceived]
                rules:
                - level: None
                  namespaces: [lvl-none]
                - level: Metadata
                  namespaces: [lvl-meta]
                - level: Request
                  namespaces: [lvl-req]
                - level: RequestResponse
                  namespaces: [lvl-rr]
                  omitManagedFields: true
                - level: Metadata
                  resources: [{group: "", resources: [pods]}]
                """);
        Path encryption = config.resolve("encryption.yaml");
        Files.writeString(encryption, """
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: [secrets]
                  providers:
                  - aesgcm:
                      keys:
                      - name: key1
                        secret: %s
                  - identity: {}
                """.formatted(Base64.getEncoder().encodeToString(new byte[32])));
        server = RunningServer.start("--audit-policy-file", policy.toString(),
                "--audit-log-path", config.resolve("audit.log").toString(),
                "--encryption-provider-config", encryption.toString());
        kubectl = server.kubectl(null);
        for (String ns : List.of("enforced", "warned", "audited", "lvl-none", "lvl-meta",
                "lvl-req", "lvl-rr", "relabel")) {
            Kubectl.ok(kubectl.run("create", "namespace", ns));
        }
        Kubectl.ok(kubectl.run("label", "ns", "enforced",
                "pod-security.kubernetes.io/enforce=restricted"));
        Kubectl.ok(kubectl.run("label", "ns", "warned",
                "pod-security.kubernetes.io/warn=baseline"));
        Kubectl.ok(kubectl.run("label", "ns", "audited",
                "pod-security.kubernetes.io/audit=baseline"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        io.j8s.testkit.Directories.deleteRecursively(config);
    }

    private static List<JsonNode> audit() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(config.resolve("audit.log"))) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    /** The audit events of creates in {@code namespace} by kubectl (not by the controllers). */
    private static List<JsonNode> creates(String namespace) throws Exception {
        return audit().stream().filter(e -> e.path("verb").asText().equals("create")
                && e.path("userAgent").asText().startsWith("kubectl")
                && e.path("objectRef").path("namespace").asText().equals(namespace)).toList();
    }

    @Test
    void enforceRefusesAPrivilegedPodWithUpstreamsMessage() {
        Kubectl.Result r = kubectl.input(PRIVILEGED, "create", "-n", "enforced", "-f", "-");
        assertThat(r.ok()).isFalse();
        assertThat(r.err()).contains("Error from server (Forbidden): error when creating"
                + " \"STDIN\": pods \"priv\" is forbidden: violates PodSecurity"
                + " \"restricted:latest\": privileged (container \"c\" must not set"
                + " securityContext.privileged=true), allowPrivilegeEscalation != false"
                + " (container \"c\" must set securityContext.allowPrivilegeEscalation=false)");
    }

    @Test
    void warnPrintsAWarningAndCreatesThePod() {
        Kubectl.Result r = Kubectl.ok(kubectl.input(PRIVILEGED, "create", "-n", "warned", "-f",
                "-"));
        assertThat(r.err()).contains("Warning: would violate PodSecurity \"baseline:latest\":"
                + " privileged (container \"c\" must not set securityContext.privileged=true)");
        assertThat(r.out()).contains("pod/priv created");
    }

    @Test
    void auditWritesTheViolationToTheAuditLog() throws Exception {
        Kubectl.Result r = Kubectl.ok(kubectl.input(PRIVILEGED, "create", "-n", "audited",
                "-f", "-"));
        assertThat(r.err()).doesNotContain("Warning");
        JsonNode event = creates("audited").get(0);
        assertThat(event.path("level").asText()).isEqualTo("Metadata");
        assertThat(event.path("annotations").path("pod-security.kubernetes.io/audit-violations")
                .asText()).isEqualTo("would violate PodSecurity \"baseline:latest\": privileged"
                        + " (container \"c\" must not set securityContext.privileged=true)");
        assertThat(event.path("annotations").path("authorization.k8s.io/decision").asText())
                .isEqualTo("allow");
    }

    @Test
    void aServerDryRunOfTheEnforceLabelNamesThePodsThatBreakIt() {
        Kubectl.ok(kubectl.input(PRIVILEGED, "create", "-n", "relabel", "-f", "-"));
        Kubectl.Result r = Kubectl.ok(kubectl.run("label", "--dry-run=server", "ns", "relabel",
                "pod-security.kubernetes.io/enforce=restricted"));
        assertThat(r.err()).contains("Warning: existing pods in namespace \"relabel\" violate"
                + " the new PodSecurity enforce level \"restricted:latest\"",
                "Warning: priv: privileged, allowPrivilegeEscalation != false, unrestricted"
                        + " capabilities, runAsNonRoot != true, seccompProfile");
        assertThat(Kubectl.ok(kubectl.run("get", "ns", "relabel", "-o",
                "jsonpath={.metadata.labels}")).out()).doesNotContain("enforce");
    }

    @Test
    void aCreateIsLoggedAtEachLevelAndASecretNeverAboveMetadata() throws Exception {
        for (String ns : List.of("lvl-none", "lvl-meta", "lvl-req", "lvl-rr")) {
            Kubectl.ok(kubectl.run("create", "configmap", "cm", "-n", ns, "--from-literal=k=v"));
        }
        Kubectl.ok(kubectl.run("create", "secret", "generic", "s", "-n", "lvl-rr",
                "--from-literal=password=hunter2"));
        assertThat(creates("lvl-none")).isEmpty();
        JsonNode meta = creates("lvl-meta").get(0);
        assertThat(meta.path("stage").asText()).isEqualTo("ResponseComplete");
        assertThat(meta.has("requestObject")).isFalse();
        assertThat(meta.path("responseStatus").path("code").asInt()).isEqualTo(201);
        JsonNode req = creates("lvl-req").get(0);
        assertThat(req.path("requestObject").path("data").path("k").asText()).isEqualTo("v");
        assertThat(req.has("responseObject")).isFalse();
        List<JsonNode> rr = creates("lvl-rr");
        JsonNode cm = rr.stream().filter(e -> e.path("objectRef").path("resource").asText()
                .equals("configmaps")).findFirst().orElseThrow();
        assertThat(cm.path("responseObject").path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(cm.path("responseObject").path("metadata").has("managedFields")).isFalse();
        JsonNode secret = rr.stream().filter(e -> e.path("objectRef").path("resource").asText()
                .equals("secrets")).findFirst().orElseThrow();
        assertThat(secret.path("level").asText()).isEqualTo("Metadata");
        assertThat(secret.toString()).doesNotContain(Base64.getEncoder().encodeToString(
                "hunter2".getBytes(StandardCharsets.UTF_8))).doesNotContain("hunter2");
    }

    @Test
    void aSecretIsSealedInTheDatabaseAndReadsBackThroughKubectl() throws Exception {
        Kubectl.ok(kubectl.run("create", "secret", "generic", "sealed", "-n", "default",
                "--from-literal=password=hunter2"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                + server.dataDir().resolve("server/db/state.db"));
                PreparedStatement q = c.prepareStatement("SELECT value FROM log WHERE key = ?"
                        + " ORDER BY rev DESC LIMIT 1")) {
            q.setString(1, "/registry/secrets/default/sealed");
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String stored = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
                assertThat(stored).startsWith("k8s:enc:aesgcm:v1:key1:")
                        .doesNotContain("aHVudGVyMg==").doesNotContain("sealed");
            }
        }
        assertThat(Kubectl.ok(kubectl.run("get", "secret", "sealed", "-n", "default", "-o",
                "jsonpath={.data.password}")).out()).isEqualTo("aHVudGVyMg==");
    }
}
