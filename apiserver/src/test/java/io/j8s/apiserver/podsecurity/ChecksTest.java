package io.j8s.apiserver.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream's checks, one row per check and level, with upstream's reasons and details. */
class ChecksTest {
    /** A restricted-clean container named c; {@code tweak} is JSON merged into the pod. */
    private static final String GOOD = "{\"spec\":{\"securityContext\":{\"runAsNonRoot\":true,"
            + "\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"containers\":[{\"name\":\"c\","
            + "\"image\":\"busybox\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
            + "\"capabilities\":{\"drop\":[\"ALL\"]}}}]}}";

    static Pod pod(String containerSecurity, String podSpec, String annotations) throws Exception {
        JsonNode pod = Json.MAPPER.readTree(GOOD);
        if (!containerSecurity.isEmpty()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) pod.path("spec").path("containers")
                    .get(0).path("securityContext")).setAll(
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                            "{" + containerSecurity + "}"));
        }
        if (!podSpec.isEmpty()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) pod.path("spec")).setAll(
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                            "{" + podSpec + "}"));
        }
        if (!annotations.isEmpty()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) pod).set("metadata",
                    Json.MAPPER.readTree("{\"annotations\":{" + annotations + "}}"));
        }
        return Pod.of(pod);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "restricted:latest | `` | `` | `` | ``",
        "baseline:latest | `\"privileged\":true` | `` | `` | privileged (container \"c\" must not set securityContext.privileged=true)",
        "baseline:latest | `` | `\"hostNetwork\":true,\"hostPID\":true` | `` | host namespaces (hostNetwork=true, hostPID=true)",
        "baseline:latest | `\"capabilities\":{\"add\":[\"NET_ADMIN\",\"CHOWN\",\"SYS_TIME\"]}` | `` | `` | non-default capabilities (container \"c\" must not include \"NET_ADMIN\", \"SYS_TIME\" in securityContext.capabilities.add)",
        "baseline:latest | `` | `\"volumes\":[{\"name\":\"h\",\"hostPath\":{\"path\":\"/\"}}]` | `` | hostPath volumes (volume \"h\")",
        "restricted:latest | `` | `\"volumes\":[{\"name\":\"h\",\"hostPath\":{\"path\":\"/\"}},{\"name\":\"n\",\"nfs\":{\"server\":\"s\",\"path\":\"/\"}},{\"name\":\"e\",\"emptyDir\":{}}]` | `` | restricted volume types (volumes \"h\", \"n\" use restricted volume types \"hostPath\", \"nfs\")",
        "baseline:latest | `` | `\"containers\":[{\"name\":\"c\",\"ports\":[{\"containerPort\":80,\"hostPort\":8080}]}]` | `` | hostPort (container \"c\" uses hostPort 8080)",
        "baseline:latest | `` | `` | `\"container.apparmor.security.beta.kubernetes.io/c\":\"unconfined\"` | forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/c=\"unconfined\")",
        "baseline:latest | `\"appArmorProfile\":{\"type\":\"Unconfined\"}` | `` | `` | forbidden AppArmor profile (container \"c\" must not set AppArmor profile type to \"Unconfined\")",
        "baseline:latest | `\"seLinuxOptions\":{\"type\":\"spc_t\",\"user\":\"u\"}` | `` | `` | seLinuxOptions (container \"c\" set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set)",
        "baseline:v1.30 | `\"seLinuxOptions\":{\"type\":\"container_engine_t\"}` | `` | `` | seLinuxOptions (container \"c\" set forbidden securityContext.seLinuxOptions: type \"container_engine_t\")",
        "baseline:v1.31 | `\"seLinuxOptions\":{\"type\":\"container_engine_t\"}` | `` | `` | ``",
        "baseline:latest | `\"procMount\":\"Unmasked\"` | `` | `` | procMount (container \"c\" must not set securityContext.procMount to \"Unmasked\")",
        "baseline:latest | `\"seccompProfile\":{\"type\":\"Unconfined\"}` | `` | `` | seccompProfile (container \"c\" must not set securityContext.seccompProfile.type to \"Unconfined\")",
        "baseline:latest | `` | `\"securityContext\":{\"sysctls\":[{\"name\":\"kernel.msgmax\",\"value\":\"1\"},{\"name\":\"net.ipv4.tcp_syncookies\",\"value\":\"1\"}]}` | `` | forbidden sysctls (kernel.msgmax)",
        "baseline:v1.28 | `` | `\"securityContext\":{\"sysctls\":[{\"name\":\"net.ipv4.tcp_keepalive_time\",\"value\":\"1\"}]}` | `` | forbidden sysctls (net.ipv4.tcp_keepalive_time)",
        "baseline:latest | `\"windowsOptions\":{\"hostProcess\":true}` | `` | `` | hostProcess (container \"c\" must not set securityContext.windowsOptions.hostProcess=true)",
        "restricted:latest | `\"allowPrivilegeEscalation\":true` | `` | `` | allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false)",
        "restricted:latest | `\"capabilities\":{\"add\":[\"NET_BIND_SERVICE\",\"SYS_ADMIN\"]}` | `` | `` | unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]; container \"c\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add)",
        "restricted:v1.21 | `\"capabilities\":{\"add\":[\"NET_ADMIN\"]}` | `` | `` | non-default capabilities (container \"c\" must not include \"NET_ADMIN\" in securityContext.capabilities.add)",
        "restricted:latest | `\"runAsNonRoot\":false` | `` | `` | runAsNonRoot != true (container \"c\" must not set securityContext.runAsNonRoot=false)",
        "restricted:latest | `\"runAsUser\":0` | `` | `` | runAsUser=0 (container \"c\" must not set runAsUser=0)",
        "restricted:v1.22 | `\"runAsUser\":0` | `` | `` | ``",
        "restricted:latest | `\"seccompProfile\":{\"type\":\"Unconfined\"}` | `` | `` | seccompProfile (container \"c\" must not set securityContext.seccompProfile.type to \"Unconfined\")",
        "privileged:latest | `\"privileged\":true` | `\"hostNetwork\":true` | `` | ``",
    })
    void eachCheckAtItsLevelAndVersion(String policy, String container, String spec,
            String annotations, String expected) throws Exception {
        String[] p = policy.split(":");
        Policy parsed = new Policy(Policy.Level.parse(p[0]).orElseThrow(),
                Policy.parseVersion(p[1]).orElseThrow());
        assertThat(Checks.describe(Checks.evaluate(parsed, pod(container, spec, annotations))))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void anEmptyPodBreaksEveryRestrictedDefaultInUpstreamsOrder() throws Exception {
        Pod pod = Pod.of(Json.MAPPER.readTree("{\"spec\":{\"hostNetwork\":true,\"containers\":"
                + "[{\"name\":\"c\",\"securityContext\":{\"privileged\":true}}]}}"));
        assertThat(Checks.describe(Checks.evaluate(new Policy(Policy.Level.RESTRICTED,
                Policy.LATEST), pod))).isEqualTo("host namespaces (hostNetwork=true), privileged"
                + " (container \"c\" must not set securityContext.privileged=true),"
                + " allowPrivilegeEscalation != false (container \"c\" must set"
                + " securityContext.allowPrivilegeEscalation=false), unrestricted capabilities"
                + " (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]),"
                + " runAsNonRoot != true (pod or container \"c\" must set"
                + " securityContext.runAsNonRoot=true), seccompProfile (pod or container \"c\""
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or"
                + " \"Localhost\")");
    }
}
