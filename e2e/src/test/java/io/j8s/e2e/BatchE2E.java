package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.testkit.Kubectl;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs through the real kubectl against {@code j8s server}: the controller manager's Job
 * controller runs them, a watch in the test plays kubelet (every pod of the namespace is reported
 * Succeeded), and {@code kubectl wait --for=condition=complete} returns; a Job made from a
 * CronJob with {@code kubectl create job --from=cronjob/...} completes the same way.
 */
class BatchE2E {
    private static final String NS = "batch";
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static Kubectl k;
    private static KubernetesClient client;
    private static SharedIndexInformer<Pod> kubelet;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl(null);
        ok(k.run("create", "namespace", NS));
        client = server.client();
        kubelet = client.pods().inNamespace(NS).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                client.pods().inNamespace(NS).withName(pod.getMetadata().getName())
                        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                                "{\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{"
                                        + "\"name\":\"" + pod.getSpec().getContainers().getFirst()
                                                .getName() + "\",\"image\":\"busybox\","
                                        + "\"imageID\":\"\",\"ready\":false,\"restartCount\":0,"
                                        + "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":"
                                        + "\"Completed\",\"startedAt\":\"" + now + "\","
                                        + "\"finishedAt\":\"" + now + "\"}}}]}}");
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                // reported once
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                // nothing to report
            }
        });
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.stop();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aJobAppliedWithKubectlCompletesAndKubectlWaitReturns() {
        ok(k.input("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: pi
                spec:
                  completions: 2
                  parallelism: 2
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: pi
                        image: busybox
                        command: ["sh", "-c", "echo 3.14"]
                """, "-n", NS, "apply", "-f", "-"));
        ok(k.run("-n", NS, "wait", "--for=condition=complete", "job/pi", "--timeout=60s"));
        assertThat(ok(k.run("-n", NS, "get", "job/pi", "-o",
                "jsonpath={.status.succeeded} {.status.conditions[?(@.type==\"Complete\")]"
                        + ".status}")).out()).isEqualTo("2 True");
        assertThat(ok(k.run("-n", NS, "get", "pods", "-l", "batch.kubernetes.io/job-name=pi",
                "-o", "jsonpath={.items[*].metadata.finalizers}")).out()).doesNotContain(
                        "job-tracking");
    }

    @Test
    void kubectlCreateJobFromACronJobMakesAJobThatCompletes() {
        ok(k.run("-n", NS, "create", "cronjob", "nightly", "--image=busybox",
                "--schedule=0 3 * * *", "--", "echo", "hello"));
        ok(k.run("-n", NS, "create", "job", "nightly-manual", "--from=cronjob/nightly"));
        assertThat(ok(k.run("-n", NS, "get", "job/nightly-manual", "-o",
                "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}"
                        + " {.metadata.ownerReferences[0].kind}")).out())
                .isEqualTo("manual CronJob");
        ok(k.run("-n", NS, "wait", "--for=condition=complete", "job/nightly-manual",
                "--timeout=60s"));
    }
}
