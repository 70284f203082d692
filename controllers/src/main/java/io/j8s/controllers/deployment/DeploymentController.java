package io.j8s.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.replicaset.PodStates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Upstream's Deployment controller ({@code --controllers deployment}). It watches Deployments,
 * ReplicaSets and pods; a sync claims the ReplicaSets a Deployment selects (adopting orphans,
 * releasing those it no longer selects) and hands them to a {@link Rollout}, which scales,
 * rolls out (RollingUpdate or Recreate), cleans up history and writes the status.
 */
public final class DeploymentController implements Controller {
    static final String COMPONENT = "deployment-controller";
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.deployment");

    final KubernetesClient client;
    final Clock clock;
    final EventRecorder events;
    final WorkQueue queue;
    final SharedIndexInformer<Deployment> deployments;
    final SharedIndexInformer<ReplicaSet> replicaSets;
    final SharedIndexInformer<Pod> pods;

    public DeploymentController(ControllerContext ctx) {
        this.client = ctx.client();
        this.clock = ctx.clock();
        this.events = ctx.events().apply(COMPONENT);
        this.queue = new WorkQueue("deployment", this::sync);
        this.deployments = ctx.informers().informer(Deployment.class);
        this.replicaSets = ctx.informers().informer(ReplicaSet.class);
        this.pods = ctx.informers().informer(Pod.class);
        deployments.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                queue.add(PodStates.key(d));
            }

            @Override
            public void onUpdate(Deployment old, Deployment d) {
                queue.add(PodStates.key(d));
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
                queue.add(PodStates.key(d));
            }
        });
        replicaSets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                replicaSetChanged(null, rs);
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet rs) {
                if (!Objects.equals(old.getMetadata().getResourceVersion(),
                        rs.getMetadata().getResourceVersion())) {
                    replicaSetChanged(old, rs);
                }
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
                Deployment d = owner(rs);
                if (d != null) {
                    queue.add(PodStates.key(d));
                }
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {}

            @Override
            public void onUpdate(Pod old, Pod pod) {}

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                podDeleted(pod);
            }
        });
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    /** The Deployment that controls {@code object}, if it exists with that uid. */
    private Deployment owner(HasMetadata object) {
        OwnerReference ref = PodStates.controllerOf(object);
        if (ref == null || !"Deployment".equals(ref.getKind())) {
            return null;
        }
        Deployment d = deployments.getStore().getByKey(object.getMetadata().getNamespace() + "/"
                + ref.getName());
        return d != null && d.getMetadata().getUid().equals(ref.getUid()) ? d : null;
    }

    private void replicaSetChanged(ReplicaSet old, ReplicaSet rs) {
        if (old != null) {
            Deployment before = owner(old);
            if (before != null && before != owner(rs)) {
                queue.add(PodStates.key(before));
            }
        }
        if (PodStates.controllerOf(rs) != null) {
            Deployment d = owner(rs);
            if (d != null) {
                queue.add(PodStates.key(d));
            }
            return;
        }
        if (rs.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        for (Deployment d : deployments.getIndexer().byIndex("namespace",
                rs.getMetadata().getNamespace())) {
            if (selector(d).matches(rs.getMetadata().getLabels())) {
                queue.add(PodStates.key(d));
            }
        }
    }

    /** A Recreate rollout waits until the old pods are gone. */
    private void podDeleted(Pod pod) {
        ReplicaSet rs = null;
        OwnerReference ref = PodStates.controllerOf(pod);
        if (ref != null && "ReplicaSet".equals(ref.getKind())) {
            rs = replicaSets.getStore().getByKey(pod.getMetadata().getNamespace() + "/"
                    + ref.getName());
        }
        Deployment d = rs == null ? null : owner(rs);
        if (d != null && !Replicas.rolling(d)) {
            queue.add(PodStates.key(d));
        }
    }

    static LabelSelector selector(Deployment d) {
        try {
            return LabelSelector.of(d.getSpec().getSelector());
        } catch (RuntimeException e) {
            return LabelSelector.nothing();
        }
    }

    void sync(String key) {
        Deployment d = deployments.getStore().getByKey(key);
        if (d == null) {
            return;
        }
        var sel = d.getSpec().getSelector();
        if (sel == null || (sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty())) {
            events.warning(d, "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            new Rollout(this, d, List.of()).observeGeneration();
            return;
        }
        List<ReplicaSet> owned = claim(d);
        new Rollout(this, d, owned).run();
    }

    /** The ReplicaSets the Deployment controls after adoption and release (ClaimReplicaSets). */
    private List<ReplicaSet> claim(Deployment d) {
        LabelSelector selector = selector(d);
        String uid = d.getMetadata().getUid();
        boolean deleting = d.getMetadata().getDeletionTimestamp() != null;
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : replicaSets.getIndexer().byIndex("namespace",
                d.getMetadata().getNamespace())) {
            OwnerReference ref = PodStates.controllerOf(rs);
            boolean matches = selector.matches(rs.getMetadata().getLabels());
            if (ref != null) {
                if (!uid.equals(ref.getUid())) {
                    continue;
                }
                if (matches) {
                    out.add(rs);
                } else if (!deleting) {
                    List<OwnerReference> refs = new ArrayList<>(rs.getMetadata()
                            .getOwnerReferences());
                    refs.removeIf(r -> uid.equals(r.getUid()));
                    patchOwners(rs, refs);
                }
            } else if (matches && !deleting && rs.getMetadata().getDeletionTimestamp() == null) {
                List<OwnerReference> refs = new ArrayList<>(rs.getMetadata().getOwnerReferences()
                        == null ? List.of() : rs.getMetadata().getOwnerReferences());
                refs.add(controllerRef(d));
                ReplicaSet adopted = patchOwners(rs, refs);
                if (adopted != null) {
                    out.add(adopted);
                }
            }
        }
        return out;
    }

    private ReplicaSet patchOwners(ReplicaSet rs, List<OwnerReference> refs) {
        String op = rs.getMetadata().getOwnerReferences() == null ? "add" : "replace";
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":\""
                + rs.getMetadata().getUid() + "\"},{\"op\":\"" + op + "\",\"path\":"
                + "\"/metadata/ownerReferences\",\"value\":" + Serialization.asJson(refs) + "}]";
        try {
            return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                    .withName(rs.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException e) {
            LOG.fine("claiming replica set " + PodStates.key(rs) + ": " + e.getMessage());
            return null;
        }
    }

    static OwnerReference controllerRef(Deployment d) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** Pods of the namespace, for a Recreate rollout. */
    List<Pod> podsOf(String namespace) {
        return pods.getIndexer().byIndex("namespace", namespace);
    }

    void requeueAfter(Deployment d, Duration after) {
        queue.addAfter(PodStates.key(d), after);
    }
}
