package io.j8s.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Rounds of pods created at once on one node through the API, each timed from just before its
 * create request to the moment a watch of the admin's client hears it reached the state asked
 * for (Ready, or phase Running); the pods are deleted and gone before the next round.
 */
final class PodRounds implements AutoCloseable {
    static final String LABEL = "bench.j8s.io/round";
    static final String NAMESPACE = "default";

    private final KubernetesClient client;
    private final String nodeName;
    private final String image;
    private final Predicate<Pod> reached;
    private final Map<String, Long> reachedAt = new ConcurrentHashMap<>();
    private final Map<String, Pod> last = new ConcurrentHashMap<>();
    private volatile CountDownLatch pending = new CountDownLatch(0);
    private final Watch watch;
    private int round;

    /**
     * @param reached the state a pod is timed to, {@link #ready} or {@link #running}
     */
    PodRounds(KubernetesClient client, String nodeName, String image, Predicate<Pod> reached) {
        this.client = client;
        this.nodeName = nodeName;
        this.image = image;
        this.reached = reached;
        this.watch = client.pods().inNamespace(NAMESPACE).withLabel(LABEL)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        long now = System.nanoTime();
                        String name = pod.getMetadata().getName();
                        last.put(name, pod);
                        if (action != Action.DELETED && reached.test(pod)
                                && reachedAt.putIfAbsent(name, now) == null) {
                            pending.countDown();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        // A closed watch leaves the round to time out with a clear note.
                    }
                });
    }

    /** The pod's Ready condition is True. */
    static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    /** The pod's phase is Running. */
    static boolean running(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    /**
     * What one round measured: each pod's latency, the time from the first create request to the
     * last pod there, and from the first create request to the last create answered.
     */
    record Round(List<String> names, long[] latencies, long allNanos, long createsNanos) {}

    /**
     * Creates {@code count} pods at once (one thread each), waits until all reached the state or
     * {@code timeout} passed, and returns their latencies.
     *
     * @throws IllegalStateException when a pod did not get there in time, naming its state
     */
    Round run(int count, Duration timeout) throws InterruptedException {
        round++;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("bench-%d-%d", round, i));
        }
        pending = new CountDownLatch(count);
        Map<String, Long> createdAt = new ConcurrentHashMap<>();
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> creates = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            for (String name : names) {
                Pod pod = pod(name);
                creates.add(threads.submit(() -> {
                    go.await();
                    createdAt.put(name, System.nanoTime());
                    client.pods().inNamespace(NAMESPACE).resource(pod).create();
                    answeredAt.put(name, System.nanoTime());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : creates) {
                try {
                    f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException
                        | java.util.concurrent.TimeoutException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    throw new IllegalStateException("creating a pod: " + cause.getMessage(), e);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        if (!pending.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            List<String> late = names.stream().filter(n -> !reachedAt.containsKey(n)).toList();
            throw new IllegalStateException(late.size() + " of " + count + " pods not there after "
                    + timeout.toSeconds() + "s, like " + late.getFirst() + ": "
                    + describe(last.get(late.getFirst())));
        }
        long[] latencies = new long[count];
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long answered = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            String n = names.get(i);
            latencies[i] = reachedAt.get(n) - createdAt.get(n);
            first = Math.min(first, createdAt.get(n));
            end = Math.max(end, reachedAt.get(n));
            answered = Math.max(answered, answeredAt.get(n));
        }
        return new Round(names, latencies, end - first, answered - first);
    }

    /**
     * Opens {@code count} connections of the client to the API server (as many GETs at once), so
     * that no create of a round pays for a TLS handshake.
     */
    void warmConnections(int count) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> gets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                gets.add(threads.submit(() -> {
                    go.await();
                    return client.pods().inNamespace(NAMESPACE).withName("bench-none").get();
                }));
            }
            go.countDown();
            for (Future<?> f : gets) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("GET of a pod: " + e.getCause().getMessage(),
                            e);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Deletes every pod of the benchmark and waits until the API has none left. */
    void deleteAll(Duration timeout) throws InterruptedException {
        client.pods().inNamespace(NAMESPACE).withLabel(LABEL).delete();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!client.pods().inNamespace(NAMESPACE).withLabel(LABEL).list().getItems().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pods still there " + timeout.toSeconds()
                        + "s after they were deleted");
            }
            Thread.sleep(100);
        }
    }

    private Pod pod(String name) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels(LABEL, Integer.toString(round)).endMetadata()
                .withNewSpec().withNodeName(nodeName).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("sleep").withImage(image)
                .withImagePullPolicy("IfNotPresent").withCommand("sleep", "3600").endContainer()
                .endSpec().build();
    }

    private static String describe(Pod pod) {
        if (pod == null) {
            return "never seen by the watch";
        }
        var s = pod.getStatus();
        if (s == null) {
            return "no status";
        }
        StringBuilder d = new StringBuilder("phase " + s.getPhase());
        if (s.getContainerStatuses() != null) {
            s.getContainerStatuses().forEach(c -> {
                if (c.getState() != null && c.getState().getWaiting() != null) {
                    d.append(", ").append(c.getName()).append(" waiting: ")
                            .append(c.getState().getWaiting().getReason()).append(' ')
                            .append(c.getState().getWaiting().getMessage());
                }
            });
        }
        return d.toString();
    }

    @Override
    public void close() {
        watch.close();
    }
}
