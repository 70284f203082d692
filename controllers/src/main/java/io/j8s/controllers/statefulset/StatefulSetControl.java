package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.j8s.controllers.history.PodReadiness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pass of upstream's StatefulSet control over a set, its pods and its claims: create the
 * missing ordinals (claims first), replace failed pods, delete condemned ordinals from the
 * highest down, then roll ordinals at or above the partition to the update revision from the
 * highest down. With {@code OrderedReady} each step waits until the pods before it are Running,
 * Ready and available; with {@code Parallel} creation and deletion do not wait.
 */
final class StatefulSetControl {
    /** A revision of the set's pod template. */
    record Revision(String name, PodTemplateSpec template) {}

    /** Pod counts for the set's status, and when to look again (null: when something changes). */
    record Result(int replicas, int ready, int available, int current, int updated,
            Duration requeueAfter) {}

    private final StatefulPodControl control;
    private final Clock clock;

    StatefulSetControl(StatefulPodControl control, Clock clock) {
        this.control = Objects.requireNonNull(control);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Counters while a pass runs; the pass adjusts them as it creates and deletes. */
    private static final class Counts {
        int replicas;
        int ready;
        int available;
        int current;
        int updated;
        Duration requeue;

        void requeue(Duration d) {
            if (d != null && (requeue == null || d.compareTo(requeue) < 0)) {
                requeue = d;
            }
        }

        Result result() {
            return new Result(replicas, ready, available, current, updated, requeue);
        }
    }

    Result update(StatefulSet set, Revision current, Revision update, List<Pod> pods,
            Map<String, PersistentVolumeClaim> claims) {
        Instant now = clock.instant();
        int minReady = set.getSpec().getMinReadySeconds() == null ? 0
                : set.getSpec().getMinReadySeconds();
        int start = set.getSpec().getOrdinals() == null
                || set.getSpec().getOrdinals().getStart() == null ? 0
                        : set.getSpec().getOrdinals().getStart();
        int count = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        Pod[] replicas = new Pod[count];
        List<Pod> condemned = new ArrayList<>();
        Counts c = new Counts();
        for (Pod pod : pods) {
            int ordinal = StatefulPods.ordinal(set, pod);
            if (ordinal < 0) {
                continue;
            }
            count(c, pod, current, update, minReady, now);
            if (ordinal >= start && ordinal < start + count) {
                replicas[ordinal - start] = pod;
            } else {
                condemned.add(pod);
            }
        }
        condemned.sort(Comparator.comparingInt((Pod p) -> StatefulPods.ordinal(set, p))
                .reversed());
        reconcileClaimOwners(set, start, count, replicas, condemned, claims);

        Pod firstUnhealthy = null;
        for (Pod p : replicas) {
            if (p != null && !healthy(p, minReady, now)) {
                firstUnhealthy = p;
                break;
            }
        }
        if (firstUnhealthy == null) {
            for (Pod p : condemned) {
                if (!healthy(p, minReady, now)) {
                    firstUnhealthy = p;
                    break;
                }
            }
        }

        for (int i = 0; i < count; i++) {
            int ordinal = start + i;
            Pod pod = replicas[i];
            if (pod == null) {
                boolean useCurrent = currentNeeded(set, update, i, replicas);
                Revision r = useCurrent ? current : update;
                Pod created = StatefulPods.newPod(set, r.template(), ordinal, r.name());
                if (!createClaims(set, ordinal, created, claims)) {
                    return c.result(); // a claim is being deleted: wait for it to go
                }
                control.createPod(set, created);
                c.replicas++;
                if (r.name().equals(current.name())) {
                    c.current++;
                }
                if (r.name().equals(update.name())) {
                    c.updated++;
                }
                if (monotonic) {
                    return c.result();
                }
                continue;
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
                if (pod.getMetadata().getDeletionTimestamp() == null) {
                    control.deletePod(set, pod);
                }
                if (monotonic) {
                    return c.result();
                }
                continue;
            }
            if (pod.getMetadata().getDeletionTimestamp() != null
                    || !PodReadiness.runningAndReady(pod)) {
                if (monotonic) {
                    return c.result();
                }
                continue;
            }
            Duration left = PodReadiness.untilAvailable(pod, minReady, now);
            if (monotonic && !left.isZero()) {
                c.requeue(left);
                return c.result();
            }
            if (!StatefulPods.identityMatches(set, pod, ordinal)) {
                control.updatePod(set, StatefulPods.withIdentityLabels(set, pod, ordinal));
            }
            if (!createClaims(set, ordinal, pod, claims) && monotonic) {
                return c.result();
            }
        }

        for (Pod pod : condemned) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                if (monotonic) {
                    return c.result();
                }
                continue;
            }
            if (monotonic && !PodReadiness.runningAndReady(pod) && pod != firstUnhealthy) {
                return c.result();
            }
            Duration left = PodReadiness.untilAvailable(pod, minReady, now);
            if (monotonic && left != null && !left.isZero() && pod != firstUnhealthy) {
                c.requeue(left);
                return c.result();
            }
            control.deletePod(set, pod);
            if (monotonic) {
                return c.result();
            }
        }

