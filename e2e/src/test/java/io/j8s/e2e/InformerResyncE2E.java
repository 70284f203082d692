package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.impl.cache.Reflector;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fabric8 informer whose resourceVersion falls out of the server's history: its watch ends,
 * fabric8 watches again from the resourceVersion it last saw, that is compacted away
 * (--etcd-compaction-interval) and beyond the watch cache's window, the server answers 410
 * Expired, and the informer lists again and carries on with a correct cache. Watches that send
 * no timeoutSeconds are ended by the server (--min-request-timeout), over WebSocket and streamed.
 *
 * <p>Bookmarks would keep the informer's resourceVersion fresh and hide this path; the server only
 * sends one after a few seconds without any change to the resource, so the test keeps pods
 * changing (none matching the informer's selector) until the relist has happened.
 */
class InformerResyncE2E {
    private static final String NS = "resync";
    private static final int WATCH_CACHE_WINDOW = 4096;

    private static RunningServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start("--etcd-compaction-interval", "1s",
                "--min-request-timeout", "2");
        client = server.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                .endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anInformerRelistsAfter410AndItsCacheStaysExact() throws Exception {
        create(pod("kept-0", "kept"));
        create(pod("kept-1", "kept"));
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = client.pods().inNamespace(NS)
                .withLabel("app", "kept").runnableInformer(0);
        shortenWatchTimeout(informer, 3);
        informer.addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod p) {
                        seen.add("add " + p.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(Pod old, Pod p) {
                    }

                    @Override
                    public void onDelete(Pod p, boolean unknownFinalState) {
                        seen.add("delete " + p.getMetadata().getName());
                    }
                });
        informer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
            assertThat(seen).containsExactlyInAnyOrder("add kept-0", "add kept-1");
            long synced = Long.parseLong(informer.lastSyncResourceVersion());
            double lists = requests("pods", "LIST");
            double watches = requests("pods", "WATCH");
            // The server ends the informer's watch after 2 to 4 s; fabric8 watches again.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> requests("pods", "WATCH") >= watches + 2);
            assertThat(requests("pods", "LIST")).as("no relist while the history still holds the"
                    + " informer's resourceVersion").isEqualTo(lists);

            // Changes the informer does not see, until its resourceVersion is older than both
            // the watch cache's window and the store's compacted history.
            AtomicBoolean relisted = new AtomicBoolean();
            AtomicInteger writes = new AtomicInteger();
            int churners = 4;
            for (int i = 0; i < churners; i++) {
                create(pod("churn-" + i, "other"));
            }
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < churners; i++) {
                String name = "churn-" + i;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!relisted.get() && writes.get() < 40_000) {
                        int n = writes.incrementAndGet();
                        client.pods().inNamespace(NS).withName(name).patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"n\":\"" + n + "\"}}}");
                    }
                }));
            }
            try {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .until(() -> requests("pods", "LIST") > lists);
            } finally {
                relisted.set(true);
                for (Thread t : threads) {
                    t.join();
                }
            }
            assertThat(writes.get()).isGreaterThan(WATCH_CACHE_WINDOW);
            assertThat(Long.parseLong(informer.lastSyncResourceVersion()))
                    .as("the relist moved the informer past the churn")
                    .isGreaterThan(synced + WATCH_CACHE_WINDOW);

            // What fabric8 met when it watched again from where it had synced:
            var tooOld = server.kubectl("1.33").run("get", "--raw", "/api/v1/namespaces/" + NS
                    + "/pods?watch=true&labelSelector=app%3Dkept&resourceVersion=" + synced);
            assertThat(tooOld.out()).as(tooOld.toString()).contains("\"type\":\"ERROR\"")
                    .contains("\"code\":410").contains("\"reason\":\"Expired\"");

            // The cache holds exactly what the server holds, and new changes still arrive.
            assertThat(names(informer)).isEqualTo(serverState());
            create(pod("kept-2", "kept"));
            client.pods().inNamespace(NS).withName("kept-0").withGracePeriod(0).delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("add kept-2")
                    && seen.contains("delete kept-0"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> names(informer).equals(serverState()));
            assertThat(names(informer).keySet()).containsExactly("kept-1", "kept-2");
        } finally {
            informer.close();
        }
    }

    @Test
    void aWebSocketWatchWithoutTimeoutIsEndedByTheServerAndFabric8WatchesAgain() {
        double before = requests("configmaps", "WATCH");
        // fabric8's plain watch sends no timeoutSeconds and reconnects when the server ends it.
        try (var watch = client.configMaps().inNamespace("default").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> requests("configmaps", "WATCH") >= before + 3);
        }
    }

    @Test
    void aStreamedWatchWithoutTimeoutIsEndedByTheServer() {
        // kubectl get --raw reads until the server ends the response: 2 to 4 s here.
        var r = server.kubectl("1.33").run("get", "--raw",
                "/api/v1/namespaces/default/configmaps?watch=true");
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    /**
     * fabric8's informers send {@code timeoutSeconds} (10 minutes) and end their own watch after a
     * random 5 to 10 minutes, so the server's --min-request-timeout never applies to them: shorten
     * that client-side minimum, which fabric8 keeps on the informer's Reflector and does not
     * expose, so the informer watches again from its old resourceVersion within seconds.
     */
    private static void shortenWatchTimeout(SharedIndexInformer<Pod> informer, long seconds)
            throws ReflectiveOperationException {
        Field f = informer.getClass().getDeclaredField("reflector");
        f.setAccessible(true);
        ((Reflector<?, ?>) f.get(informer)).setMinTimeout(seconds);
    }

    private static Map<String, String> names(SharedIndexInformer<Pod> informer) {
        return informer.getStore().list().stream().collect(Collectors.toMap(
                p -> p.getMetadata().getName(), p -> p.getMetadata().getResourceVersion(),
                (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> serverState() {
        return client.pods().inNamespace(NS).withLabel("app", "kept").list().getItems().stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(),
                        p -> p.getMetadata().getResourceVersion(), (a, b) -> a, TreeMap::new));
    }

    /**
     * apiserver_request_total for one resource and verb in a namespace, summed over the response
     * codes.
     */
    private static double requests(String resource, String verb) {
        String metrics = client.raw("/metrics");
        double sum = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("apiserver_request_total{")
                    && line.contains("resource=\"" + resource + "\"")
                    && line.contains("verb=\"" + verb + "\"")
                    // the test's informer's, not the controller manager's cluster-wide ones
                    && line.contains("scope=\"namespace\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static void create(Pod pod) {
        client.pods().inNamespace(NS).resource(pod).create();
    }

    private static Pod pod(String name, String app) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", app)
                .endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("busybox:1").endContainer().endSpec().build();
    }
}
