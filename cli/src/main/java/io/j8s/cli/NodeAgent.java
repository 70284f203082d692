package io.j8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.kubelet.Kubelet;
import io.j8s.kubelet.runtime.ContainerRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node agent of {@code j8s server}: a {@link Kubelet} with its own client, built from the node
 * identity's kubeconfig ({@code DATA_DIR/server/cred/node.kubeconfig}, user
 * {@code system:node:<node>}), on the runtime the server chose. Closing it stops the kubelet, its
 * client and its runtime connection; the containers keep running, as upstream's.
 */
final class NodeAgent implements AutoCloseable {
    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final Kubelet kubelet;

    private NodeAgent(KubernetesClient client, ContainerRuntime runtime, Kubelet kubelet) {
        this.client = client;
        this.runtime = runtime;
        this.kubelet = kubelet;
    }

    static NodeAgent start(Path dataDir, String nodeName, String nodeIp, int kubeletPort,
            ContainerRuntime runtime) {
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(read(dataDir.resolve("server/cred/node.kubeconfig"))))
                .build();
        Kubelet.Builder builder = Kubelet.builder().nodeName(nodeName).client(client)
                .runtime(runtime).dataDir(dataDir).kubeletPort(kubeletPort);
        if (nodeIp != null) {
            builder.nodeAddress(nodeIp);
        }
        Kubelet kubelet = builder.build();
        kubelet.start();
        return new NodeAgent(client, runtime, kubelet);
    }

    Kubelet kubelet() {
        return kubelet;
    }

    private static String read(Path kubeconfig) {
        try {
            return Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node's kubeconfig " + kubeconfig, e);
        }
    }

    @Override
    public void close() {
        try {
            kubelet.close();
        } finally {
            client.close();
            runtime.close();
        }
    }
}
