package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a workload sees of a whole real node with every part running (proxy, cluster DNS, cloud
 * controller, RBAC): a Deployment exposed as users expose it answers by short name, by full name
 * and by ClusterIP from a pod whose resolv.conf names 10.43.0.10, as a NodePort and as a
 * LoadBalancer address from the host; and a pod running the real kubectl reaches the API through
 * the {@code kubernetes} Service with its mounted token, allowed and denied as its service
 * account by RBAC. Forwarding of outside names is off: no query leaves the machine.
 */
class ClusterFromAPodIT {
    @RegisterExtension
    static final RealNode node = new RealNode("from-a-pod", "--dns-upstream", "none",
            "--bind-address", "0.0.0.0"); // pods reach the API server at the node's address

    private static final List<String> WEB_HOSTS = List.of("web-0", "web-1");

    @BeforeAll
    static void workloads() throws Exception {
        String kubectlBinary = Path.of("/usr/bin/kubectl").toRealPath().toString();
        StringBuilder yaml = new StringBuilder();
        for (String web : WEB_HOSTS) {
            yaml.append("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, labels: {app: web}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: c
                        image: busybox:j8s
                        command: ["sh", "-c", "mkdir -p /www; echo %s > /www/index.html; httpd -f -p 8080 -h /www"]
                    ---
                    """.formatted(web, web));
        }
        yaml.append("""
                apiVersion: v1
                kind: Pod
                metadata: {name: client}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: c, image: busybox:j8s, command: ["sleep", "3600"]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: kubectl}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: c
                    image: busybox:j8s
                    command: ["sleep", "3600"]
                    volumeMounts: [{name: kubectl, mountPath: /usr/local/bin/kubectl, readOnly: true}]
                  volumes:
                  - name: kubectl
                    hostPath: {path: %s, type: File}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: other}
                spec:
                  type: ExternalName
                  externalName: web.default.svc.cluster.local
                """.formatted(kubectlBinary));
        node.apply(yaml.toString());
        Kubectl k = node.kubectl();
        ok(k.run("expose", "pod", "web-0", "--name", "web", "--selector", "app=web", "--port",
                "80", "--target-port", "8080"));
        ok(k.run("expose", "pod", "web-0", "--name", "web-np", "--selector", "app=web",
                "--type", "NodePort", "--port", "80", "--target-port", "8080"));
        ok(k.run("expose", "pod", "web-0", "--name", "web-lb", "--selector", "app=web",
                "--type", "LoadBalancer", "--port", "8081", "--target-port", "8080"));
        for (String pod : List.of("web-0", "web-1", "client", "kubectl")) {
            node.awaitReady(pod);
        }
    }

    @Test
    void aServiceAnswersByShortNameByFullNameAndByClusterIp() {
        String clusterIp = ok(node.kubectl().run("get", "service", "web", "-o",
                "jsonpath={.spec.clusterIP}")).out();
        for (String host : List.of("web", "web.default", "web.default.svc.cluster.local",
                clusterIp)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(exec("client", "timeout 5 wget -qO- http://" + host + "/").strip())
                            .as("http://%s/", host).isIn(WEB_HOSTS));
        }
    }

    @Test
    void theClusterDnsAnswersThroughItsServiceAddress() {
        assertThat(exec("client", "cat /etc/resolv.conf")).contains("nameserver 10.43.0.10");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(exec("client", "nslookup kubernetes.default.svc.cluster.local"))
                    .contains("Server:\t\t10.43.0.10").contains("Address: 10.43.0.1");
            assertThat(exec("client", "nslookup other.default.svc.cluster.local"))
                    .contains("web.default.svc.cluster.local");
        });
    }

    @Test
    void aNodePortAndALoadBalancerAddressAnswerFromTheHost() throws Exception {
        Kubectl k = node.kubectl();
        String nodeIp = ok(k.run("get", "node", node.name(), "-o",
                "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).out();
        String nodePort = ok(k.run("get", "service", "web-np", "-o",
                "jsonpath={.spec.ports[0].nodePort}")).out();
        assertThat(http("http://" + nodeIp + ":" + nodePort + "/")).isIn(WEB_HOSTS);
        String[] lb = {""};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            lb[0] = k.run("get", "service", "web-lb", "-o",
                    "jsonpath={.status.loadBalancer.ingress[0].ip}").out();
            return !lb[0].isEmpty();
        });
        assertThat(lb[0]).isEqualTo(nodeIp);
        assertThat(http("http://" + lb[0] + ":8081/")).isIn(WEB_HOSTS);
    }

    @Test
    void kubectlInAPodIsItsServiceAccountAndRbacDecides() {
        assertThat(exec("kubectl", "kubectl auth whoami -o jsonpath='{.status.userInfo.username}'"))
                .isEqualTo("system:serviceaccount:default:default");
        assertThat(exec("kubectl", "kubectl get pods 2>&1")).contains("Forbidden")
                .contains("system:serviceaccount:default:default");
        ok(node.kubectl().run("create", "rolebinding", "default-views", "--clusterrole", "view",
                "--serviceaccount", "default:default"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(exec("kubectl", "kubectl get pods -o name 2>&1"))
                        .contains("pod/web-0"));
        // view grants no secrets and nothing outside the namespace
        assertThat(exec("kubectl", "kubectl get secrets 2>&1")).contains("Forbidden");
        assertThat(exec("kubectl", "kubectl get pods -n kube-system 2>&1")).contains("Forbidden");
        assertThat(exec("kubectl", "kubectl delete pod web-1 2>&1")).contains("Forbidden");
    }

    private static String exec(String pod, String script) {
        return node.kubectl().run("exec", pod, "--", "sh", "-c", script).out();
    }

    private static String http(String url) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .build()) {
            return client.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().strip();
        }
    }
}
