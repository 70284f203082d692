package io.j8s.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import java.io.PrintWriter;
import java.util.Map;

/**
 * One part of {@code j8s bench controllers}: it drives the cluster through {@code admin}, while
 * the controller manager under test runs in this JVM, and records its figures by the names of
 * the summary line ({@code deploy1000-create-s}, {@code rollout1000-s}, {@code jobs10k-s},
 * {@code heap-mb}).
 */
@FunctionalInterface
interface ControllersPart {

    /** What a part is given. */
    record Cluster(KubernetesClient admin, ControllerManager manager, boolean quick,
            PrintWriter err) {
        void progress(String line) {
            err.println("bench controllers: " + line);
            err.flush();
        }
    }

    void measure(Cluster cluster, Map<String, Double> figures) throws Exception;
}
