package io.j8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.dns.ClusterDns;
import io.j8s.dns.KubeDnsService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * The cluster DNS {@code j8s server} serves on the node's address with its own identity
 * (DATA_DIR/server/cred/kube-dns.kubeconfig, user system:kube-dns), and the kube-dns Service
 * pointing at it, written with the API server's own identity. A port that cannot be bound is
 * logged and the server goes on without DNS.
 */
final class InProcessDns implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");
    private final KubernetesClient client;
    private final ClusterDns dns;

    private InProcessDns(KubernetesClient client, ClusterDns dns) {
        this.client = client;
        this.dns = dns;
    }

    /** Starts the DNS server, or returns null (after saying why) when it could not start. */
    static InProcessDns start(Path dataDir, String address, int port, String serviceIp,
            List<InetSocketAddress> upstreams) {
        Path cred = dataDir.resolve("server/cred");
        KubernetesClient client = client(cred.resolve("kube-dns.kubeconfig"));
        ClusterDns dns;
        try {
            dns = ClusterDns.builder().client(client).address(InetAddress.getByName(address))
                    .port(port).upstreams(upstreams).start();
        } catch (IOException | RuntimeException e) {
            LOG.severe("cluster DNS not started: cannot listen on " + address + ":" + port
                    + " (udp and tcp): " + e.getMessage() + "; pods will not resolve cluster"
                    + " names (free the port or pass --cluster-dns-port)");
            client.close();
            return null;
        }
        try (KubernetesClient writer = client(cred.resolve("apiserver.kubeconfig"))) {
            KubeDnsService.ensure(writer, serviceIp, address, dns.port());
        } catch (RuntimeException e) {
            LOG.warning("the Service kube-system/kube-dns (" + serviceIp + ") could not be written: "
                    + e.getMessage() + "; DNS answers on " + address + ":" + dns.port() + " only");
        }
        return new InProcessDns(client, dns);
    }

    private static KubernetesClient client(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder().withConfig(
                    Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + kubeconfig + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dns.close();
        client.close();
    }
}
