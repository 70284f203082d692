package io.j8s.scheduler.plugins.defaultbinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DefaultBinder against a real API server, as the scheduler's own identity. */
class DefaultBinderTest {
    private static Path dir;
    private static Store store;
    private static ApiServer server;
    private static KubernetesClient scheduler;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-DefaultBinderTest");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "scheduler-token,system:kube-scheduler,1\n");
        store = Store.builder().dataDir(dir.resolve("data")).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .authenticator(Authenticator.tokenFile(tokens)).start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.port())
                .withOauthToken("scheduler-token").withRequestRetryBackoffLimit(0).build();
        scheduler = new KubernetesClientBuilder().withConfig(config).build();
        scheduler.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        if (dir != null) {
            Directories.deleteRecursively(dir);
        }
    }

    static Pod createPod(String name) {
        return scheduler.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build()).create();
    }

    @Test
    void bindsThePodWithTheDecisionAnnotations() {
        Pod pod = createPod("bound");
        CycleState state = new CycleState();
        state.bindingAnnotations().put("scheduling.j8s.io/decision", "{\"evaluated\":1}");
        DefaultBinder binder = new DefaultBinder(null, PluginFixtures.handle(List.of(), scheduler));
        Status s = binder.bind(state, pod, "n1");
        assertTrue(s.isSuccess(), s.toString());
        Pod bound = scheduler.pods().inNamespace("default").withName("bound").get();
        assertEquals("n1", bound.getSpec().getNodeName());
        assertEquals("{\"evaluated\":1}", bound.getMetadata().getAnnotations().get("scheduling.j8s.io/decision"));
        assertTrue(bound.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("PodScheduled") && c.getStatus().equals("True")));
    }

    @Test
    void aSecondBindingIsAnErrorNamingTheNode() {
        Pod pod = createPod("twice");
        DefaultBinder binder = new DefaultBinder(null, PluginFixtures.handle(List.of(), scheduler));
        assertTrue(binder.bind(new CycleState(), pod, "n1").isSuccess());
        Status again = binder.bind(new CycleState(), pod, "n2");
        assertEquals(Status.Code.ERROR, again.code());
        assertTrue(again.message().contains("is already assigned to node \"n1\""), again.message());
    }

    @Test
    void aReplacedPodWithTheSameNameIsNotBound() {
        Pod old = createPod("replaced");
        scheduler.pods().inNamespace("default").withName("replaced").withGracePeriod(0).delete();
        // an unbound pod is deleted at once, without a grace period
        createPod("replaced");
        Status s = new DefaultBinder(null, PluginFixtures.handle(List.of(), scheduler)).bind(new CycleState(), old, "n1");
        assertEquals(Status.Code.ERROR, s.code());
        assertTrue(s.message().contains("Precondition failed: UID in precondition"), s.message());
    }
}
