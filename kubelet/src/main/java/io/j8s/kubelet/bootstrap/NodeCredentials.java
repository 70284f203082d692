package io.j8s.kubelet.bootstrap;

import java.nio.file.Path;

/**
 * What a joined node holds, all under DATA_DIR/agent: its kubeconfig (client certificate for
 * {@code system:node:NAME} in {@code system:nodes}, embedded with its key and the cluster CA),
 * the same client certificate and key as files, its kubelet serving certificate and key (signed
 * by the cluster CA for its names and addresses), and the cluster CA.
 */
public record NodeCredentials(String nodeName, String serverUrl, Path kubeconfig,
        Path clientCertFile, Path clientKeyFile, Path servingCertFile, Path servingKeyFile,
        Path caFile) {

    /** Where they live under {@code agentDir} (DATA_DIR/agent), as k3s names them. */
    static NodeCredentials under(Path agentDir, String nodeName, String serverUrl) {
        return new NodeCredentials(nodeName, serverUrl, agentDir.resolve("kubelet.kubeconfig"),
                agentDir.resolve("client-kubelet.crt"), agentDir.resolve("client-kubelet.key"),
                agentDir.resolve("serving-kubelet.crt"), agentDir.resolve("serving-kubelet.key"),
                agentDir.resolve("server-ca.crt"));
    }
}
