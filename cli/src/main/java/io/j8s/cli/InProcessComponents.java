package io.j8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.controllers.ControllerManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The components {@code j8s server} runs in its own JVM beside the API server, each with its own
 * client and credentials (DATA_DIR/server/cred/NAME.kubeconfig), exactly as if it were remote.
 */
final class InProcessComponents implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");
    private final KubernetesClient controllerManagerClient;
    private final ControllerManager controllerManager;

    private InProcessComponents(KubernetesClient client, ControllerManager controllerManager) {
        this.controllerManagerClient = client;
        this.controllerManager = controllerManager;
    }

    /**
     * Writes the join token (and its bootstrap Secret) and starts the controller manager: node
     * IPAM over {@code clusterCidr} and the kubelet CSR approver and signer with the cluster CA;
     * legacy service account tokens are signed with {@code serviceAccountKey}.
     */
    static InProcessComponents start(Path dataDir, ClusterPki pki, String clusterCidr,
            int nodeCidrMaskSize, Set<String> controllers, String leaseIdentity,
            Path serviceAccountKey) {
        Path cred = dataDir.resolve("server/cred");
        try (KubernetesClient apiserver = client(cred.resolve("apiserver.kubeconfig"))) {
            NodeToken.ensure(dataDir, pki.caCertificate(), apiserver);
        }
        KubernetesClient client = client(cred.resolve("kube-controller-manager.kubeconfig"));
        try {
            ControllerManager cm = ControllerManager.builder().client(client)
                    .clusterCidr(clusterCidr).nodeCidrMaskSize(nodeCidrMaskSize)
                    .clusterSigning(pki.caCertFile(), pki.caKeyFile()).rootCaFile(pki.caCertFile())
                    .serviceAccountPrivateKeyFile(serviceAccountKey)
                    .controllers(controllers)
                    .leaderElection(true, leaseIdentity).start();
            LOG.info("controller manager (system:kube-controller-manager) started, controllers "
                    + String.join(",", controllers) + ", under the lease"
                    + " kube-system/kube-controller-manager");
            return new InProcessComponents(client, cm);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static KubernetesClient client(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder().withConfig(
                    Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        controllerManager.close();
        controllerManagerClient.close();
    }
}
