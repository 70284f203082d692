package io.j8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.kubelet.Kubelet;
import io.j8s.kubelet.logs.ContainerLogRotation;
import io.j8s.kubelet.network.BlackholeRoutes;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.cri.AirgapImages;
import io.j8s.kubelet.runtime.cri.BusyboxImage;
import io.j8s.kubelet.runtime.cri.CniConfig;
import io.j8s.kubelet.runtime.cri.CriRuntime;
import io.j8s.kubelet.runtime.cri.HostPackages;
import io.j8s.kubelet.runtime.cri.ManagedContainerd;
import io.j8s.kubelet.runtime.cri.PauseImage;
import io.j8s.kubelet.runtime.sim.SimRuntime;
import io.j8s.kubelet.server.KubeletServer;
import io.j8s.kubelet.streamclient.SpdyStreamingClient;
import io.j8s.kubelet.volumes.NodeVolumes;
import io.j8s.proxy.ProxyMode;
import io.j8s.proxy.ServiceProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The node agent of {@code j8s server} and {@code j8s agent}: blackhole routes for the cluster's
 * ranges, the container runtime (a managed containerd with its pause and air-gap images, an
 * existing CRI socket, or sim), the {@link Kubelet} with its own client and credentials, its
 * volumes, its HTTPS API, log rotation and the service proxy. Closing it stops them in reverse order; containers
 * keep running, as upstream's.
 */
