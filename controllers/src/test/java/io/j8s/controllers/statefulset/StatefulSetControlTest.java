package io.j8s.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One pass of the StatefulSet control over in-memory pods, with a fixed clock. */
class StatefulSetControlTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final PodTemplateSpec TEMPLATE = new PodTemplateSpecBuilder().withNewMetadata()
            .withLabels(Map.of("app", "web")).endMetadata().withNewSpec().addNewContainer()
            .withName("c").withImage("nginx:1").endContainer().endSpec().build();
    private static final StatefulSetControl.Revision A =
            new StatefulSetControl.Revision("web-a", TEMPLATE);
    private static final StatefulSetControl.Revision B =
            new StatefulSetControl.Revision("web-b", TEMPLATE);

    private final List<String> calls = new ArrayList<>();
    private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    private final StatefulSetControl control = new StatefulSetControl(new StatefulPodControl() {
        @Override
        public void createClaim(StatefulSet set, PersistentVolumeClaim claim, Pod pod) {
            calls.add("claim " + claim.getMetadata().getName() + (claim.getMetadata()
                    .getOwnerReferences().isEmpty() ? "" : " owned by " + claim.getMetadata()
                            .getOwnerReferences().stream().map(OwnerReference::getKind).toList()));
        }

        @Override
        public void createPod(StatefulSet set, Pod pod) {
            calls.add("create " + pod.getMetadata().getName() + " "
                    + StatefulPods.revision(pod));
        }

        @Override
        public void deletePod(StatefulSet set, Pod pod) {
            calls.add("delete " + pod.getMetadata().getName());
        }

        @Override
        public void updatePod(StatefulSet set, Pod pod) {
            calls.add("update " + pod.getMetadata().getName());
        }

        @Override
        public void updateClaimOwners(StatefulSet set, PersistentVolumeClaim claim,
                List<OwnerReference> owners) {
            calls.add("owners " + claim.getMetadata().getName() + " "
                    + owners.stream().map(OwnerReference::getKind).toList());
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    private static StatefulSetBuilder set(int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("ns")
                .withUid("set-uid").endMetadata().withNewSpec().withReplicas(replicas)
                .withServiceName("web").withNewSelector().addToMatchLabels("app", "web")
                .endSelector().withTemplate(TEMPLATE).withPodManagementPolicy("OrderedReady")
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withPartition(0).endRollingUpdate().endUpdateStrategy().endSpec();
    }

    private static Pod pod(StatefulSet set, int ordinal, String revision, boolean ready,
            Duration readyFor) {
        Pod p = StatefulPods.newPod(set, TEMPLATE, ordinal,
                revision.equals("a") ? A.name() : B.name());
        p.getMetadata().setUid("pod-" + ordinal);
        return new PodBuilder(p).withNewStatus().withPhase(ready ? "Running" : "Pending")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(NOW.minus(readyFor).toString()).endCondition()
                .endStatus().build();
    }

    private static Pod ready(StatefulSet set, int ordinal, String revision) {
        return pod(set, ordinal, revision, true, Duration.ofMinutes(1));
    }

    @Test
    void orderedReadyCreatesOnePodAtATimeEachAfterTheOneBeforeIsReady() {
        StatefulSet web = set(3).build();
        control.update(web, A, A, List.of(), claims);
        assertThat(calls).containsExactly("create web-0 web-a");
        calls.clear();
        control.update(web, A, A, List.of(pod(web, 0, "a", false, Duration.ZERO)), claims);
        assertThat(calls).isEmpty();
        var result = control.update(web, A, A, List.of(ready(web, 0, "a")), claims);
        assertThat(calls).containsExactly("create web-1 web-a");
        assertThat(result.replicas()).isEqualTo(2);
        assertThat(result.ready()).isEqualTo(1);
    }

    @Test
    void parallelCreatesEveryMissingOrdinalAtOnce() {
        StatefulSet web = set(3).editSpec().withPodManagementPolicy("Parallel").endSpec().build();
        control.update(web, A, A, List.of(pod(web, 1, "a", false, Duration.ZERO)), claims);
        assertThat(calls).containsExactly("create web-0 web-a", "create web-2 web-a");
    }

    @Test
    void minReadySecondsHoldsTheNextOrdinalAndAsksToLookAgainWhenItPasses() {
        StatefulSet web = set(2).editSpec().withMinReadySeconds(10).endSpec().build();
        var result = control.update(web, A, A,
                List.of(pod(web, 0, "a", true, Duration.ofSeconds(4))), claims);
        assertThat(calls).isEmpty();
        assertThat(result.requeueAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(result.available()).isZero();
    }

    @Test
    void scalingDownDeletesTheHighestOrdinalFirstOneAtATime() {
        StatefulSet web = set(1).build();
        control.update(web, A, A, List.of(ready(web, 0, "a"), ready(web, 1, "a"),
                ready(web, 2, "a")), claims);
        assertThat(calls).containsExactly("delete web-2");
    }

    @Test
    void aPartitionedUpdateReplacesOnlyOrdinalsAtOrAboveThePartitionHighestFirst() {
        StatefulSet web = set(3).editSpec().editUpdateStrategy().editRollingUpdate()
                .withPartition(1).endRollingUpdate().endUpdateStrategy().endSpec().build();
        List<Pod> pods = List.of(ready(web, 0, "a"), ready(web, 1, "a"), ready(web, 2, "a"));
        control.update(web, A, B, pods, claims);
        assertThat(calls).containsExactly("delete web-2");
        calls.clear();
        // web-2 came back at the update revision but is not ready yet: wait for it
        control.update(web, A, B, List.of(ready(web, 0, "a"), ready(web, 1, "a"),
                pod(web, 2, "b", false, Duration.ZERO)), claims);
        assertThat(calls).isEmpty();
        var result = control.update(web, A, B, List.of(ready(web, 0, "a"), ready(web, 1, "a"),
                ready(web, 2, "b")), claims);
        assertThat(calls).containsExactly("delete web-1");
        calls.clear();
        result = control.update(web, A, B, List.of(ready(web, 0, "a"), ready(web, 1, "b"),
                ready(web, 2, "b")), claims);
        assertThat(calls).isEmpty(); // web-0 is below the partition
        assertThat(result.updated()).isEqualTo(2);
        assertThat(result.current()).isEqualTo(1);
    }

    @Test
    void aMissingOrdinalBelowThePartitionComesBackAtTheCurrentRevision() {
        StatefulSet web = set(3).editSpec().editUpdateStrategy().editRollingUpdate()
                .withPartition(2).endRollingUpdate().endUpdateStrategy().endSpec().build();
        control.update(web, A, B, List.of(ready(web, 1, "a"), ready(web, 2, "b")), claims);
        assertThat(calls).containsExactly("create web-0 web-a");
    }

    @Test
    void onDeleteLeavesOldPodsAlone() {
        StatefulSet web = set(2).editSpec().withNewUpdateStrategy().withType("OnDelete")
                .endUpdateStrategy().endSpec().build();
        control.update(web, A, B, List.of(ready(web, 0, "a"), ready(web, 1, "a")), claims);
        assertThat(calls).isEmpty();
    }

    @Test
    void claimsAreCreatedBeforeThePodAndWhenScaledDeleteHandsACondemnedClaimToItsPod() {
        StatefulSet web = set(1).editSpec().addNewVolumeClaimTemplate().withNewMetadata()
                .withName("www").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .endSpec().endVolumeClaimTemplate()
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenScaled("Delete")
                .withWhenDeleted("Retain").endPersistentVolumeClaimRetentionPolicy()
                .endSpec().build();
        control.update(web, A, A, List.of(), claims);
        assertThat(calls).containsExactly("claim www-web-0", "create web-0 web-a");
        calls.clear();
        for (int i = 0; i < 2; i++) {
            claims.put("www-web-" + i, StatefulPods.claims(web, i).getFirst());
        }
        control.update(web, A, A, List.of(ready(web, 0, "a"), ready(web, 1, "a")), claims);
        assertThat(calls).containsExactly("owners www-web-1 [Pod]", "delete web-1");
        calls.clear();
        // scaled up again before the claim was collected: the new web-1 keeps its claim
        claims.get("www-web-1").getMetadata().setOwnerReferences(List.of(
                new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withKind("Pod")
                        .withName("web-1").withUid("old-web-1").build()));
        StatefulSet two = new StatefulSetBuilder(web).editSpec().withReplicas(2).endSpec().build();
        control.update(two, A, A, List.of(ready(two, 0, "a"), ready(two, 1, "a")), claims);
        assertThat(calls).containsExactly("owners www-web-1 []");
    }

    @Test
    void whenDeletedDeleteMakesTheSetOwnerOfItsClaimsAndRetainTakesThatBack() {
        StatefulSet web = set(1).editSpec().addNewVolumeClaimTemplate().withNewMetadata()
                .withName("www").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .endSpec().endVolumeClaimTemplate()
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Delete")
                .withWhenScaled("Retain").endPersistentVolumeClaimRetentionPolicy()
                .endSpec().build();
        control.update(web, A, A, List.of(), claims);
        assertThat(calls).containsExactly("claim www-web-0 owned by [StatefulSet]",
                "create web-0 web-a");
        calls.clear();
        PersistentVolumeClaim owned = StatefulPods.claims(web, 0).getFirst();
        owned.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model
                .OwnerReferenceBuilder().withKind("StatefulSet").withName("web")
                .withUid("set-uid").build()));
        claims.put("www-web-0", owned);
        web.getSpec().getPersistentVolumeClaimRetentionPolicy().setWhenDeleted("Retain");
        control.update(web, A, A, List.of(ready(web, 0, "a")), claims);
        assertThat(calls).containsExactly("owners www-web-0 []");
    }
}
