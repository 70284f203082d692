package io.j8s.controllers.clusterroleaggregation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.history.LabelSelectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Upstream's clusterrole-aggregation controller: for every ClusterRole with an
 * {@code aggregationRule}, its rules become those of the ClusterRoles (other than itself) that
 * any of its {@code clusterRoleSelectors} match, in name order, without duplicates. Any change
 * of a ClusterRole re-queues every aggregated one. The key is the aggregated role's name.
 */
public final class ClusterRoleAggregationController implements Controller {
    private final KubernetesClient client;
    private final SharedInformers informers;
    private final WorkQueue queue;

    public ClusterRoleAggregationController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.queue = new WorkQueue("clusterrole-aggregation", this::sync);
        informers.informer(ClusterRole.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ClusterRole role) {
                enqueueAggregated();
            }

            @Override
            public void onUpdate(ClusterRole old, ClusterRole role) {
                enqueueAggregated();
            }

            @Override
            public void onDelete(ClusterRole role, boolean unknown) {
                enqueueAggregated();
            }
        });
    }

    private void enqueueAggregated() {
        for (ClusterRole r : informers.list(ClusterRole.class)) {
            if (r.getAggregationRule() != null) {
                queue.add(r.getMetadata().getName());
            }
        }
    }

    void sync(String name) {
        ClusterRole role = informers.get(ClusterRole.class, null, name);
        if (role == null || role.getAggregationRule() == null) {
            return;
        }
        List<LabelSelector> selectors = role.getAggregationRule().getClusterRoleSelectors();
        List<ClusterRole> sources = new ArrayList<>(informers.list(ClusterRole.class));
        sources.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        List<PolicyRule> rules = new ArrayList<>();
        for (ClusterRole source : sources) {
            if (source.getMetadata().getName().equals(name) || selectors == null) {
                continue;
            }
            Map<String, String> labels = source.getMetadata().getLabels() == null ? Map.of()
                    : source.getMetadata().getLabels();
            if (selectors.stream().noneMatch(s -> s != null && LabelSelectors.matches(s, labels))) {
                continue;
            }
            for (PolicyRule rule : source.getRules() == null ? List.<PolicyRule>of()
                    : source.getRules()) {
                if (!rules.contains(rule)) {
                    rules.add(rule);
                }
            }
        }
        if (rules.equals(role.getRules() == null ? List.of() : role.getRules())) {
            return;
        }
        try {
            client.rbac().clusterRoles().resource(new ClusterRoleBuilder(role).withRules(rules)
                    .build()).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                queue.addAfter(name, Duration.ofSeconds(1));
                return;
            }
            throw e;
        }
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }
}
