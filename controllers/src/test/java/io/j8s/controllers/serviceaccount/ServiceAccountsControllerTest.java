package io.j8s.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default ServiceAccount and kube-root-ca.crt in every namespace, against a real API server. */
class ServiceAccountsControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBtest\n"
            + "-----END CERTIFICATE-----\n";

    @Test
    void aNewNamespaceGetsTheDefaultAccountAndTheRootCaBackAfterTheyAreDeletedOrChanged()
            throws Exception {
        Path ca = Files.writeString(cluster.dir().resolve("ca.crt"), PEM);
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                ControllerManager manager = ControllerManager.builder().client(cm)
                        .allocateNodeCidrs(false).rootCaFile(ca)
                        .controllers(Set.of("serviceaccount", "root-ca-cert-publisher"))
                        .start()) {
            KubernetesClient admin = cluster.admin();
            assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> admin.serviceAccounts()
                    .inNamespace("kube-system").withName("default").get(), a -> a != null))
                    .isNotNull();
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName("fresh").endMetadata().build()).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.serviceAccounts()
                    .inNamespace("fresh").withName("default").get() != null);
            ConfigMap root = await().atMost(Duration.ofSeconds(20)).until(() -> admin
                    .configMaps().inNamespace("fresh").withName("kube-root-ca.crt").get(),
                    c -> c != null);
            assertThat(root.getData()).isEqualTo(Map.of("ca.crt", PEM));
            assertThat(root.getMetadata().getAnnotations()).containsKey(
                    "kubernetes.io/description");

            String before = admin.serviceAccounts().inNamespace("fresh").withName("default")
                    .get().getMetadata().getUid();
            admin.serviceAccounts().inNamespace("fresh").withName("default").delete();
            admin.configMaps().inNamespace("fresh").withName("kube-root-ca.crt").edit(c -> {
                c.setData(Map.of("ca.crt", "tampered"));
                return c;
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var sa = admin.serviceAccounts().inNamespace("fresh").withName("default").get();
                return sa != null && !sa.getMetadata().getUid().equals(before);
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> PEM.equals(admin.configMaps()
                    .inNamespace("fresh").withName("kube-root-ca.crt").get().getData()
                    .get("ca.crt")));

            // A pod in the new namespace is admitted and runs as the default account.
            var pod = admin.pods().inNamespace("fresh").resource(
                    new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                            .withName("p").endMetadata().withNewSpec().addNewContainer()
                            .withName("c").withImage("busybox").endContainer().endSpec()
                            .build()).create();
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
        }
    }
}
