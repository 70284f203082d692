package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.util.ArrayList;
import java.util.List;

/** Upstream's ReplicaSet controller ({@code --controllers replicaset}). */
public final class ReplicaSetController implements Controller {
    private final ReplicaEngine<ReplicaSet> engine;

    public ReplicaSetController(ControllerContext ctx) {
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

    /** apps/v1 ReplicaSet. */
    static final class Kind implements OwnerKind<ReplicaSet> {
        @Override
        public Class<ReplicaSet> type() {
            return ReplicaSet.class;
        }

        @Override
        public String kind() {
            return "ReplicaSet";
        }

        @Override
        public String apiVersion() {
            return "apps/v1";
        }

        @Override
        public String component() {
            return "replicaset-controller";
        }

        @Override
        public Spec spec(ReplicaSet rs) {
            var s = rs.getSpec();
            return new Spec(s.getReplicas() == null ? 1 : s.getReplicas(),
                    LabelSelector.of(s.getSelector()), s.getTemplate(),
                    s.getMinReadySeconds() == null ? 0 : s.getMinReadySeconds());
        }

        @Override
        public Status status(ReplicaSet rs) {
            ReplicaSetStatus s = rs.getStatus();
            if (s == null) {
                return new Status(0, 0, 0, 0, 0, null);
            }
            Failure failure = null;
            if (s.getConditions() != null) {
                for (ReplicaSetCondition c : s.getConditions()) {
                    if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                        failure = new Failure(String.valueOf(c.getReason()),
                                String.valueOf(c.getMessage()), c.getLastTransitionTime());
                    }
                }
            }
            return new Status(n(s.getReplicas()), n(s.getFullyLabeledReplicas()),
                    n(s.getReadyReplicas()), n(s.getAvailableReplicas()),
                    s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(), failure);
        }

        @Override
        public void writeStatus(KubernetesClient client, ReplicaSet rs, Status status) {
            List<ReplicaSetCondition> conditions = new ArrayList<>();
            if (rs.getStatus() != null && rs.getStatus().getConditions() != null) {
                for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                    if (!"ReplicaFailure".equals(c.getType())) {
                        conditions.add(c);
                    }
                }
            }
            if (status.failure() != null) {
                conditions.add(new ReplicaSetConditionBuilder().withType("ReplicaFailure")
                        .withStatus("True").withReason(status.failure().reason())
                        .withMessage(status.failure().message())
                        .withLastTransitionTime(status.failure().lastTransitionTime()).build());
            }
            ReplicaSetStatus s = new ReplicaSetStatusBuilder()
                    .withReplicas(status.replicas())
                    .withFullyLabeledReplicas(status.fullyLabeledReplicas())
                    .withReadyReplicas(status.readyReplicas())
                    .withAvailableReplicas(status.availableReplicas())
                    .withObservedGeneration(status.observedGeneration())
                    .withConditions(conditions.isEmpty() ? null : conditions).build();
            ReplicaSet copy = new ReplicaSetBuilder(rs).withStatus(s).build();
            client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                    .resource(copy).updateStatus();
        }
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
