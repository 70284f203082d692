package io.j8s.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionPluginsTest {

    @Test
    void everyServedPluginRunsByDefaultInUpstreamsOrder() {
        assertThat(AdmissionPlugins.resolve(List.of(), List.of())).containsExactly(
                "NamespaceLifecycle", "LimitRanger", "ServiceAccount", "NodeRestriction",
                "PodSecurity", "Priority", "DefaultTolerationSeconds", "MutatingAdmissionWebhook",
                "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook", "ResourceQuota");
    }

    @Test
    void upstreamsCommandTestSetUpLeavesLimitRangerAndResourceQuota() {
        assertThat(AdmissionPlugins.resolve(List.of("ResourceQuota", "LimitRanger"),
                List.of("ServiceAccount", "NamespaceLifecycle", "NodeRestriction",
                        "MutatingAdmissionWebhook", "ValidatingAdmissionWebhook",
                        "DefaultStorageClass", "DefaultTolerationSeconds", "Priority",
                        "PodSecurity", "StorageObjectInUseProtection")))
                .containsExactly("LimitRanger", "ValidatingAdmissionPolicy", "ResourceQuota");
    }

    @Test
    void unknownNamesOverlapsAndUnservedPluginsAreRefusedByName() {
        assertThatThrownBy(() -> AdmissionPlugins.resolve(List.of("Magic"), List.of("Sorcery")))
                .hasMessageStartingWith("unknown admission plugins Magic, Sorcery;");
        assertThatThrownBy(() -> AdmissionPlugins.resolve(List.of("Priority"),
                List.of("Priority"))).hasMessageContaining("Priority in both");
        assertThatThrownBy(() -> AdmissionPlugins.resolve(List.of("AlwaysPullImages"),
                List.of())).hasMessageContaining("AlwaysPullImages not served by j8s yet");
    }
}
