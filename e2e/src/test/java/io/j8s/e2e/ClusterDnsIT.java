package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster DNS of a real node, asked from a real pod with busybox's nslookup: the pod's
 * resolv.conf names the node's address (where the server listens; the route from 10.43.0.10 is
 * the proxy's), with the search path a ClusterFirst pod gets. Forwarding is off: no query leaves
 * the machine.
 */
class ClusterDnsIT {
    @RegisterExtension
    static final RealNode node = new RealNode("dns-it", "--dns-upstream", "none");

    @Test
    void aPodResolvesServicesHeadlessServicesStatefulPodsAndKubernetesDefault() {
        Kubectl k = node.kubectl();
        String nodeIp = ok(k.run("get", "node", node.name(), "-o",
                "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).out();
        assertThat(ok(k.run("get", "svc", "-n", "kube-system", "kube-dns", "-o",
                "jsonpath={.spec.clusterIP}")).out()).isEqualTo("10.43.0.10");
        assertThat(ok(k.run("get", "endpointslices", "-n", "kube-system", "-l",
                "kubernetes.io/service-name=kube-dns", "-o",
                "jsonpath={.items[0].endpoints[0].addresses[0]}:{.items[0].ports[0].port}")).out())
                .isEqualTo(nodeIp + ":53");
        node.apply("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{name: http, port: 80}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec:
                  clusterIP: None
                  selector: {app: db}
                  ports: [{name: pg, port: 5432}]
                """);
        node.apply(node.pod("web-1", "Always", "sleep 3600", "", "").replace(
                "metadata:\n  name: web-1\n", "metadata:\n  name: web-1\n  labels: {app: web}\n"));
        node.apply(node.pod("db-0", "Always", "sleep 3600", "",
                "  hostname: db-0\n  subdomain: db\n").replace(
                "metadata:\n  name: db-0\n", "metadata:\n  name: db-0\n  labels: {app: db}\n"));
        node.apply(node.pod("client", "Always", "sleep 3600", "", """
                  dnsPolicy: None
                  dnsConfig:
                    nameservers: [%s]
                    searches: [default.svc.cluster.local, svc.cluster.local, cluster.local]
                    options: [{name: ndots, value: "5"}]
                """.formatted(nodeIp)));
        try {
            ready("web-1");
            String dbIp = ready("db-0");
            ready("client");
            String webIp = ok(k.run("get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}")).out();
            assertThat(lookup(k, "web")).contains("Address: " + webIp);
            assertThat(lookup(k, "web.default.svc.cluster.local")).contains("Address: " + webIp);
            assertThat(lookup(k, "db")).contains("Address: " + dbIp);
            assertThat(lookup(k, "db-0.db.default.svc.cluster.local")).contains("Address: " + dbIp);
            assertThat(lookup(k, "kubernetes.default.svc.cluster.local")).contains("Address: 10.43.0.1");
            // busybox's nslookup (newer than 1.28) asks a dotted name such as kubernetes.default
            // only as it is, without the search path: those are asked by their full names
            assertThat(lookup(k, "no-such-service")).doesNotContain("Address: 10.");
        } finally {
            node.delete("client", "web-1", "db-0");
        }
    }

    /** Waits until the pod is Ready (the first pods of a loaded machine take a while): its IP. */
    private static String ready(String pod) {
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> node.pod(pod, ".status.conditions[?(@.type==\"Ready\")].status")
                        .equals("True"));
        return node.pod(pod, ".status.podIP");
    }

    /** nslookup's answer in the client pod, once it has one (endpoints take a moment). */
    private static String lookup(Kubectl k, String name) {
        String[] last = {""};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Kubectl.Result r = k.run("exec", "client", "--", "nslookup", name);
            last[0] = r.out() + r.err();
            return name.startsWith("no-such") || last[0].contains("Address: 10.");
        });
        return last[0];
    }
}
