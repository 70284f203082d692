package io.j8s.controllers.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.controllers.replicaset.PodStates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sync of one Deployment over the ReplicaSets it controls (upstream's syncDeployment and
 * the functions it calls): find or create the new ReplicaSet, scale, roll out, clean up history,
 * write the status. Writes replace the objects it holds, so later steps see what earlier ones
 * wrote; a conflict throws and the work queue retries with back-off.
 */
final class Rollout {
    private static final Comparator<ReplicaSet> OLDEST_FIRST = Comparator.comparing(
            (ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp(),
            Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(rs -> rs.getMetadata().getName());

    private final DeploymentController c;
    private Deployment d;
    private final List<ReplicaSet> sets;
    private ReplicaSet newRs;
    private List<ReplicaSet> oldSets = List.of();

    Rollout(DeploymentController controller, Deployment d, List<ReplicaSet> sets) {
        this.c = controller;
        this.d = d;
        this.sets = new ArrayList<>(sets);
        this.sets.sort(OLDEST_FIRST);
    }

    private Instant now() {
        return c.clock.instant();
    }

    private String ns() {
        return d.getMetadata().getNamespace();
    }

    void run() {
        if (d.getMetadata().getDeletionTimestamp() != null) {
            resolve(false);
            syncStatus();
            return;
        }
        checkPaused();
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || scalingEvent()) {
            resolve(false);
            scale();
            if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
                cleanup();
            }
            syncStatus();
            return;
        }
        if (Replicas.rolling(d)) {
            rolling();
        } else {
            recreate();
        }
    }

    /** Only the observed generation (a Deployment selecting everything is not acted on). */
    void observeGeneration() {
        long observed = d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                ? 0 : d.getStatus().getObservedGeneration();
        if (observed < Progress.generation(d)) {
            DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus()
                    : new DeploymentStatusBuilder(d.getStatus()).build();
            s.setObservedGeneration(Progress.generation(d));
            writeStatus(s);
        }
    }

    // ---- the new ReplicaSet and the old ones ----

    private List<ReplicaSet> all() {
        List<ReplicaSet> all = new ArrayList<>(oldSets);
        if (newRs != null) {
            all.add(newRs);
        }
        return all;
    }

