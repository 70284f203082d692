package io.j8s.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's rules as upstream matches them, the events' shape, Secrets capped, rotation. */
class AuditLogTest {
    private static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived]
            rules:
            - level: None
              users: [system:kube-proxy]
            - level: RequestResponse
              resources: [{group: "", resources: [secrets, pods/log]}]
            - level: Request
              verbs: [create]
              namespaces: [team]
              resources: [{group: apps, resources: [deployments], resourceNames: [web]}]
            - level: Metadata
              nonResourceURLs: [/healthz*]
            - level: None
              nonResourceURLs: ["*"]
            - level: Metadata
              userGroups: [system:masters]
            """;

    @TempDir
    Path dir;

    private static AuditAttributes attrs(String user, String verb, String group, String resource,
            String sub, String ns, String name) {
        return new AuditAttributes(user, List.of("system:masters", "system:authenticated"), verb,
                true, "/", group, "v1", resource, sub, ns, name);
    }

    private AuditPolicy policy() {
        return AuditPolicy.parse(dir.resolve("p.yaml"), POLICY);
    }

    @Test
    void theFirstMatchingRuleDecides() {
        AuditPolicy p = policy();
        assertThat(p.decide(attrs("system:kube-proxy", "get", "", "secrets", "", "a", "s"))
                .level()).isEqualTo(Level.None);
        assertThat(p.decide(attrs("u", "get", "", "pods", "log", "a", "p")).level())
                .isEqualTo(Level.RequestResponse);
        assertThat(p.decide(attrs("u", "get", "", "pods", "", "a", "p")).level())
                .as("pods is not pods/log").isEqualTo(Level.Metadata);
        assertThat(p.decide(attrs("u", "create", "apps", "deployments", "", "team", "web"))
                .level()).isEqualTo(Level.Request);
        assertThat(p.decide(attrs("u", "create", "apps", "deployments", "", "team", "api"))
                .level()).isEqualTo(Level.Metadata);
        AuditAttributes healthz = new AuditAttributes("u", List.of("system:authenticated"),
                "get", false, "/healthz/ready", "", "", "", "", "", "");
        assertThat(p.decide(healthz).level()).isEqualTo(Level.Metadata);
        AuditAttributes version = new AuditAttributes("u", List.of("system:masters"), "get",
                false, "/version", "", "", "", "", "", "");
        assertThat(p.decide(version).level()).isEqualTo(Level.None);
        assertThat(p.decide(attrs("u", "get", "", "pods", "", "a", "p")).omitStages())
                .containsExactly("RequestReceived");
    }

    private List<JsonNode> events(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void aSecretIsNeverLoggedAboveMetadataAndEventsHaveUpstreamsShape() throws Exception {
        Path file = dir.resolve("audit.log");
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T20:00:00.123456Z"), ZoneOffset.UTC);
        AuditLog log = AuditLog.of(policy(), new RotatingFile(file, 0, 0, Duration.ZERO, clock),
                clock);
        AuditedRequest r = log.begin(attrs("admin", "create", "", "secrets", "", "a", ""),
                "/api/v1/namespaces/a/secrets", List.of("127.0.0.1"), "kubectl/v1.33");
        r.requestBody("{\"metadata\":{\"name\":\"s\"},\"data\":{\"p\":\"aHVudGVyMg==\"}}"
                .getBytes(StandardCharsets.UTF_8), "application/json");
        r.authorized(true, "");
        r.annotate(java.util.Map.of("x/y", "z"));
        r.complete(201, "{\"metadata\":{\"name\":\"s\"},\"data\":{\"p\":\"aHVudGVyMg==\"}}"
                .getBytes(StandardCharsets.UTF_8), "application/json");
        log.close();
        List<JsonNode> events = events(file);
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.toString()).doesNotContain("aHVudGVyMg==");
        assertThat(e.path("level").asText()).isEqualTo("Metadata");
        assertThat(e.path("kind").asText()).isEqualTo("Event");
        assertThat(e.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
        assertThat(e.path("auditID").asText()).isEqualTo(r.auditId());
        assertThat(e.path("stage").asText()).isEqualTo("ResponseComplete");
        assertThat(e.path("user").path("username").asText()).isEqualTo("admin");
        assertThat(e.path("objectRef").toString()).isEqualTo("{\"resource\":\"secrets\","
                + "\"namespace\":\"a\",\"name\":\"s\",\"apiVersion\":\"v1\"}");
        assertThat(e.path("responseStatus").path("code").asInt()).isEqualTo(201);
        assertThat(e.path("requestReceivedTimestamp").asText())
                .isEqualTo("2026-12-06T20:00:00.123456Z");
        assertThat(e.path("annotations").path("authorization.k8s.io/decision").asText())
                .isEqualTo("allow");
        assertThat(e.path("annotations").path("x/y").asText()).isEqualTo("z");
    }

    @Test
    void theFileIsRotatedBySizeAndOnlyTheNewestBackupsKept() throws Exception {
        Path file = dir.resolve("audit.log");
        Clock clock = Clock.systemUTC();
        try (RotatingFile f = new RotatingFile(file, 100, 2, Duration.ZERO, clock)) {
            for (int i = 0; i < 10; i++) {
                f.write(("x".repeat(59) + "\n").getBytes(StandardCharsets.UTF_8));
                Thread.sleep(2); // distinct backup names; not a synchronisation
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).hasSize(3).contains("audit.log");
            assertThat(names).filteredOn(n -> !n.equals("audit.log"))
                    .allMatch(n -> n.matches("audit-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}"
                            + "(\\.\\d+)?\\.log"));
        }
        assertThat(Files.size(file)).isEqualTo(60);
    }

    @Test
    void aMalformedPolicyNamesItsLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
                + "- level: Metadata\n- level: Everything\n");
        assertThatThrownBy(() -> AuditPolicy.read(file)).hasMessage(file + ": line 5:"
                + " rules[1].level: \"Everything\" must be one of None, Metadata, Request,"
                + " RequestResponse");
        Files.writeString(file, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
                + "- level: Metadata\n  omitStages: [Sometimes]\n");
        assertThatThrownBy(() -> AuditPolicy.read(file)).hasMessageStartingWith(file
                + ": line 5: omitStages: \"Sometimes\" is not a stage");
        Files.writeString(file, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - {level\n");
        assertThatThrownBy(() -> AuditPolicy.read(file)).hasMessageStartingWith(file
                + ": line ");
    }
}
