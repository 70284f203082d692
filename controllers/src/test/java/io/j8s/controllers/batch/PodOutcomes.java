package io.j8s.controllers.batch;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Plays the kubelet through the API for the pods of a Job: marks them Running and Ready, then
 * Succeeded or Failed with a container exit code (and a pod condition), by pods/status, as a
 * kubelet would report them.
 */
public final class PodOutcomes {
    private final KubernetesClient admin;

    public PodOutcomes(KubernetesClient admin) {
        this.admin = admin;
    }

    /** The live (not terminating, not finished) pods of a Job, waiting until there are {@code n}. */
    public List<Pod> awaitActive(String namespace, String job, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> active(namespace, job).size() == n);
        return active(namespace, job);
    }

    public List<Pod> active(String namespace, String job) {
        return all(namespace, job).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
                && !List.of("Succeeded", "Failed").contains(phase(p))).toList();
    }

    public List<Pod> all(String namespace, String job) {
        return admin.pods().inNamespace(namespace)
                .withLabel("batch.kubernetes.io/job-name", job).list().getItems();
    }

    public void running(Pod pod) {
        String now = now();
        status(pod, "{\"phase\":\"Running\",\"startTime\":\"" + now + "\",\"conditions\":["
                + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now
                + "\"}],\"containerStatuses\":[" + containers(pod, "{\"running\":{\"startedAt\":\""
                        + now + "\"}}", true) + "]}");
    }

    public void succeed(Pod pod) {
        finish(pod, "Succeeded", 0, null);
    }

    public void fail(Pod pod, int exitCode) {
        finish(pod, "Failed", exitCode, null);
    }

    /** Failed with a pod condition (e.g. DisruptionTarget) and exit code 137. */
    public void failWithCondition(Pod pod, String condition) {
        finish(pod, "Failed", 137, condition);
    }

    private void finish(Pod pod, String phase, int code, String condition) {
        String now = now();
        String conditions = "{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"PodCompleted\","
                + "\"lastTransitionTime\":\"" + now + "\"}";
        if (condition != null) {
            conditions += ",{\"type\":\"" + condition + "\",\"status\":\"True\",\"reason\":"
                    + "\"TerminationByKubelet\",\"lastTransitionTime\":\"" + now + "\"}";
        }
        String terminated = "{\"terminated\":{\"exitCode\":" + code + ",\"reason\":\""
                + (code == 0 ? "Completed" : "Error") + "\",\"startedAt\":\"" + now
                + "\",\"finishedAt\":\"" + now + "\"}}";
        status(pod, "{\"phase\":\"" + phase + "\",\"conditions\":[" + conditions + "],"
                + "\"containerStatuses\":[" + containers(pod, terminated, false) + "]}");
    }

    private static String containers(Pod pod, String state, boolean ready) {
        StringBuilder b = new StringBuilder();
        for (var c : pod.getSpec().getContainers()) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append("{\"name\":\"").append(c.getName()).append("\",\"image\":\"")
                    .append(c.getImage()).append("\",\"imageID\":\"\",\"ready\":").append(ready)
                    .append(",\"restartCount\":0,\"state\":").append(state).append('}');
        }
        return b.toString();
    }

    private void status(Pod pod, String status) {
        admin.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + status + "}");
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
