package io.j8s.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.testcluster.PodPlayer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The deploy1000 part of {@code j8s bench controllers}: 100 Node objects, a Deployment of 1,000
 * replicas whose pods the bench binds and reports Running and Ready (no scheduler, no kubelet:
 * {@link PodPlayer}); the time until all 1,000 pods exist (target under 10 s), then the time for
 * a rollout to a new template with maxSurge 25% until every replica is updated and available
 * (target under 60 s). Everything it made is deleted afterwards.
 */
public final class ControllersDeployBench {
    static final String NAMESPACE = "bench-deploy1000";
    static final int NODES = 100;
    static final int REPLICAS = 1000;
    static final double CREATE_TARGET_S = 10;
    static final double ROLLOUT_TARGET_S = 60;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String NODE_STATUS = "{\"status\":{\"capacity\":{\"cpu\":\"32\","
            + "\"memory\":\"128Gi\",\"pods\":\"110\"},\"allocatable\":{\"cpu\":\"32\","
            + "\"memory\":\"128Gi\",\"pods\":\"110\"},\"conditions\":[{\"type\":\"Ready\","
            + "\"status\":\"True\",\"reason\":\"KubeletReady\"}]}}";

    /** Seconds until all pods were created, and seconds the rollout took. */
    public record Result(double createSeconds, double rolloutSeconds) {
        /** {@code deploy1000-create-s=<n> rollout1000-s=<n>}, for the summary line. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "deploy1000-create-s=%.1f rollout1000-s=%.1f",
                    createSeconds, rolloutSeconds);
        }
    }

    private ControllersDeployBench() {}

    /**
     * Runs the part against a server whose controller manager runs the ReplicaSet and Deployment
     * controllers, with an admin client; progress goes to {@code progress}.
     */
    public static Result run(KubernetesClient admin, PrintStream progress) throws Exception {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName(NAMESPACE).endMetadata().build()).create();
        try {
            // pods of the default account wait for it; the ServiceAccount controller may be off
            admin.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName("default").endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            // made by the ServiceAccount controller already
        }
        String[] nodes = new String[NODES];
        for (int i = 0; i < NODES; i++) {
            nodes[i] = String.format("bench-node-%03d", i);
            admin.nodes().resource(new NodeBuilder().withNewMetadata()
                    .withName(nodes[i]).endMetadata().build()).create();
            // a patch, not an update: node IPAM writes the node's spec meanwhile
            admin.nodes().withName(nodes[i]).subresource("status").patch(
                    PatchContext.of(PatchType.JSON_MERGE), NODE_STATUS);
        }
        progress.println("deploy1000: " + NODES + " nodes made");
        try (PodPlayer player = PodPlayer.start(admin, nodes)) {
            long t0 = System.nanoTime();
            admin.apps().deployments().inNamespace(NAMESPACE).resource(deployment()).create();
            awaitPods(player, REPLICAS);
            double create = seconds(t0);
            progress.printf("deploy1000: %d pods created in %.1f s%n", REPLICAS, create);
            await(admin, d -> complete(d), "the first rollout");
            progress.printf("deploy1000: all available after %.1f s%n", seconds(t0));
            long t1 = System.nanoTime();
            admin.apps().deployments().inNamespace(NAMESPACE).withName("web").edit(d ->
                    new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
                            .editFirstContainer().withImage("busybox:2").endContainer()
                            .endSpec().endTemplate().endSpec().build());
            await(admin, d -> complete(d) && d.getStatus().getObservedGeneration() >= 2,
                    "the rollout");
            double rollout = seconds(t1);
            progress.printf("deploy1000: rollout to a new template in %.1f s%n", rollout);
            return new Result(create, rollout);
        } finally {
            cleanUp(admin, nodes);
        }
    }

    private static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(REPLICAS).withNewSelector()
                .withMatchLabels(Map.of("app", "web")).endSelector().withNewStrategy()
                .withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new io.fabric8.kubernetes.api.model.IntOrString("25%"))
                .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString("25%"))
                .endRollingUpdate().endStrategy().withNewTemplate().withNewMetadata()
                .withLabels(Map.of("app", "web")).endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("busybox:1").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    private static boolean complete(Deployment d) {
        var s = d.getStatus();
        return s != null && s.getObservedGeneration() != null
                && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && Integer.valueOf(REPLICAS).equals(s.getUpdatedReplicas())
                && Integer.valueOf(REPLICAS).equals(s.getReplicas())
                && Integer.valueOf(REPLICAS).equals(s.getAvailableReplicas());
    }

    private static void awaitPods(PodPlayer player, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (player.pods(NAMESPACE) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deploy1000: pods not created within " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    private static void await(KubernetesClient admin, Predicate<Deployment> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Deployment d = admin.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
            if (d != null && done.test(d)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deploy1000: " + what + " did not finish within "
                        + TIMEOUT + "; status " + (d == null ? null : d.getStatus()));
            }
            Thread.sleep(100);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void cleanUp(KubernetesClient admin, String[] nodes) {
        try {
            admin.apps().deployments().inNamespace(NAMESPACE).delete();
            admin.apps().replicaSets().inNamespace(NAMESPACE).delete();
            admin.pods().inNamespace(NAMESPACE).withGracePeriod(0).delete();
            admin.namespaces().withName(NAMESPACE).delete();
            for (String n : nodes) {
                if (n != null) {
                    admin.nodes().withName(n).delete();
                }
            }
        } catch (KubernetesClientException e) {
            // best effort: the server is the caller's
        }
    }

    /** {@code java -cp j8s-bench.jar io.j8s.bench.ControllersDeployBench KUBECONFIG}. */
    public static void main(String[] args) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build()) {
            Result r = run(admin, System.err);
            System.out.println("controllers " + r.summary());
        }
    }
}
