package io.j8s.cli;

import io.j8s.kubelet.network.BlackholeRoutes;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.kubelet.runtime.cri.CniCleanup;
import io.j8s.kubelet.runtime.cri.CriRuntime;
import io.j8s.kubelet.runtime.cri.ManagedContainerd;
import io.j8s.kubelet.runtime.cri.PauseImage;
import io.j8s.kubelet.volumes.NodeVolumes;
import io.j8s.proxy.ServiceProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code j8s server --cleanup}: undoes what a server and its agent leave on the machine, step by
 * step, each step on its own (one that fails is reported and the others still run). Add a step
 * here for everything the agent sets up outside the data directory.
 */
final class ServerCleanup {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");

    /** One thing to undo: a name for the log, and the action. */
    record Step(String name, Action action) {}

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private ServerCleanup() {}

    /** The steps, in the order they run. */
    static List<Step> steps(Path dataDir, String clusterCidr, String serviceCidr) {
        return List.of(
                new Step("pods in the managed containerd", () -> removeAllPods(dataDir)),
                new Step("pod volumes", () -> {
                    NodeVolumes volumes = new NodeVolumes(null, dataDir, Map::of);
                    volumes.podsOnDisk().forEach(volumes::tearDown);
                }),
                new Step("the cni0 bridge and CNI host-port chains", CniCleanup::run),
                new Step("service proxy rules (nftables table ip j8s-proxy, iptables J8S-* chains)",
                        ServiceProxy::cleanup),
                new Step("blackhole routes for " + clusterCidr + " and " + serviceCidr,
                        () -> BlackholeRoutes.of(clusterCidr, serviceCidr).remove()),
                new Step("pod CIDR routes of the cloud controller (proto "
                        + io.j8s.cloud.local.IpRouteTable.PROTOCOL + ")",
                        io.j8s.cloud.local.IpRouteTable::flush));
    }

    /**
     * Starts the managed containerd of {@code dataDir} (if it ever ran), stops and removes every
     * container and sandbox in it, so that their shims, mounts, network namespaces and veths go,
     * then stops it again.
     */
    private static void removeAllPods(Path dataDir) throws Exception {
        if (!Files.exists(dataDir.resolve("agent/containerd/config.toml"))) {
            return;
        }
        try (ManagedContainerd containerd = ManagedContainerd.start(dataDir, PauseImage.REF);
                CriRuntime runtime = CriRuntime.connect(containerd.endpoint(), null, null)) {
            for (ContainerStatus c : runtime.listContainers()) {
                runtime.stopContainer(c.id(), Duration.ZERO);
                runtime.removeContainer(c.id());
            }
            for (PodSandboxStatus s : runtime.listPodSandboxes()) {
                runtime.stopPodSandbox(s.id());
                runtime.removePodSandbox(s.id());
            }
        }
    }

    /**
     * Runs every step.
     *
     * @return the names of the steps that failed (empty when all went well)
     */
    static List<String> run(List<Step> steps) {
        List<String> failed = new ArrayList<>();
        for (Step step : steps) {
            try {
                step.action().run();
                LOG.info("cleanup: " + step.name() + ": done");
            } catch (Exception e) {
                LOG.warning("cleanup: " + step.name() + " failed: " + e.getMessage());
                failed.add(step.name());
            }
        }
        return failed;
    }
}
