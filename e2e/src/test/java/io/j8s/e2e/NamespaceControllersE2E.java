package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller manager of {@code j8s server} looks after namespaces: a new one gets its
 * {@code default} ServiceAccount and {@code kube-root-ca.crt}, a Service its Endpoints and
 * EndpointSlice, and {@code kubectl delete namespace} returns once everything in it is gone.
 */
class NamespaceControllersE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    @Test
    void aNamespaceIsFurnishedThenDeletedWithEverythingInIt() {
        Kubectl k = server.kubectl(null);
        ok(k.run("create", "namespace", "shop"));
        await().atMost(Duration.ofSeconds(30)).until(() -> k.run("-n", "shop", "get",
                "serviceaccount", "default").ok() && k.run("-n", "shop", "get", "configmap",
                "kube-root-ca.crt").ok());
        assertThat(ok(k.run("-n", "shop", "get", "configmap", "kube-root-ca.crt", "-o",
                "jsonpath={.data.ca\\.crt}")).out()).startsWith("-----BEGIN CERTIFICATE-----");

        ok(k.input("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: shop}
                data: {a: b}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: shop}
                stringData: {password: x}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  replicas: 0
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-0, namespace: shop, labels: {app: web}}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web, namespace: shop}
                spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
                """, "apply", "-f", "-"));
        await().atMost(Duration.ofSeconds(30)).until(() -> k.run("-n", "shop", "get",
                "endpoints", "web").ok() && !ok(k.run("-n", "shop", "get", "endpointslices",
                "-l", "kubernetes.io/service-name=web", "-o", "name")).out().isBlank());
        await().atMost(Duration.ofSeconds(30)).until(() -> ok(k.run("-n", "shop", "get", "pdb",
                "web", "-o", "jsonpath={.status.conditions[0].reason}")).out()
                .equals("InsufficientPods"));

        Kubectl.Result deleted = ok(k.run("delete", "namespace", "shop", "--timeout=60s"));
        assertThat(deleted.out()).contains("namespace \"shop\" deleted");
        Kubectl.Result gone = k.run("get", "namespace", "shop");
        assertThat(gone.ok()).as(gone.toString()).isFalse();
        assertThat(gone.err()).contains("NotFound");
        assertThat(ok(k.run("get", "configmaps,secrets,pods,services,deployments",
                "--all-namespaces", "-o", "name")).out()).doesNotContain("settings", "creds",
                "web-0", "deployment.apps/web");
    }
}
