package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** An acknowledged write survives kill -9 of the server, through the API. */
class DurabilityE2E {

    @Test
    void everyAcknowledgedCreateIsThereAfterKillNine() throws Exception {
        RunningServer first = RunningServer.start();
        Path dataDir = first.dataDir();
        int port = first.port();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        try (KubernetesClient client = first.client()) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        String name = "cm-" + next.incrementAndGet();
                        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name)
                                .endMetadata().withData(Map.of("name", name)).build();
                        try {
                            client.configMaps().inNamespace("default").resource(cm).create();
                            acked.add(name);
                        } catch (RuntimeException e) {
                            return; // the server is gone
                        }
                    }
                }));
            }
            while (acked.size() < 200) {
                Thread.sleep(20);
            }
            first.kill9();
            stop.set(true);
            for (Thread w : writers) {
                w.join(30_000);
            }
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(200);
        try (RunningServer second = RunningServer.start(dataDir, port);
                KubernetesClient client = second.client()) {
            Set<String> stored = client.configMaps().inNamespace("default").list().getItems()
                    .stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
            assertThat(stored).containsAll(acked);
        }
    }
}
