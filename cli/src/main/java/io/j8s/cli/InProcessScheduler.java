package io.j8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.scheduler.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The scheduler {@code j8s server} runs beside the API server, with its own client and identity
 * (DATA_DIR/server/cred/kube-scheduler.kubeconfig, user system:kube-scheduler), competing for
 * the Lease kube-system/kube-scheduler like any other scheduler of the cluster.
 */
final class InProcessScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");
    private final KubernetesClient client;
    private final Scheduler scheduler;

    private InProcessScheduler(KubernetesClient client, Scheduler scheduler) {
        this.client = client;
        this.scheduler = scheduler;
    }

    /** Starts the scheduler; {@code config} is a KubeSchedulerConfiguration file or null. */
    static InProcessScheduler start(Path dataDir, Path config, String host) {
        Path kubeconfig = dataDir.resolve("server/cred/kube-scheduler.kubeconfig");
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(
                    Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
        }
        try {
            Scheduler s = Scheduler.builder().client(client).config(config)
                    .identity(host + "_" + UUID.randomUUID()).start();
            LOG.info("scheduler running" + (config == null ? "" : " with " + config));
            return new InProcessScheduler(client, s);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        scheduler.close();
        client.close();
    }
}
