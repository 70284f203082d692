package io.j8s.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.TestCluster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deleting a namespace against a real API server, with and without the namespace controller. */
class NamespaceControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    /** Twenty kinds of namespaced objects, two of them held by a finalizer of their own. */
    private static final String CONTENT = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: plain}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: held, finalizers: [example.com/hold]}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s}
            stringData: {a: b}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: svc}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: [{name: c, image: busybox}]}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: sa}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: ep}
            ---
            apiVersion: v1
            kind: LimitRange
            metadata: {name: lr}
            spec: {limits: [{type: Container, default: {cpu: 100m}}]}
            ---
            apiVersion: v1
            kind: ResourceQuota
            metadata: {name: rq}
            spec: {hard: {pods: "100"}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: pvc, finalizers: [example.com/hold]}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            ---
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: rc}
            spec: {replicas: 0, selector: {a: rc}, template: {metadata: {labels: {a: rc}}, spec: {containers: [{name: c, image: busybox}]}}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec: {replicas: 0, selector: {matchLabels: {a: d}}, template: {metadata: {labels: {a: d}}, spec: {containers: [{name: c, image: busybox}]}}}
            ---
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: r}
            spec: {replicas: 0, selector: {matchLabels: {a: r}}, template: {metadata: {labels: {a: r}}, spec: {containers: [{name: c, image: busybox}]}}}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: st}
            spec: {replicas: 0, serviceName: svc, selector: {matchLabels: {a: st}}, template: {metadata: {labels: {a: st}}, spec: {containers: [{name: c, image: busybox}]}}}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: ds}
            spec: {selector: {matchLabels: {a: ds}}, template: {metadata: {labels: {a: ds}}, spec: {containers: [{name: c, image: busybox}]}}}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: cj}
            spec: {schedule: "*/5 * * * *", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}}}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: role}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: rb}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role}
            subjects: [{kind: ServiceAccount, name: sa}]
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: pdb}
            spec: {minAvailable: 1, selector: {matchLabels: {a: d}}}
            ---
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata: {name: lease}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: np}
            spec: {podSelector: {}}
            """;

    private static List<HasMetadata> fill(String ns) {
        return cluster.admin().load(new ByteArrayInputStream(CONTENT.getBytes(
                StandardCharsets.UTF_8))).inNamespace(ns).create();
    }

    private static Namespace namespace(String name) {
        return cluster.admin().namespaces().withName(name).get();
    }

    private static ControllerManager controllerManager(KubernetesClient client) {
        return ControllerManager.builder().client(client).allocateNodeCidrs(false)
                .controllers(Set.of("namespace")).start();
    }

    @Test
    void aDeletedNamespaceIsEmptiedOfEveryKindWaitingForFinalizersThenRemoved() {
        cluster.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("full").endMetadata().build()).create();
        List<HasMetadata> created = fill("full");
        assertThat(created.stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
                .hasSize(20);

        cluster.admin().namespaces().withName("full").delete();
        // Without a namespace controller nothing empties it: upstream's API server only marks it.
        assertThat(namespace("full").getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(cluster.admin().configMaps().inNamespace("full").withName("plain").get())
                .isNotNull();

        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                ControllerManager manager = controllerManager(cm)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> condition("full",
                    NamespaceConditions.FINALIZERS_REMAINING) != null
                    && "True".equals(condition("full",
                            NamespaceConditions.FINALIZERS_REMAINING).getStatus()));
            assertThat(condition("full", NamespaceConditions.FINALIZERS_REMAINING).getMessage())
                    .isEqualTo("Some content in the namespace has finalizers remaining:"
                            + " example.com/hold in 2 resource instances");
            NamespaceCondition remaining = condition("full",
                    NamespaceConditions.CONTENT_REMAINING);
            assertThat(remaining.getReason()).isEqualTo("SomeResourcesRemain");
            assertThat(remaining.getMessage()).isEqualTo("Some resources are remaining:"
                    + " configmaps. has 1 resource instances,"
                    + " persistentvolumeclaims. has 1 resource instances");
            assertThat(condition("full", NamespaceConditions.DISCOVERY_FAILURE).getReason())
                    .isEqualTo("ResourcesDiscovered");
            assertThat(cluster.admin().secrets().inNamespace("full").list().getItems()).isEmpty();
            assertThat(cluster.admin().apps().deployments().inNamespace("full").list()
                    .getItems()).isEmpty();
            assertThat(namespace("full").getSpec().getFinalizers()).containsExactly("kubernetes");

            for (String path : List.of("configmaps/held", "persistentvolumeclaims/pvc")) {
                String[] p = path.split("/");
                cluster.admin().genericKubernetesResources("v1",
                        p[0].equals("configmaps") ? "ConfigMap" : "PersistentVolumeClaim")
                        .inNamespace("full").withName(p[1]).patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"finalizers\":null}}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> namespace("full") == null);
            assertThat(cluster.admin().configMaps().inNamespace("full").list().getItems())
                    .isEmpty();
            assertThat(cluster.admin().pods().inNamespace("full").list().getItems()).isEmpty();
        }
    }

    @Test
    void aSecondDeleteOfATerminatingNamespaceIsAConflictAndANamespaceCanBeMadeAgain() {
        cluster.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("again").endMetadata().build()).create();
        cluster.admin().namespaces().withName("again").delete();
        var second = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> cluster.admin().namespaces().withName("again").delete());
        assertThat(second.getCode()).isEqualTo(409);
        assertThat(second.getMessage()).contains("The system is ensuring all content is removed"
                + " from this namespace.");
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                ControllerManager manager = controllerManager(cm)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> namespace("again") == null);
            cluster.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName("again").endMetadata().build()).create();
            assertThat(namespace("again").getStatus().getPhase()).isEqualTo("Active");
        }
    }

    private static NamespaceCondition condition(String ns, String type) {
        Namespace n = namespace(ns);
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return null;
        }
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .findFirst().orElse(null);
    }
}
