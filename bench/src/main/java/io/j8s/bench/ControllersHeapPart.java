package io.j8s.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The heap of the controller manager with many pods in its informers: unbound pods (no node
 * needed) are created through the API, and once the manager's heap has settled, this JVM's
 * heap in use after a full GC is {@code heap-mb} (the manager is the only large thing in it).
 */
final class ControllersHeapPart implements ControllersPart {
    static final int PODS = 50_000;
    static final int QUICK_PODS = 5_000;
    static final double TARGET_MB = 500;
    static final String NAMESPACE = "bench-heap";
    private static final int WRITERS = 16;

    @Override
    public void measure(Cluster cluster, Map<String, Double> figures) throws Exception {
        int pods = cluster.quick() ? QUICK_PODS : PODS;
        KubernetesClient admin = cluster.admin();
        double before = heapAfterGcMb();
        figures.put("heap-before-mb", before);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .endMetadata().build()).serverSideApply();
        cluster.progress("heap: creating " + pods + " pods (heap before: "
                + String.format(Locale.ROOT, "%.0f MB", before) + ")");
        long start = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int first = w;
                done.add(writers.submit(() -> {
                    for (int i = first; i < pods; i += WRITERS) {
                        admin.pods().inNamespace(NAMESPACE).resource(pod(i)).create();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdownNow();
        }
        double createSeconds = (System.nanoTime() - start) / 1e9;
        figures.put("heap-pods", (double) pods);
        figures.put("heap-create-s", createSeconds);
        cluster.progress(String.format(Locale.ROOT, "heap: %d pods created in %.1fs; waiting for"
                + " the manager's informers to hold them and its heap to settle", pods,
                createSeconds));
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (cluster.manager().informed(Pod.class) < pods) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the controller manager's informers hold "
                        + cluster.manager().informed(Pod.class) + " pods of " + pods
                        + " after 5 minutes");
            }
            Thread.sleep(200);
        }
        double last = heapAfterGcMb();
        for (int i = 0; i < 30; i++) {
            Thread.sleep(2000);
            double now = heapAfterGcMb();
            boolean settled = Math.abs(now - last) < Math.max(2, last * 0.01);
            last = now;
            if (settled) {
                break;
            }
        }
        figures.put("heap-mb", last);
        cluster.progress(String.format(Locale.ROOT, "heap: %.0f MB in use after GC with %d pods",
                last, pods));
    }

    static Pod pod(int i) {
        String name = String.format(Locale.ROOT, "heap-%05d", i);
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of("app", "heap", "shard", Integer.toString(i % 100)))
                .endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("registry.k8s.io/pause:3.10").withNewResources()
                .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi")))
                .endResources().endContainer().endSpec().build();
    }

    /** The heap in use after a full collection, in MB. */
    static double heapAfterGcMb() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }
}
