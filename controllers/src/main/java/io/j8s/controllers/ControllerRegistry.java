package io.j8s.controllers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The controllers the manager knows, by the names upstream's {@code --controllers} flag uses,
 * in the order they start. Each entry is one line: its package holds the rest.
 */
final class ControllerRegistry {
    private ControllerRegistry() {}

    static Map<String, Function<ControllerContext, Controller>> all() {
        Map<String, Function<ControllerContext, Controller>> all = new LinkedHashMap<>();
        all.put("replicaset", io.j8s.controllers.replicaset.ReplicaSetController::new);
        all.put("replicationcontroller",
                io.j8s.controllers.replicaset.ReplicationControllerController::new);
        all.put("deployment", io.j8s.controllers.deployment.DeploymentController::new);
        all.put("statefulset", io.j8s.controllers.statefulset.StatefulSetController::new);
        all.put("daemonset", io.j8s.controllers.daemonset.DaemonSetController::new);
        all.put("serviceaccount",
                io.j8s.controllers.serviceaccount.ServiceAccountsController::new);
        all.put("serviceaccount-token",
                io.j8s.controllers.serviceaccount.TokensController::new);
        all.put("tokencleaner", io.j8s.controllers.bootstrap.TokenCleaner::new);
        all.put("root-ca-cert-publisher",
                io.j8s.controllers.serviceaccount.RootCaCertPublisher::new);
        all.put("namespace", io.j8s.controllers.namespace.NamespaceController::new);
        all.put("endpoints", io.j8s.controllers.endpoints.EndpointsController::new);
        all.put("endpointslice", io.j8s.controllers.endpointslice.EndpointSliceController::new);
        all.put("endpointslicemirroring",
                io.j8s.controllers.endpointslice.EndpointSliceMirroringController::new);
        all.put("disruption", io.j8s.controllers.disruption.DisruptionController::new);
        all.put("garbage-collector", io.j8s.controllers.garbagecollector.GarbageCollector::new);
        all.put("node-lifecycle", io.j8s.controllers.nodelifecycle.NodeLifecycleController::new);
        all.put("horizontalpodautoscaling",
                io.j8s.controllers.podautoscaler.HorizontalPodAutoscalerController::new);
        all.put("job", io.j8s.controllers.job.JobController::new);
        all.put("cronjob", io.j8s.controllers.cronjob.CronJobController::new);
        all.put("ttl-after-finished",
                io.j8s.controllers.ttlafterfinished.TtlAfterFinishedController::new);
        all.put("pod-garbage-collector", io.j8s.controllers.podgc.PodGcController::new);
        all.put("clusterrole-aggregation", io.j8s.controllers.clusterroleaggregation
                .ClusterRoleAggregationController::new);
        return all;
    }
}
