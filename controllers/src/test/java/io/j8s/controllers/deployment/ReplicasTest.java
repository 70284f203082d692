package io.j8s.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rollout arithmetic without a cluster: upstream's rounding of maxSurge (up) and
 * maxUnavailable (down), the surge a rolling update may use, and proportional scaling of the
 * ReplicaSets of a rollout in flight (the example of upstream's Deployment documentation).
 */
class ReplicasTest {
    static Deployment deployment(int replicas, IntOrString surge, IntOrString unavailable) {
        return new DeploymentBuilder().withNewMetadata().withName("d").withNamespace("ns")
                .withGeneration(1L).endMetadata().withNewSpec().withReplicas(replicas)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(surge).withMaxUnavailable(unavailable).endRollingUpdate()
                .endStrategy().endSpec().build();
    }

    static ReplicaSet replicaSet(String name, int replicas, int available, String created,
            Map<String, String> annotations) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withUid(name)
                .withCreationTimestamp(created).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec().withNewStatus()
                .withReplicas(replicas).withAvailableReplicas(available).endStatus().build();
    }

    @Test
    void surgeRoundsUpAndUnavailableRoundsDown() {
        Deployment d = deployment(10, new IntOrString("25%"), new IntOrString("25%"));
        assertThat(Replicas.maxSurge(d)).isEqualTo(3);
        assertThat(Replicas.maxUnavailable(d)).isEqualTo(2);
        assertThat(Replicas.minAvailable(d)).isEqualTo(8);
        Deployment one = deployment(1, new IntOrString("25%"), new IntOrString("25%"));
        assertThat(Replicas.maxSurge(one)).isEqualTo(1);
        assertThat(Replicas.maxUnavailable(one)).isZero();
    }

    @Test
    void noSurgeAndNoUnavailabilityMeansOneUnavailable() {
        Deployment d = deployment(3, new IntOrString("10%"), new IntOrString(0));
        assertThat(Replicas.maxSurge(d)).isEqualTo(1);
        Deployment none = deployment(3, new IntOrString(0), new IntOrString("10%"));
        assertThat(Replicas.maxSurge(none)).isZero();
        assertThat(Replicas.maxUnavailable(none)).isEqualTo(1);
    }

    @Test
    void withMaxUnavailableZeroTheNewReplicaSetGrowsOnlyIntoTheSurge() {
        Deployment d = deployment(4, new IntOrString("25%"), new IntOrString(0));
        ReplicaSet old = replicaSet("old", 4, 4, "2026-01-01T00:00:00Z", Map.of());
        ReplicaSet fresh = replicaSet("new", 0, 0, "2026-01-02T00:00:00Z", Map.of());
        assertThat(Replicas.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(1);
        ReplicaSet grown = replicaSet("new", 1, 0, "2026-01-02T00:00:00Z", Map.of());
        assertThat(Replicas.newReplicaSetReplicas(d, List.of(old, grown), grown)).isEqualTo(1);
    }

    @Test
    void scalingInTheMiddleOfARolloutIsSharedInProportion() {
        // 10 replicas, maxSurge 3, maxUnavailable 2: 8 old and 5 new when the Deployment is
        // scaled to 15; the 5 more go 3 to the old ReplicaSet and 2 to the new one.
        Deployment d = deployment(15, new IntOrString(3), new IntOrString(2));
        Map<String, String> annotations = Map.of(Revisions.MAX_REPLICAS, "13",
                Revisions.DESIRED_REPLICAS, "10");
        ReplicaSet old = replicaSet("old", 8, 8, "2026-01-01T00:00:00Z", annotations);
        ReplicaSet fresh = replicaSet("new", 5, 0, "2026-01-02T00:00:00Z", annotations);
        assertThat(Proportions.sizes(d, List.of(old, fresh)))
                .containsEntry("old", 11).containsEntry("new", 7);
        Deployment smaller = deployment(5, new IntOrString(3), new IntOrString(2));
        Map<String, Integer> down = Proportions.sizes(smaller, List.of(old, fresh));
        assertThat(down.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(down.get("old")).isGreaterThan(down.get("new"));
    }

    @Test
    void templateHashIsStableAndIgnoresItsOwnLabel() {
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer()
                .endSpec().build();
        String hash = TemplateHash.of(template, null);
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}")
                .isEqualTo(TemplateHash.of(template, null))
                .isNotEqualTo(TemplateHash.of(template, 1));
        var labelled = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(template)
                .editMetadata().addToLabels("pod-template-hash", hash).endMetadata().build();
        assertThat(TemplateHash.equalIgnoringHash(template, labelled)).isTrue();
        var other = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(template)
                .editSpec().editFirstContainer().withImage("nginx:2").endContainer().endSpec()
                .build();
        assertThat(TemplateHash.equalIgnoringHash(template, other)).isFalse();
        assertThat(TemplateHash.of(other, null)).isNotEqualTo(hash);
    }
}
