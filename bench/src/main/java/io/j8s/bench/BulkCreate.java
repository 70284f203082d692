package io.j8s.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Many objects created through the API from many threads, for {@code j8s bench scheduler}. */
final class BulkCreate {
    static final int CREATORS = 32;

    private BulkCreate() {}

    /** Creates objects 0..count-1 from {@link #CREATORS} threads, each taking every n-th. */
    static void createAll(KubernetesClient client, int count,
            IntFunction<? extends HasMetadata> object) {
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < CREATORS; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += CREATORS) {
                        HasMetadata o = object.apply(i);
                        if (o == null) {
                            continue;
                        } else if (o instanceof Node n) {
                            client.nodes().resource(n).create();
                        } else {
                            client.resource(o).create();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating objects");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("creating objects: " + StoreBench.oneLine(e.getCause()), e);
        } finally {
            pool.shutdownNow();
        }
    }

    static KubernetesClient client(int port, String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
                .withOauthToken(token).withRequestRetryBackoffLimit(0)
                .withMaxConcurrentRequests(64).withMaxConcurrentRequestsPerHost(64).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