final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.agent");

    /**
     * How the agent runs: the runtime, where an existing CRI socket is (null: manage one),
     * whether the service proxy is off and its mode (null: the kernel's best).
     */
    record RuntimeChoice(ServerCommand.Runtime runtime, String endpoint, boolean proxyDisabled,
            ProxyMode proxyMode) {
        RuntimeChoice(ServerCommand.Runtime runtime, String endpoint) {
            this(runtime, endpoint, false, null);
        }
    }

    /**
     * Who the agent is to the cluster: its kubeconfig, its serving certificate and the CA, and
     * the service proxy's kubeconfig (system:kube-proxy on a server, the node's on an agent).
     */
    record Identity(String nodeName, Path kubeconfig, Path servingCert, Path servingKey,
            Path caFile, Path proxyKubeconfig) {}

    /** Where the node is: data dir, InternalIP, kubelet port and the ranges it keeps private. */
    record Placement(Path dataDir, String nodeIp, int kubeletPort, String clusterCidr,
            String serviceCidr) {}

    private final Deque<AutoCloseable> parts;
    private final Kubelet kubelet;
    private final KubeletServer server;

    private NodeAgent(Deque<AutoCloseable> parts, Kubelet kubelet, KubeletServer server) {
        this.parts = parts;
        this.kubelet = kubelet;
        this.server = server;
    }

    /**
     * Starts every part; {@code spdyOnly} has the kubelet API refuse WebSocket upgrades (the
     * hidden flag {@code --kubelet-spdy-only}, for tests of the clients' fallback to SPDY);
     * {@code externalCloudProvider} registers the Node with the uninitialized taint, for the
     * server's cloud controller manager to initialize.
     */
    static NodeAgent start(Identity identity, Placement placement, RuntimeChoice choice,
            boolean spdyOnly, boolean externalCloudProvider) throws Exception {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            if (choice.runtime() == ServerCommand.Runtime.cri) {
                // sim pods send no packets: the routes guard real pod and service traffic only.
                BlackholeRoutes.of(placement.clusterCidr(), placement.serviceCidr()).install();
            }
            ContainerRuntime runtime = runtime(choice, placement.dataDir(), parts);
            KubernetesClient client = client(identity.kubeconfig());
            parts.push(client);
            // The volumes size memory-backed dirs by the node's allocatable, which the kubelet
            // they are given to reports: read from it once it exists, never through the API.
            AtomicReference<Kubelet> self = new AtomicReference<>();
            NodeVolumes volumes = new NodeVolumes(client, placement.dataDir(),
                    () -> self.get() == null ? Map.of() : self.get().allocatable());
            Kubelet kubelet = Kubelet.builder().nodeName(identity.nodeName()).client(client)
                    .runtime(runtime).dataDir(placement.dataDir()).nodeAddress(placement.nodeIp())
                    .kubeletPort(placement.kubeletPort()).volumes(volumes)
                    .externalCloudProvider(externalCloudProvider).build();
            self.set(kubelet);
            kubelet.start();
            parts.push(kubelet);
            KubeletServer server = KubeletServer.builder().port(placement.kubeletPort())
                    .servingCertificate(identity.servingCert(), identity.servingKey())
                    .clientCaFile(identity.caFile()).nodeName(identity.nodeName())
                    .pods(kubelet.pods()).runtime(runtime).serveWebSockets(!spdyOnly).start();
            parts.push(server);
            parts.push(new ContainerLogRotation(runtime).start(Duration.ofSeconds(10)));
            startProxy(identity, placement, choice, parts);
            LOG.info("kubelet started: node " + identity.nodeName() + " at " + placement.nodeIp()
                    + ", kubelet API on :" + server.port() + ", runtime " + choice.runtime()
                    + " (" + runtime.version().forNode() + ")");
            return new NodeAgent(parts, kubelet, server);
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /**
     * The service proxy, with its own client: only for real pods (sim pods send no packets) and
     * as root (it writes the kernel's rules), unless {@code --proxy-mode none}.
     */
    private static void startProxy(Identity identity, Placement placement, RuntimeChoice choice,
            Deque<AutoCloseable> parts) {
        if (choice.proxyDisabled() || choice.runtime() != ServerCommand.Runtime.cri) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            LOG.warning("service proxy not started: it writes nftables or iptables rules, which"
                    + " needs root; Services will not answer on this node");
            return;
        }
        KubernetesClient proxyClient = client(identity.proxyKubeconfig());
        parts.push(proxyClient);
        parts.push(ServiceProxy.builder().client(proxyClient).nodeName(identity.nodeName())
                .nodeIps(List.of(placement.nodeIp())).mode(choice.proxyMode())
                .clusterCidr(placement.clusterCidr()).serviceCidr(placement.serviceCidr())
                .start());
    }

    Kubelet kubelet() {
        return kubelet;
    }

    int kubeletPort() {
        return server.port();
    }

    private static ContainerRuntime runtime(RuntimeChoice choice, Path dataDir,
            Deque<AutoCloseable> parts) throws IOException {
        if (choice.runtime() == ServerCommand.Runtime.sim) {
            SimRuntime sim = new SimRuntime();
            parts.push(sim);
            return sim;
        }
        SpdyStreamingClient streaming = new SpdyStreamingClient();
        parts.push(streaming);
        if (choice.endpoint() != null) {
            CriRuntime cri = CriRuntime.connect(choice.endpoint(), streaming, null);
            parts.push(cri);
            LOG.info("container runtime: the existing CRI socket " + choice.endpoint());
            return cri;
        }
        HostPackages.ensure();
        ManagedContainerd containerd = ManagedContainerd.start(dataDir, PauseImage.REF);
        parts.push(containerd);
        PauseImage.ensure(containerd.socket(), dataDir.resolve("agent/containerd"));
        BusyboxImage.ensure(containerd.socket(), dataDir.resolve("agent/containerd"));
        AirgapImages.importAll(dataDir, containerd.socket());
        CriRuntime cri = CriRuntime.connect(containerd.endpoint(), streaming,
                CniConfig.under(dataDir));
        parts.push(cri);
        return cri;
    }

    private static KubernetesClient client(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                    Files.readString(kubeconfig, StandardCharsets.UTF_8))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node's kubeconfig " + kubeconfig, e);
        }
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warning("stopping " + part.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
