package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.j8s.testkit.Kubectl.ok;

import io.j8s.testkit.Kubectl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workloads created from YAML with the real kubectl come back with upstream's defaults, and a bad
 * pod is refused with upstream's messages.
 */
class WorkloadsE2E {
    private static final String NS = "workloads";
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static Kubectl k;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl("1.33");
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NS + "\n",
                "create", "--validate=false", "-f", "-"));
    }

    private static void create(String yaml) {
        ok(k.input(yaml, "-n", NS, "create", "--validate=false", "-f", "-"));
    }

    private static String get(String what, String jsonpath) {
        return ok(k.run("-n", NS, "get", what, "-o", "jsonpath=" + jsonpath)).out();
    }

    @Test
    void deploymentComesBackWithUpstreamDefaults() {
        create("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx
                        ports:
                        - containerPort: 80
                """);
        assertThat(get("deployment/web", "{.spec.replicas} {.spec.strategy.type}"
                + " {.spec.strategy.rollingUpdate.maxSurge}"
                + " {.spec.strategy.rollingUpdate.maxUnavailable} {.spec.revisionHistoryLimit}"
                + " {.spec.progressDeadlineSeconds}"))
                .isEqualTo("1 RollingUpdate 25% 25% 10 600");
        assertThat(get("deployment/web", "{.spec.template.spec.restartPolicy}"
                + " {.spec.template.spec.dnsPolicy} {.spec.template.spec.schedulerName}"
                + " {.spec.template.spec.terminationGracePeriodSeconds}"
                + " {.spec.template.spec.containers[0].imagePullPolicy}"
                + " {.spec.template.spec.containers[0].terminationMessagePath}"
                + " {.spec.template.spec.containers[0].ports[0].protocol}"))
                .isEqualTo("Always ClusterFirst default-scheduler 30 Always /dev/termination-log"
                        + " TCP");
    }

    @Test
    void jobGetsItsDefaultsAndAGeneratedSelector() {
        create("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: pi
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: pi
                        image: perl:5.34
                """);
        String uid = get("job/pi", "{.metadata.uid}");
        assertThat(get("job/pi", "{.spec.parallelism} {.spec.completions} {.spec.backoffLimit}"
                + " {.spec.completionMode} {.spec.suspend} {.spec.podReplacementPolicy}"))
                .isEqualTo("1 1 6 NonIndexed false TerminatingOrFailed");
        assertThat(get("job/pi", "{.spec.selector.matchLabels}"))
                .isEqualTo("{\"batch.kubernetes.io/controller-uid\":\"" + uid + "\"}");
        assertThat(get("job/pi", "{.spec.template.metadata.labels.job-name}")).isEqualTo("pi");
        assertThat(get("job/pi", "{.spec.template.spec.containers[0].imagePullPolicy}"))
                .isEqualTo("IfNotPresent");
    }

    @Test
    void podGetsDefaultsFromStrategyAndAdmission() {
        create("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: one
                spec:
                  containers:
                  - name: app
                    image: busybox:latest
                    resources:
                      limits: {cpu: 500m, memory: 64Mi}
                """);
        assertThat(get("pod/one", "{.spec.serviceAccountName} {.spec.priority}"
                + " {.spec.enableServiceLinks} {.spec.containers[0].imagePullPolicy}"
                + " {.spec.containers[0].resources.requests.cpu} {.status.phase}"
                + " {.status.qosClass}"))
                .isEqualTo("default 0 true Always 500m Pending Guaranteed");
        assertThat(get("pod/one", "{.spec.tolerations[*].key}"))
                .isEqualTo("node.kubernetes.io/not-ready node.kubernetes.io/unreachable");
        Kubectl.Result noClass = k.input("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: gold
                spec:
                  priorityClassName: gold
                  containers:
                  - {name: app, image: busybox}
                """, "-n", NS, "create", "--validate=false", "-f", "-");
        assertThat(noClass.ok()).isFalse();
        assertThat(noClass.err()).contains("pods \"gold\" is forbidden: no PriorityClass with"
                + " name gold was found");
    }

    @Test
    void aBadPodIsRefusedWithUpstreamMessages() {
        Kubectl.Result bad = k.input("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: bad
                spec:
                  containers:
                  - name: app
                    image: busybox
                    resources:
                      requests: {cpu: "2"}
                      limits: {cpu: "1"}
                  - name: app
                    image: busybox
                """, "-n", NS, "create", "--validate=false", "-f", "-");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.err()).contains("The Pod \"bad\" is invalid")
                .contains("spec.containers[0].resources.requests: Invalid value: \"2\": must be"
                        + " less than or equal to cpu limit of 1")
                .contains("spec.containers[1].name: Duplicate value: \"app\"");
        assertThat(k.run("-n", NS, "get", "pod", "bad").ok()).isFalse();
    }

    @Test
    void limitRangeDefaultsAndQuotaDenialsShowInKubectl() {
        String ns = "quota";
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "--validate=false", "-f", "-"));
        ok(k.input("""
                apiVersion: v1
                kind: LimitRange
                metadata:
                  name: defaults
                spec:
                  limits:
                  - type: Container
                    defaultRequest: {cpu: 100m}
                ---
                apiVersion: v1
                kind: ResourceQuota
                metadata:
                  name: small
                spec:
                  hard: {pods: "1"}
                """, "-n", ns, "create", "--validate=false", "-f", "-"));
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n  containers:\n"
                + "  - {name: app, image: busybox}\n";
        ok(k.input(pod.formatted("first"), "-n", ns, "create", "--validate=false", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "pod", "first", "-o",
                "jsonpath={.spec.containers[0].resources.requests.cpu}")).out())
                .isEqualTo("100m");
        assertThat(ok(k.run("-n", ns, "get", "quota", "small", "-o",
                "jsonpath={.status.used.pods}/{.status.hard.pods}")).out()).isEqualTo("1/1");
        Kubectl.Result second = k.input(pod.formatted("second"), "-n", ns, "create",
                "--validate=false", "-f", "-");
        assertThat(second.ok()).isFalse();
        assertThat(second.err()).contains("pods \"second\" is forbidden: exceeded quota: small,"
                + " requested: pods=1, used: pods=1, limited: pods=1");
    }
}
