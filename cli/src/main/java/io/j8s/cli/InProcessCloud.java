package io.j8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.cloud.CloudControllerManager;
import io.j8s.cloud.local.IpRouteTable;
import io.j8s.cloud.local.LocalProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * The cloud controller manager {@code j8s server} runs with the built-in local provider, its own
 * identity (DATA_DIR/server/cred/cloud-controller-manager.kubeconfig, user
 * system:cloud-controller-manager) and the Lease kube-system/cloud-controller-manager.
 */
final class InProcessCloud implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");
    private final KubernetesClient client;
    private final CloudControllerManager ccm;

    private InProcessCloud(KubernetesClient client, CloudControllerManager ccm) {
        this.client = client;
        this.ccm = ccm;
    }

    /**
     * Starts it: load balancer addresses from {@code lbPool} (null: {@code nodeIp} shared by
     * port), routes in this machine's table when running as root.
     */
    static InProcessCloud start(Path dataDir, String lbPool, String nodeIp, String identity) {
        Path kubeconfig = dataDir.resolve("server/cred/cloud-controller-manager.kubeconfig");
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(
                    Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            CloudControllerManager ccm = CloudControllerManager.builder().client(client)
                    .provider(LocalProvider.create(lbPool, List.of(nodeIp), new IpRouteTable(),
                            LocalProvider::isLocalAddress))
                    .routes(root).leaderElection(true, identity).start();
            LOG.info("cloud controller manager (system:cloud-controller-manager, provider j8s)"
                    + " started under the lease kube-system/cloud-controller-manager; load"
                    + " balancers from " + (lbPool == null ? "the node address " + nodeIp : lbPool)
                    + (root ? "" : "; routes off (not root)"));
            return new InProcessCloud(client, ccm);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        ccm.close();
        client.close();
    }
}
