package io.j8s.cli;

import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.pki.ClusterPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The server's certificates and the kubeconfigs made from them: the admin's at
 * {@code <data-dir>/kubeconfig.yaml}, and one per component under {@code <data-dir>/server/cred/},
 * each with its own identity, as k3s lays them out.
 */
final class ControlPlaneCredentials {
    /** The identities of j8s's own components, each with its own client certificate. */
    static final List<String> COMPONENTS = List.of("system:kube-scheduler",
            "system:kube-controller-manager", "system:kube-proxy", "system:cloud-controller-manager",
            "system:apiserver", "system:kube-dns");

    private final ClusterPki pki;
    private final Path kubeconfig;
    private final boolean kubeconfigIsNew;

    private ControlPlaneCredentials(ClusterPki pki, Path kubeconfig, boolean isNew) {
        this.pki = pki;
        this.kubeconfig = kubeconfig;
        this.kubeconfigIsNew = isNew;
    }

    static ControlPlaneCredentials prepare(Path dataDir, String nodeName, String serviceIp,
            int port) {
        List<String> dns = new ArrayList<>(List.of("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        String host = hostName();
        if (!dns.contains(host)) {
            dns.add(host);
        }
        if (!dns.contains(nodeName)) {
            dns.add(nodeName);
        }
        List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1", serviceIp));
        for (String ip : nodeAddresses()) {
            if (!ips.contains(ip)) {
                ips.add(ip);
            }
        }
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir.resolve("server/tls"), dns, ips);
        String server = "https://127.0.0.1:" + port;
        Path kubeconfig = dataDir.resolve("kubeconfig.yaml");
        boolean isNew = !Files.exists(kubeconfig);
        pki.writeKubeconfig(kubeconfig, server,
                pki.clientCredentials("system:admin", List.of("system:masters")));
        Path cred = dataDir.resolve("server/cred");
        try {
            Files.createDirectories(cred);
            Files.setPosixFilePermissions(cred,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String component : COMPONENTS) {
            ClientCredentials c = pki.clientCredentials(component, List.of());
            pki.writeKubeconfig(cred.resolve(component.substring("system:".length())
                    + ".kubeconfig"), server, c);
        }
        ClientCredentials node = pki.clientCredentials("system:node:" + nodeName,
                List.of("system:nodes"));
        pki.writeKubeconfig(cred.resolve("node.kubeconfig"), server, node);
        return new ControlPlaneCredentials(pki, kubeconfig, isNew);
    }

    ClusterPki pki() {
        return pki;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    boolean kubeconfigIsNew() {
        return kubeconfigIsNew;
    }

    /** This machine's IPv4 addresses other than loopback, for the serving certificate. */
    static List<String> nodeAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.getName().equals("cni0")
                        || nic.getName().startsWith("veth")) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        } catch (IOException e) {
            // no interfaces to add
        }
        return out;
    }

    /**
     * The IPv4 address of the interface that holds the default route (from /proc/net/route),
     * else the first address of {@link #nodeAddresses}, else 127.0.0.1: the node's InternalIP.
     */
    static String defaultRouteAddress() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[1].equals("00000000")) {
                    NetworkInterface nic = NetworkInterface.getByName(f[0]);
                    if (nic != null) {
                        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                            if (a instanceof Inet4Address) {
                                return a.getHostAddress();
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            // no routing table to read: fall back to the interfaces
        }
        List<String> all = nodeAddresses();
        return all.isEmpty() ? "127.0.0.1" : all.getFirst();
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }
}
