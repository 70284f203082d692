package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fabric8 client and the official Python client against a running server. */
class ClientLibrariesE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        client = server.client();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void anInformerListsThenWatchesEveryChange() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("informed")
                .endMetadata().build()).create();
        client.configMaps().inNamespace("informed").resource(configMap("before", "1")).create();
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("informed")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap cm) {
                        seen.add("add " + cm.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(ConfigMap old, ConfigMap cm) {
                        seen.add("update " + cm.getMetadata().getName() + " "
                                + cm.getData().get("v"));
                    }

                    @Override
                    public void onDelete(ConfigMap cm, boolean unknownFinalState) {
                        seen.add("delete " + cm.getMetadata().getName());
                    }
                }, 0);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("add before"));
            client.configMaps().inNamespace("informed").resource(configMap("after", "1")).create();
            client.configMaps().inNamespace("informed").withName("before")
                    .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("v", "2")).build());
            client.configMaps().inNamespace("informed").withName("after").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("delete after"));
            assertThat(seen).containsSubsequence("add before", "add after", "update before 2",
                    "delete after");
            assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName())
                    .filteredOn(n -> !n.equals("kube-root-ca.crt")).containsExactly("before");
        } finally {
            informer.close();
        }
    }

    @Test
    void theOfficialPythonClientListsNamespaces() throws Exception {
        PythonKubernetes.ensureInstalled();
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import kubernetes as k; k.config.load_kube_config(config_file='"
                        + server.kubeconfig() + "'); v1 = k.client.CoreV1Api();"
                        + " print(sorted(n.metadata.name for n in v1.list_namespace().items));"
                        + " cm = k.client.V1ConfigMap(metadata=k.client.V1ObjectMeta(name='py'),"
                        + " data={'a': 'b'}); v1.create_namespaced_config_map('default', cm);"
                        + " print(v1.read_namespaced_config_map('py', 'default').data)")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("'default'").contains("'kube-system'").contains("{'a': 'b'}");
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(Map.of("v", value)).build();
    }
}
