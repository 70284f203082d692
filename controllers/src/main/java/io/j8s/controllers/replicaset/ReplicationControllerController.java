package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerConditionBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's ReplicationManager ({@code --controllers replicationcontroller}): the ReplicaSet
 * engine over v1 ReplicationControllers, whose selector is a plain label map.
 */
public final class ReplicationControllerController implements Controller {
    private final ReplicaEngine<ReplicationController> engine;

    public ReplicationControllerController(ControllerContext ctx) {
        this.engine = new ReplicaEngine<>(ctx, new Kind());
    }

    @Override
    public void start() {
        engine.start();
    }

    @Override
    public void close() {
        engine.close();
    }

    /** v1 ReplicationController. */
    static final class Kind implements OwnerKind<ReplicationController> {
        @Override
        public Class<ReplicationController> type() {
            return ReplicationController.class;
        }

        @Override
        public String kind() {
            return "ReplicationController";
        }

        @Override
        public String apiVersion() {
            return "v1";
        }

        @Override
        public String component() {
            return "replication-controller";
        }

        @Override
        public Spec spec(ReplicationController rc) {
            var s = rc.getSpec();
            var selector = s.getSelector() == null || s.getSelector().isEmpty()
                    ? LabelSelector.nothing() : LabelSelector.fromSet(s.getSelector());
            return new Spec(s.getReplicas() == null ? 1 : s.getReplicas(), selector,
                    s.getTemplate(), s.getMinReadySeconds() == null ? 0 : s.getMinReadySeconds());
        }

        @Override
        public Status status(ReplicationController rc) {
            ReplicationControllerStatus s = rc.getStatus();
            if (s == null) {
                return new Status(0, 0, 0, 0, 0, null);
            }
            Failure failure = null;
            if (s.getConditions() != null) {
                for (ReplicationControllerCondition c : s.getConditions()) {
                    if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                        failure = new Failure(String.valueOf(c.getReason()),
                                String.valueOf(c.getMessage()), c.getLastTransitionTime());
                    }
                }
            }
            return new Status(ReplicaSetController.n(s.getReplicas()),
                    ReplicaSetController.n(s.getFullyLabeledReplicas()),
                    ReplicaSetController.n(s.getReadyReplicas()),
                    ReplicaSetController.n(s.getAvailableReplicas()),
                    s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(), failure);
        }

        @Override
        public void writeStatus(KubernetesClient client, ReplicationController rc, Status status) {
            List<ReplicationControllerCondition> conditions = new ArrayList<>();
            if (rc.getStatus() != null && rc.getStatus().getConditions() != null) {
                for (ReplicationControllerCondition c : rc.getStatus().getConditions()) {
                    if (!"ReplicaFailure".equals(c.getType())) {
                        conditions.add(c);
                    }
                }
            }
            if (status.failure() != null) {
                conditions.add(new ReplicationControllerConditionBuilder()
                        .withType("ReplicaFailure").withStatus("True")
                        .withReason(status.failure().reason())
                        .withMessage(status.failure().message())
                        .withLastTransitionTime(status.failure().lastTransitionTime()).build());
            }
            ReplicationControllerStatus s = new ReplicationControllerStatusBuilder()
                    .withReplicas(status.replicas())
                    .withFullyLabeledReplicas(status.fullyLabeledReplicas())
                    .withReadyReplicas(status.readyReplicas())
                    .withAvailableReplicas(status.availableReplicas())
                    .withObservedGeneration(status.observedGeneration())
                    .withConditions(conditions.isEmpty() ? null : conditions).build();
            ReplicationController copy = new ReplicationControllerBuilder(rc).withStatus(s).build();
            client.replicationControllers().inNamespace(rc.getMetadata().getNamespace())
                    .resource(copy).updateStatus();
        }
    }
}