    private void replace(ReplicaSet updated) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).getMetadata().getUid().equals(updated.getMetadata().getUid())) {
                sets.set(i, updated);
            }
        }
        if (newRs != null && newRs.getMetadata().getUid().equals(updated.getMetadata().getUid())) {
            newRs = updated;
        }
        List<ReplicaSet> olds = new ArrayList<>(oldSets);
        olds.replaceAll(rs -> rs.getMetadata().getUid().equals(updated.getMetadata().getUid())
                ? updated : rs);
        oldSets = olds;
    }

    /** Upstream's getAllReplicaSetsAndSyncRevision. */
    private void resolve(boolean create) {
        ReplicaSet existing = sets.stream()
                .filter(rs -> TemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(),
                        d.getSpec().getTemplate())).findFirst().orElse(null);
        oldSets = sets.stream().filter(rs -> rs != existing).toList();
        long newRevision = Revisions.maxRevision(oldSets) + 1;
        if (existing != null) {
            newRs = existing;
            syncExistingNew(newRevision);
        } else if (create) {
            createNew(newRevision);
        } else {
            newRs = null;
        }
    }

    private void syncExistingNew(long newRevision) {
        Map<String, String> annotations = new LinkedHashMap<>(
                newRs.getMetadata().getAnnotations() == null ? Map.of()
                        : newRs.getMetadata().getAnnotations());
        boolean changed = Revisions.setNewReplicaSetAnnotations(d, annotations, newRevision, true);
        int minReady = d.getSpec().getMinReadySeconds() == null ? 0
                : d.getSpec().getMinReadySeconds();
        Integer rsMinReady = newRs.getSpec().getMinReadySeconds();
        if (changed || (rsMinReady == null ? 0 : rsMinReady) != minReady) {
            ReplicaSet copy = new ReplicaSetBuilder(newRs).editMetadata()
                    .withAnnotations(annotations).endMetadata().editSpec()
                    .withMinReadySeconds(minReady).endSpec().build();
            replace(c.client.apps().replicaSets().inNamespace(ns()).resource(copy).update());
        }
        if (newRs.getMetadata().getAnnotations() != null) {
            setDeploymentRevision(newRs.getMetadata().getAnnotations().get(Revisions.REVISION));
        }
        if (Progress.hasProgressDeadline(d)
                && Progress.condition(d.getStatus(), Progress.PROGRESSING) == null) {
            DeploymentStatus s = copyStatus();
            Progress.set(s, Progress.newCondition(Progress.PROGRESSING, "True",
                    "FoundNewReplicaSet", "Found new replica set \""
                            + newRs.getMetadata().getName() + "\"", now()));
            writeStatus(s);
        }
    }

    private void createNew(long newRevision) {
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = TemplateHash.of(d.getSpec().getTemplate(), collisions);
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate())
                .editOrNewMetadata().addToLabels(TemplateHash.LABEL, hash).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector())
                .addToMatchLabels(TemplateHash.LABEL, hash).build();
        String name = d.getMetadata().getName() + "-" + hash;
        ReplicaSet draft = new ReplicaSetBuilder().withNewMetadata().withName(name)
                .withNamespace(ns()).withLabels(template.getMetadata().getLabels())
                .withOwnerReferences(DeploymentController.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(0).withMinReadySeconds(
                        d.getSpec().getMinReadySeconds()).withSelector(selector)
                .withTemplate(template).endSpec().build();
        List<ReplicaSet> all = new ArrayList<>(oldSets);
        all.add(draft);
        int replicas = Replicas.newReplicaSetReplicas(d, all, draft);
        draft.getSpec().setReplicas(replicas);
        Map<String, String> annotations = new LinkedHashMap<>();
        Revisions.setNewReplicaSetAnnotations(d, annotations, newRevision, false);
        draft.getMetadata().setAnnotations(annotations);
        ReplicaSet created;
        boolean alreadyExisted = false;
        try {
            created = c.client.apps().replicaSets().inNamespace(ns()).resource(draft).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                ReplicaSet there = c.client.apps().replicaSets().inNamespace(ns()).withName(name)
                        .get();
                if (there != null && PodStates.controllerOf(there) != null
                        && d.getMetadata().getUid().equals(PodStates.controllerOf(there).getUid())
                        && TemplateHash.equalIgnoringHash(there.getSpec().getTemplate(),
                                d.getSpec().getTemplate())) {
                    created = there;
                    alreadyExisted = true;
                } else {
                    // a hash collision: the next hash takes the collision count into account
                    DeploymentStatus s = copyStatus();
                    s.setCollisionCount(collisions == null ? 1 : collisions + 1);
                    writeStatus(s);
                    throw e;
                }
            } else {
                String msg = "Failed to create new replica set \"" + name + "\": "
                        + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage());
                if (Progress.hasProgressDeadline(d)) {
                    DeploymentStatus s = copyStatus();
                    Progress.set(s, Progress.newCondition(Progress.PROGRESSING, "False",
                            "ReplicaSetCreateError", msg, now()));
                    writeStatus(s);
                }
                c.events.warning(d, "FailedCreate", msg);
                throw e;
            }
        }
        newRs = created;
        sets.add(created);
        if (!alreadyExisted && replicas > 0) {
            c.events.normal(d, "ScalingReplicaSet", "Scaled up replica set "
                    + created.getMetadata().getName() + " to " + replicas);
        }
        setDeploymentRevision(Long.toString(newRevision));
        if (!alreadyExisted && Progress.hasProgressDeadline(d)) {
            DeploymentStatus s = copyStatus();
            Progress.set(s, Progress.newCondition(Progress.PROGRESSING, "True",
                    "NewReplicaSetCreated", "Created new replica set \""
                            + created.getMetadata().getName() + "\"", now()));
            writeStatus(s);
        }
    }

    /** The Deployment's revision annotation follows its new ReplicaSet's. */
    private void setDeploymentRevision(String revision) {
        Map<String, String> a = d.getMetadata().getAnnotations();
        if (revision == null || a != null && revision.equals(a.get(Revisions.REVISION))) {
            return;
        }
        // the status subresource keeps metadata as it was, so the annotation is patched
        d = c.client.apps().deployments().inNamespace(ns()).withName(d.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{"
                        + Serialization.asJson(Revisions.REVISION) + ":"
                        + Serialization.asJson(revision) + "}}}");
    }

    // ---- scaling ----

    private boolean scalingEvent() {
        resolve(false);
        for (ReplicaSet rs : Replicas.active(all())) {
            Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
            if (desired != null && desired != Replicas.replicas(d)) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's scale: the active (or latest) ReplicaSet, or proportionally across many. */
    private void scale() {
        ReplicaSet activeOrLatest = activeOrLatest();
        if (activeOrLatest != null) {
            if (Replicas.replicas(activeOrLatest) != Replicas.replicas(d)) {
                scaleTo(activeOrLatest, Replicas.replicas(d));
            }
            return;
        }
        if (saturated(newRs)) {
            for (ReplicaSet old : Replicas.active(oldSets)) {
                scaleTo(old, 0);
            }
            return;
        }
        if (Replicas.rolling(d)) {
            List<ReplicaSet> active = Replicas.active(all());
            Map<String, ReplicaSet> byName = new HashMap<>();
            active.forEach(rs -> byName.put(rs.getMetadata().getName(), rs));
            int toAdd = (Replicas.replicas(d) > 0 ? Replicas.replicas(d) + Replicas.maxSurge(d)
                    : 0) - Replicas.specSum(active);
            String op = toAdd > 0 ? "up" : "down";
            for (Map.Entry<String, Integer> e : Proportions.sizes(d, active).entrySet()) {
                scaleTo(byName.get(e.getKey()), e.getValue(), op);
            }
        }
    }

    private ReplicaSet activeOrLatest() {
        if (newRs == null && oldSets.isEmpty()) {
            return null;
        }
        List<ReplicaSet> newestFirst = new ArrayList<>(oldSets);
        newestFirst.sort(OLDEST_FIRST.reversed());
        List<ReplicaSet> candidates = new ArrayList<>(newestFirst);
        if (newRs != null) {
            candidates.add(newRs);
        }
        List<ReplicaSet> active = Replicas.active(candidates);
        if (active.isEmpty()) {
            return newRs != null ? newRs : newestFirst.getFirst();
        }
        return active.size() == 1 ? active.getFirst() : null;
    }

    private boolean saturated(ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
        int want = Replicas.replicas(d);
        return desired != null && desired == want && Replicas.available(rs) == want
                && Replicas.replicas(rs) == want;
    }

    private boolean scaleTo(ReplicaSet rs, int size) {
        if (Replicas.replicas(rs) == size) {
            return false;
        }
        return scaleTo(rs, size, Replicas.replicas(rs) < size ? "up" : "down");
    }

    /** Upstream's scaleReplicaSet: the size and the replicas annotations, and the event. */
    private boolean scaleTo(ReplicaSet rs, int size, String op) {
        int before = Replicas.replicas(rs);
        int max = Replicas.replicas(d) + Replicas.maxSurge(d);
        boolean resize = before != size;
        if (!resize && !Revisions.replicasNeedUpdate(rs, Replicas.replicas(d), max)) {
            return false;
        }
        Map<String, String> annotations = new LinkedHashMap<>(
                rs.getMetadata().getAnnotations() == null ? Map.of()
                        : rs.getMetadata().getAnnotations());
        Revisions.setReplicas(annotations, Replicas.replicas(d), max);
        ReplicaSet copy = new ReplicaSetBuilder(rs).editMetadata().withAnnotations(annotations)
                .endMetadata().editSpec().withReplicas(size).endSpec().build();
        replace(c.client.apps().replicaSets().inNamespace(ns()).resource(copy).update());
        if (resize) {
            c.events.normal(d, "ScalingReplicaSet", "Scaled " + op + " replica set "
                    + rs.getMetadata().getName() + " to " + size + " from " + before);
        }
        return resize;
    }

    // ---- RollingUpdate ----

    private void rolling() {
        resolve(true);
        if (reconcileNew() || reconcileOld()) {
            syncRolloutStatus();
            return;
        }
        if (d.getStatus() != null && Progress.complete(d, d.getStatus())) {
            cleanup();
        }
        syncRolloutStatus();
    }

    private boolean reconcileNew() {
        int want = Replicas.replicas(d);
        if (Replicas.replicas(newRs) == want) {
            return false;
        }
        if (Replicas.replicas(newRs) > want) {
            return scaleTo(newRs, want);
        }
        return scaleTo(newRs, Replicas.newReplicaSetReplicas(d, all(), newRs));
    }

    private boolean reconcileOld() {
        List<ReplicaSet> olds = new ArrayList<>(Replicas.active(oldSets));
        if (Replicas.specSum(olds) == 0) {
            return false;
        }
        int minAvailable = Replicas.minAvailable(d);
        int newUnavailable = Replicas.replicas(newRs) - Replicas.available(newRs);
        int maxScaledDown = Replicas.specSum(all()) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        // first the old replicas that are not available (upstream's cleanupUnhealthyReplicas)
        olds.sort(OLDEST_FIRST);
        int cleaned = 0;
        for (ReplicaSet rs : olds) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int size = Replicas.replicas(rs);
            int unavailable = size - Replicas.available(rs);
            if (size == 0 || unavailable <= 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unavailable);
            scaleTo(rs, size - down);
            cleaned += down;
        }
        // then as many as availability allows (scaleDownOldReplicaSetsForRollingUpdate)
        int availableNow = Replicas.available(all());
        int scaledDown = 0;
        if (availableNow > minAvailable) {
            int total = availableNow - minAvailable;
            List<ReplicaSet> current = new ArrayList<>(Replicas.active(oldSets));
            current.sort(OLDEST_FIRST);
            for (ReplicaSet rs : current) {
                if (scaledDown >= total) {
                    break;
                }
                int size = Replicas.replicas(rs);
                if (size == 0) {
                    continue;
                }
                int down = Math.min(size, total - scaledDown);
                scaleTo(rs, size - down);
                scaledDown += down;
            }
        }
        return cleaned + scaledDown > 0;
    }

    // ---- Recreate ----

    private void recreate() {
        resolve(false);
        boolean scaledDown = false;
        for (ReplicaSet old : Replicas.active(oldSets)) {
            scaledDown |= scaleTo(old, 0);
        }
        if (scaledDown || oldPodsRunning()) {
            syncRolloutStatus();
            return;
        }
        if (newRs == null) {
            resolve(true);
        }
        scaleTo(newRs, Replicas.replicas(d));
        if (d.getStatus() != null && Progress.complete(d, d.getStatus())) {
            cleanup();
        }
        syncRolloutStatus();
    }

    private boolean oldPodsRunning() {
        if (Replicas.statusReplicas(oldSets) > 0) {
            return true;
        }
        List<String> oldUids = oldSets.stream().map(rs -> rs.getMetadata().getUid()).toList();
        for (Pod pod : c.podsOf(ns())) {
            var ref = PodStates.controllerOf(pod);
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (ref != null && oldUids.contains(ref.getUid()) && !"Failed".equals(phase)
                    && !"Succeeded".equals(phase)) {
                return true;
            }
        }
        return false;
    }

    // ---- history, pause, status ----

    /** Deletes the oldest unused ReplicaSets beyond revisionHistoryLimit. */
    private void cleanup() {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null || limit == Integer.MAX_VALUE) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>(oldSets.stream()
                .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(Comparator.comparingLong((ReplicaSet rs) -> Revisions.revision(rs))
                .thenComparing(OLDEST_FIRST));
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null
                    ? 0 : rs.getStatus().getObservedGeneration();
            long generation = rs.getMetadata().getGeneration() == null ? 0
                    : rs.getMetadata().getGeneration();
            if ((rs.getStatus() != null && Replicas.n(rs.getStatus().getReplicas()) != 0)
                    || Replicas.replicas(rs) != 0 || generation > observed) {
                continue;
            }
            try {
                c.client.apps().replicaSets().inNamespace(ns()).withName(rs.getMetadata()
                        .getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** Progressing=Unknown DeploymentPaused / DeploymentResumed (checkPausedConditions). */
    private void checkPaused() {
        if (!Progress.hasProgressDeadline(d)) {
            return;
        }
        DeploymentCondition cond = Progress.condition(d.getStatus(), Progress.PROGRESSING);
        if (cond != null && Progress.TIMED_OUT.equals(cond.getReason())) {
            return;
        }
        boolean pausedCond = cond != null && Progress.PAUSED.equals(cond.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        DeploymentStatus s = copyStatus();
        if (paused && !pausedCond) {
            Progress.set(s, Progress.newCondition(Progress.PROGRESSING, "Unknown",
                    Progress.PAUSED, "Deployment is paused", now()));
        } else if (!paused && pausedCond) {
            Progress.set(s, Progress.newCondition(Progress.PROGRESSING, "Unknown",
                    Progress.RESUMED, "Deployment is resumed", now()));
        } else {
            return;
        }
        writeStatus(s);
    }

    private void syncStatus() {
        DeploymentStatus s = Progress.calculate(all(), newRs, d, now());
        if (!s.equals(d.getStatus())) {
            writeStatus(s);
        }
    }

    /** Upstream's syncRolloutStatus: the Progressing condition and the requeue at its deadline. */
    private void syncRolloutStatus() {
        Instant now = now();
        DeploymentStatus s = Progress.calculate(all(), newRs, d, now);
        if (!Progress.hasProgressDeadline(d)) {
            Progress.remove(s, Progress.PROGRESSING);
        }
        DeploymentCondition current = Progress.condition(d.getStatus(), Progress.PROGRESSING);
        boolean completeBefore = Objects.equals(s.getReplicas(), s.getUpdatedReplicas())
                && current != null && Progress.NEW_RS_AVAILABLE.equals(current.getReason());
        String rsName = newRs == null ? "" : newRs.getMetadata().getName();
        if (Progress.hasProgressDeadline(d) && !completeBefore) {
            if (Progress.complete(d, s)) {
                Progress.set(s, Progress.newCondition(Progress.PROGRESSING, "True",
                        Progress.NEW_RS_AVAILABLE, "ReplicaSet \"" + rsName
                                + "\" has successfully progressed.", now));
            } else if (Progress.progressing(d, s)) {
                DeploymentCondition cond = Progress.newCondition(Progress.PROGRESSING, "True",
                        "ReplicaSetUpdated", "ReplicaSet \"" + rsName + "\" is progressing.", now);
                if (current != null && "True".equals(current.getStatus())) {
                    cond.setLastTransitionTime(current.getLastTransitionTime());
                }
                Progress.remove(s, Progress.PROGRESSING);
                s.getConditions().add(cond);
            } else if (Progress.timedOut(d, s, now)) {
                Progress.set(s, Progress.newCondition(Progress.PROGRESSING, "False",
                        Progress.TIMED_OUT, "ReplicaSet \"" + rsName
                                + "\" has timed out progressing.", now));
            }
        }
        ReplicaSetCondition failure = replicaFailure();
        if (failure != null) {
            Progress.set(s, Progress.newCondition(Progress.REPLICA_FAILURE, failure.getStatus(),
                    failure.getReason(), failure.getMessage(), now));
        } else {
            Progress.remove(s, Progress.REPLICA_FAILURE);
        }
        if (s.equals(d.getStatus())) {
            requeueStuck(s, now);
            return;
        }
        writeStatus(s);
    }

    private ReplicaSetCondition replicaFailure() {
        List<ReplicaSet> look = newRs != null ? List.of(newRs) : oldSets;
        for (ReplicaSet rs : look) {
            if (rs.getStatus() != null && rs.getStatus().getConditions() != null) {
                for (ReplicaSetCondition cond : rs.getStatus().getConditions()) {
                    if (Progress.REPLICA_FAILURE.equals(cond.getType())) {
                        return cond;
                    }
                }
            }
        }
        return null;
    }

    private void requeueStuck(DeploymentStatus s, Instant now) {
        DeploymentCondition current = Progress.condition(s, Progress.PROGRESSING);
        if (!Progress.hasProgressDeadline(d) || current == null || Progress.complete(d, s)
                || Progress.TIMED_OUT.equals(current.getReason())
                || current.getLastUpdateTime() == null) {
            return;
        }
        Instant deadline = Instant.parse(current.getLastUpdateTime())
                .plusSeconds(d.getSpec().getProgressDeadlineSeconds());
        Duration after = Duration.between(now, deadline);
        c.requeueAfter(d, after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : after.plusSeconds(1));
    }

    private DeploymentStatus copyStatus() {
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus()
                : new DeploymentStatusBuilder(d.getStatus()).build();
        if (s.getConditions() == null) {
            s.setConditions(new ArrayList<>());
        } else {
            s.setConditions(new ArrayList<>(s.getConditions()));
        }
        return s;
    }

    private void writeStatus(DeploymentStatus s) {
        Deployment copy = new DeploymentBuilder(d).withStatus(s).build();
        d = c.client.apps().deployments().inNamespace(ns()).resource(copy).updateStatus();
    }
}
