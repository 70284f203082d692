package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The pod's own /etc/hosts, written once the pod has its IP and bind-mounted into each container
 * as upstream does: the localhost lines, the pod IP with its host name (fully qualified first when
 * the pod has a subdomain), and the hostAliases. A host-network pod gets the host's file.
 */
final class EtcHosts {
    private EtcHosts() {}

    static String content(Pod pod, String podIp, String hostname, String clusterDomain,
            Path hostHosts) {
        StringBuilder s = new StringBuilder();
        if (PodSpecs.hostNetwork(pod)) {
            s.append("# Kubernetes-managed hosts file (host network).\n");
            try {
                s.append(Files.readString(hostHosts, StandardCharsets.UTF_8));
            } catch (IOException e) {
                s.append("127.0.0.1\tlocalhost\n");
            }
        } else {
            s.append("# Kubernetes-managed hosts file.\n");
            s.append("127.0.0.1\tlocalhost\n");
            s.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
            s.append("fe00::0\tip6-localnet\n");
            s.append("fe00::0\tip6-mcastprefix\n");
            s.append("fe00::1\tip6-allnodes\n");
            s.append("fe00::2\tip6-allrouters\n");
            String subdomain = pod.getSpec().getSubdomain();
            if (subdomain != null && !subdomain.isEmpty()) {
                s.append(podIp).append('\t').append(hostname).append('.').append(subdomain)
                        .append('.').append(pod.getMetadata().getNamespace()).append(".svc.")
                        .append(clusterDomain).append('\t').append(hostname).append('\n');
            } else {
                s.append(podIp).append('\t').append(hostname).append('\n');
            }
        }
        if (pod.getSpec().getHostAliases() != null && !pod.getSpec().getHostAliases().isEmpty()) {
            s.append("\n# Entries added by HostAliases.\n");
            for (HostAlias alias : pod.getSpec().getHostAliases()) {
                if (alias.getHostnames() != null && !alias.getHostnames().isEmpty()) {
                    s.append(alias.getIp()).append('\t')
                            .append(String.join("\t", alias.getHostnames())).append('\n');
                }
            }
        }
        return s.toString();
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
