package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.HostLeftovers;
import io.j8s.testkit.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service proxy's contract, run for each mode on a real node: busybox pods serve HTTP behind
 * Services; a client pod, the host and an "outside" network namespace (a veth to the host, as a
 * machine on the LAN) reach them by ClusterIP, NodePort, load-balancer and external IP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServiceProxyContract {
    private static final List<String> WEB = List.of("web-0", "web-1", "web-2");
    /** The outside namespace's address and the host's end of its veth. */
    private static final String OUTSIDE = "198.18.0.2";
    private static final String HOST_SIDE = "198.18.0.1";

    private final String netns = "j8s-outside-" + ProcessHandle.current().pid();
    private String nodeIp;

    abstract RealNode node();

    /** What the kernel holds of the proxy's rules now (nft table or iptables-save). */
    abstract String rules();

    @BeforeAll
    void podsAndServices() {
        RealNode node = node();
        nodeIp = ok(node.kubectl().run("get", "node", node.name(), "-o",
                "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).out();
        StringBuilder yaml = new StringBuilder();
        for (String web : WEB) {
            yaml.append(webPod(web)).append("---\n");
        }
        yaml.append("""
                apiVersion: v1
                kind: Pod
                metadata: {name: client}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: c, image: busybox:j8s, command: ["sleep", "3600"]}
                ---
                """.formatted(node.name()));
        yaml.append(service("web", "ClusterIP", "", ""))
                .append(service("web-np", "NodePort", "externalTrafficPolicy: Cluster", ""))
                .append(service("web-local", "NodePort", "externalTrafficPolicy: Local", ""))
                .append(service("sticky", "ClusterIP", "sessionAffinity: ClientIP", ""))
                .append(service("web-lb", "LoadBalancer", "", ""))
                .append(service("web-ext", "ClusterIP", "externalIPs: [" + HOST_SIDE + "]", ""))
                .append(service("empty", "ClusterIP", "", "nothing"));
        node.apply(yaml.toString());
        WEB.forEach(node::awaitReady);
        node.awaitReady("client");
        ok(node.kubectl().run("patch", "service", "web-lb", "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"" + HOST_SIDE
                        + "\"}]}}}"));
        run("ip", "netns", "add", netns);
        run("ip", "link", "add", "j8sout0", "type", "veth", "peer", "name", "j8sout1", "netns",
                netns);
        run("ip", "addr", "add", HOST_SIDE + "/30", "dev", "j8sout0");
        run("ip", "link", "set", "j8sout0", "up");
        run("ip", "-n", netns, "addr", "add", OUTSIDE + "/30", "dev", "j8sout1");
        run("ip", "-n", netns, "link", "set", "j8sout1", "up");
        run("ip", "-n", netns, "link", "set", "lo", "up");
        run("ip", "-n", netns, "route", "add", "default", "via", HOST_SIDE);
        await().atMost(Duration.ofSeconds(30)).until(() -> WEB.contains(get("web").strip()));
    }

    @AfterAll
    void outsideGoes() {
        run("ip", "link", "del", "j8sout0");
        run("ip", "netns", "del", netns);
    }

    private String webPod(String name) {
        String script = "mkdir -p /www/cgi-bin; echo " + name + " > /www/index.html;"
                + " printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n'"
                + " > /www/cgi-bin/ip; chmod +x /www/cgi-bin/ip; touch /tmp/ready;"
                + " httpd -p 8080 -h /www; trap 'sleep 3; exit 0' TERM;"
                + " while true; do sleep 1; done";
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: web}}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 10
                  containers:
                  - name: c
                    image: busybox:j8s
                    command: ["sh", "-c", "%s"]
                    readinessProbe:
                      exec: {command: ["cat", "/tmp/ready"]}
                      periodSeconds: 1
                """.formatted(name, node().name(), script.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    private static String service(String name, String type, String more, String app) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  type: %s
                  selector: {app: %s}
                  ports: [{name: http, port: %d, targetPort: 8080}]
                  %s
                ---
                """.formatted(name, type, app.isEmpty() ? "web" : app,
                name.equals("web-ext") ? 81 : 80, more);
    }

    private String clusterIp(String service) {
        return ok(node().kubectl().run("get", "service", service, "-o",
                "jsonpath={.spec.clusterIP}")).out();
    }

    private String ready(String pod) {
        return node().kubectl().run("get", "pod", pod, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().strip();
    }

    private int nodePort(String service) {
        return Integer.parseInt(ok(node().kubectl().run("get", "service", service, "-o",
                "jsonpath={.spec.ports[0].nodePort}")).out());
    }

    /** One GET of the ClusterIP of {@code service} from the client pod: the body, or FAIL ... */
    private String get(String service) {
        return inPod("client", "timeout 3 wget -qO- http://" + clusterIp(service) + "/ 2>&1 || echo FAIL");
    }

    private String inPod(String pod, String script) {
        return node().kubectl().run("exec", pod, "--", "sh", "-c", script).out();
    }

    /** The endpoints {@code n} requests from {@code pod} to {@code url} reached. */
    private Set<String> spread(String pod, String url, int n) {
        String out = inPod(pod, "for i in $(seq " + n + "); do timeout 3 wget -qO- " + url
                + " 2>&1 || echo FAIL; done");
        return new TreeSet<>(Arrays.asList(out.strip().split("\\s+")));
    }

    @Test
    @Order(1)
    void aClusterIpSpreadsOverEveryReadyEndpointAndAPodReachesItself() {
        assertThat(spread("client", "http://" + clusterIp("web") + "/", 30))
                .containsExactlyInAnyOrderElementsOf(WEB);
        // hairpin: web-0 through its own Service, itself among the answers
        assertThat(spread("web-0", "http://" + clusterIp("web") + "/", 30))
                .containsExactlyInAnyOrderElementsOf(WEB);
    }

    @Test
    @Order(2)
    void sessionAffinityKeepsAClientOnOneEndpoint() {
        Set<String> reached = spread("client", "http://" + clusterIp("sticky") + "/", 12);
        assertThat(reached).hasSize(1).isSubsetOf(WEB);
    }

    @Test
    @Order(3)
    void endpointsFollowReadiness() {
        String url = "http://" + clusterIp("web") + "/";
        inPod("web-2", "rm /tmp/ready");
        // first the API says web-2 is not ready; only then can a spread that misses it mean
        // the proxy dropped it (12 requests miss one of three endpoints by chance 0.8% of the time)
        await().atMost(Duration.ofSeconds(30)).until(() -> "False".equals(ready("web-2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !spread("client", url, 30)
                .contains("web-2"));
        assertThat(spread("client", url, 20)).containsExactlyInAnyOrder("web-0", "web-1");
        inPod("web-2", "touch /tmp/ready");
        await().atMost(Duration.ofSeconds(30)).until(() -> spread("client", url, 12)
                .contains("web-2"));
    }

    @Test
    @Order(4)
    void aNodePortAnswersFromTheHostOnTheNodeIpAndOnLocalhost() throws Exception {
        int port = nodePort("web-np");
        assertThat(WEB).contains(http("http://" + nodeIp + ":" + port + "/").strip());
        assertThat(WEB).contains(http("http://127.0.0.1:" + port + "/").strip());
    }

    @Test
    @Order(5)
    void fromOutsideLocalPolicyKeepsTheClientAddressAndClusterPolicyHidesIt() {
        String local = outside("http://" + nodeIp + ":" + nodePort("web-local") + "/cgi-bin/ip");
        // httpd listens on both families: it prints IPv4 peers as [::ffff:198.18.0.2]
        assertThat(local).contains(OUTSIDE);
        String cluster = outside("http://" + nodeIp + ":" + nodePort("web-np") + "/cgi-bin/ip");
        assertThat(cluster).contains("10.42.").doesNotContain(OUTSIDE);
        // the load-balancer ingress address and the external IP answer from outside
        assertThat(WEB).contains(outside("http://" + HOST_SIDE + "/").strip());
        assertThat(WEB).contains(outside("http://" + HOST_SIDE + ":81/").strip());
    }

    @Test
    @Order(6)
    void aServiceWithoutEndpointsAndAnUnassignedAddressAreRejected() {
        assertThat(get("empty")).contains("FAIL");
        assertThat(inPod("client", "timeout 3 wget -qO- http://10.43.255.254/ 2>&1 || echo FAIL"))
                .contains("FAIL");
        assertThat(inPod("client", "timeout 3 wget -qO- http://" + clusterIp("web")
                + ":9999/ 2>&1 || echo FAIL")).contains("FAIL");
    }

    @Test
    @Order(7)
    void aScaleDownLosesNoRequest() throws Exception {
        String url = "http://" + clusterIp("web") + "/";
        Process loop = node().kubectl().start("exec", "client", "--", "sh", "-c",
                "for i in $(seq 60); do timeout 3 wget -qO- " + url + " 2>&1 || echo FAIL;"
                        + " sleep 0.1; done");
        Thread.sleep(1000);
        node().delete("web-2");
        String out = new String(loop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(loop.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("FAIL");
        assertThat(out.strip().split("\\s+")).hasSize(60);
        assertThat(spread("client", url, 20)).containsExactlyInAnyOrder("web-0", "web-1");
    }

    @Test
    @Order(8)
    void rulesGoWithTheServiceAndItsNamespace() {
        Kubectl k = node().kubectl();
        ok(k.run("create", "namespace", "gone"));
        ok(k.run("-n", "gone", "create", "service", "clusterip", "doomed", "--tcp=80:8080"));
        String doomed = ok(k.run("-n", "gone", "get", "service", "doomed", "-o",
                "jsonpath={.spec.clusterIP}")).out();
        String np = clusterIp("web-np");
        await().atMost(Duration.ofSeconds(20)).until(() -> holds(doomed));
        assertThat(holds(np)).isTrue();
        ok(k.run("delete", "namespace", "gone", "--wait=true", "--timeout=60s"));
        ok(k.run("delete", "service", "web-np"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !holds(doomed) && !holds(np));
    }

    /** Whether the proxy's rules mention {@code ip} (nft: "IP . tcp", iptables: "IP/32"). */
    private boolean holds(String ip) {
        String rules = rules();
        return rules.contains(ip + " ") || rules.contains(ip + "/");
    }

    private String outside(String url) {
        // busybox's own wget -T crashes (the test image's build): timeout bounds it instead
        return HostLeftovers.run("ip", "netns", "exec", netns, "timeout", "3", "busybox", "wget",
                "-qO-", url);
    }

    private static String http(String url) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .build()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static void run(String... command) {
        HostLeftovers.run(command);
    }
}