        if (!"RollingUpdate".equals(strategy(set))) {
            return c.result(); // OnDelete: pods change revision only when a user deletes them
        }
        int partition = partition(set);
        for (int i = count - 1; i >= Math.max(partition, 0); i--) {
            Pod pod = replicas[i];
            if (pod == null) {
                continue;
            }
            if (!update.name().equals(StatefulPods.revision(pod))
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                control.deletePod(set, pod);
                if (current.name().equals(StatefulPods.revision(pod))) {
                    c.current--;
                }
                return c.result();
            }
            if (!healthy(pod, minReady, now)) {
                Duration left = PodReadiness.untilAvailable(pod, minReady, now);
                if (left != null && !left.isZero()) {
                    c.requeue(left);
                }
                return c.result();
            }
        }
        return c.result();
    }

    private void count(Counts c, Pod pod, Revision current, Revision update, int minReady,
            Instant now) {
        c.replicas++;
        if (PodReadiness.runningAndReady(pod)) {
            c.ready++;
            Duration left = PodReadiness.untilAvailable(pod, minReady, now);
            if (left.isZero()) {
                c.available++;
            } else {
                c.requeue(left);
            }
        }
        if (pod.getMetadata().getDeletionTimestamp() == null) {
            String revision = StatefulPods.revision(pod);
            if (current.name().equals(revision)) {
                c.current++;
            }
            if (update.name().equals(revision)) {
                c.updated++;
            }
        }
    }

    private static boolean healthy(Pod pod, int minReady, Instant now) {
        return PodReadiness.runningAndReady(pod)
                && PodReadiness.available(pod, minReady, now);
    }

    static String strategy(StatefulSet set) {
        return set.getSpec().getUpdateStrategy() == null
                || set.getSpec().getUpdateStrategy().getType() == null ? "RollingUpdate"
                        : set.getSpec().getUpdateStrategy().getType();
    }

    static int partition(StatefulSet set) {
        var s = set.getSpec().getUpdateStrategy();
        if (s == null || s.getRollingUpdate() == null
                || s.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return s.getRollingUpdate().getPartition();
    }

    /**
     * A missing ordinal below the partition is recreated at the current revision (upstream's
     * isCurrentRevisionNeeded); every other one at the update revision.
     */
    private static boolean currentNeeded(StatefulSet set, Revision update, int index,
            Pod[] replicas) {
        return "RollingUpdate".equals(strategy(set)) && index < partition(set);
    }

    /** Creates the ordinal's missing claims; false if one is being deleted (wait for it). */
    private boolean createClaims(StatefulSet set, int ordinal, Pod pod,
            Map<String, PersistentVolumeClaim> claims) {
        boolean ok = true;
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, ordinal)) {
            PersistentVolumeClaim existing = claims.get(claim.getMetadata().getName());
            if (existing == null) {
                if (retention(set).whenDeleted) {
                    claim.getMetadata().setOwnerReferences(List.of(ownerRef(set.getApiVersion(),
                            set.getKind(), set.getMetadata().getName(),
                            set.getMetadata().getUid())));
                }
                control.createClaim(set, claim, pod);
                claims.put(claim.getMetadata().getName(), claim);
            } else if (existing.getMetadata().getDeletionTimestamp() != null) {
                ok = false;
            }
        }
        return ok;
    }

    private record Retention(boolean whenDeleted, boolean whenScaled) {}

    private static Retention retention(StatefulSet set) {
        StatefulSetPersistentVolumeClaimRetentionPolicy p =
                set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return p == null ? new Retention(false, false)
                : new Retention("Delete".equals(p.getWhenDeleted()),
                        "Delete".equals(p.getWhenScaled()));
    }

    /**
     * The retention policy through owner references, as upstream: {@code whenDeleted: Delete}
     * makes the set an owner of every claim (deleting the set collects them);
     * {@code whenScaled: Delete} makes a condemned pod the owner of its claims (deleting the pod
     * collects them). Owners the policy no longer wants are removed.
     */
    private void reconcileClaimOwners(StatefulSet set, int start, int count, Pod[] replicas,
            List<Pod> condemned, Map<String, PersistentVolumeClaim> claims) {
        Retention policy = retention(set);
        List<Pod> all = new ArrayList<>(condemned);
        for (Pod p : replicas) {
            if (p != null) {
                all.add(p);
            }
        }
        for (Pod pod : all) {
            int ordinal = StatefulPods.ordinal(set, pod);
            boolean scaledAway = ordinal < start || ordinal >= start + count;
            for (PersistentVolumeClaim t : StatefulPods.templates(set)) {
                PersistentVolumeClaim claim = claims.get(
                        StatefulPods.claimName(t.getMetadata().getName(), set, ordinal));
                if (claim == null || claim.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                List<OwnerReference> owners = new ArrayList<>(claim.getMetadata()
                        .getOwnerReferences());
                List<OwnerReference> before = List.copyOf(owners);
                // a pod of the same name that was deleted before counts as this pod
                owners.removeIf(o -> o.getUid().equals(set.getMetadata().getUid())
                        || o.getUid().equals(pod.getMetadata().getUid())
                        || "Pod".equals(o.getKind())
                                && pod.getMetadata().getName().equals(o.getName()));
                if (policy.whenDeleted) {
                    owners.add(ownerRef(set.getApiVersion(), set.getKind(),
                            set.getMetadata().getName(), set.getMetadata().getUid()));
                }
                if (policy.whenScaled && scaledAway) {
                    owners.add(ownerRef("v1", "Pod", pod.getMetadata().getName(),
                            pod.getMetadata().getUid()));
                }
                if (!sameOwners(before, owners)) {
                    control.updateClaimOwners(set, claim, owners);
                }
            }
        }
    }

    private static boolean sameOwners(List<OwnerReference> a, List<OwnerReference> b) {
        return a.size() == b.size() && a.stream().allMatch(x -> b.stream()
                .anyMatch(y -> y.getUid().equals(x.getUid())
                        && Objects.equals(y.getKind(), x.getKind())));
    }

    private static OwnerReference ownerRef(String apiVersion, String kind, String name,
            String uid) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withName(name).withUid(uid).build();
    }
}
