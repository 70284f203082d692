package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.TableFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cells of the networking, node, config, storage, event and access printers. */
class ClusterCellsTest {
    private final PrinterRegistry printers = new PrinterRegistry();

    private List<Object> cells(HasMetadata o) {
        return printers.forType(o.getClass()).cells(o, NOW);
    }

    @Test
    void cordonedControlPlaneNode() {
        var node = new NodeBuilder().withNewMetadata().withName("node-1")
                .withCreationTimestamp("2025-05-25T12:00:00Z")
                .withLabels(Map.of("node-role.kubernetes.io/control-plane", "",
                        "kubernetes.io/role", "worker", "node-role.kubernetes.io/", "x"))
                .endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("192.168.1.10").endAddress()
                .withNewNodeInfo().withKubeletVersion("v1.33.0").withOsImage("Debian GNU/Linux 12")
                .endNodeInfo().endStatus().build();
        assertThat(cells(node)).containsExactly("node-1", "Ready,SchedulingDisabled",
                "control-plane,worker", "7d", "v1.33.0", "192.168.1.10", "<none>",
                "Debian GNU/Linux 12", "<unknown>", "<unknown>");
        var fresh = new NodeBuilder().withNewMetadata().withName("node-2").endMetadata().build();
        assertThat(cells(fresh).subList(0, 3)).containsExactly("node-2", "Unknown", "<none>");
    }

    @Test
    void serviceOfEveryType() {
        var nodePort = new ServiceBuilder().withNewMetadata().withName("np").endMetadata()
                .withNewSpec().withType("NodePort").withClusterIPs("10.43.0.9")
                .withExternalIPs("1.2.3.4").addNewPort().withPort(80).withNodePort(31000)
                .withProtocol("TCP").endPort().endSpec().build();
        assertThat(cells(nodePort).subList(1, 5)).containsExactly("NodePort", "10.43.0.9", "1.2.3.4",
                "80:31000/TCP");
        var lb = new ServiceBuilder().withNewMetadata().withName("lb").endMetadata()
                .withNewSpec().withType("LoadBalancer").withExternalIPs("9.9.9.9").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withHostname("lb.example.com")
                .endIngress().addNewIngress().withIp("5.6.7.8").endIngress().endLoadBalancer()
                .endStatus().build();
        assertThat(cells(lb).subList(1, 5)).containsExactly("LoadBalancer", "<none>",
                "5.6.7.8,lb.example.com,9.9.9.9", "<none>");
        var external = new ServiceBuilder().withNewMetadata().withName("ext").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("db.example.com").endSpec().build();
        assertThat(cells(external).subList(1, 4)).containsExactly("ExternalName", "<none>",
                "db.example.com");
    }

    @Test
    void endpointsAndSlicesShowTheFirstThreeAddresses() {
        var ep = new EndpointsBuilder().withNewMetadata().withName("web").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.42.0.5").endAddress()
                .addNewAddress().withIp("10.42.0.6").endAddress()
                .addNewPort().withPort(80).endPort().addNewPort().withPort(443).endPort().endSubset()
                .build();
        assertThat(cells(ep).get(1)).isEqualTo("10.42.0.5:80,10.42.0.6:80,10.42.0.5:443 + 1 more...");
        var none = new EndpointsBuilder().withNewMetadata().withName("none").endMetadata().build();
        assertThat(cells(none).get(1)).isEqualTo("<none>");

        var slice = new EndpointSliceBuilder().withNewMetadata().withName("web-abc").endMetadata()
                .withAddressType("IPv4").addNewPort().withPort(80).endPort().addNewPort().withName("dns")
                .endPort().addNewEndpoint().withAddresses("10.42.0.5").endEndpoint().build();
        assertThat(cells(slice).subList(1, 4)).containsExactly("IPv4", "80,dns", "10.42.0.5");
        var empty = new EndpointSliceBuilder().withNewMetadata().withName("e").endMetadata()
                .withAddressType("IPv6").build();
        assertThat(cells(empty).subList(1, 4)).containsExactly("IPv6", "<unset>", "<unset>");
    }

    @Test
    void ingressShowsClassHostsAddressAndPorts() {
        var ing = new IngressBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .addNewRule().withHost("a.example.com").endRule().addNewRule().endRule()
                .addNewRule().withHost("b.example.com").endRule().addNewRule().withHost("c.example.com")
                .endRule().addNewRule().withHost("d.example.com").endRule()
                .addNewTl().withHosts("a.example.com").endTl().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.0.0.7").endIngress()
                .endLoadBalancer().endStatus().build();
        assertThat(cells(ing).subList(1, 5)).containsExactly("nginx",
                "a.example.com,b.example.com,c.example.com + 2 more...", "10.0.0.7", "80, 443");
        var bare = new IngressBuilder().withNewMetadata().withName("bare").endMetadata().build();
        assertThat(cells(bare).subList(1, 5)).containsExactly("<none>", "*", "", "80");
    }

    @Test
    void resourceQuotaSplitsRequestsFromLimits() {
        var quota = new ResourceQuotaBuilder().withNewMetadata().withName("team").endMetadata()
                .withNewStatus().withHard(Map.of("pods", new Quantity("10"), "requests.cpu",
                        new Quantity("2"), "limits.memory", new Quantity("2Gi")))
                .withUsed(Map.of("pods", new Quantity("3"), "requests.cpu", new Quantity("500m")))
                .endStatus().build();
        assertThat(cells(quota).subList(0, 3)).containsExactly("team",
                "pods: 3/10, requests.cpu: 500m/2", "limits.memory: 0/2Gi");
    }

    @Test
    void volumesAndClaims() {
        var pv = new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("10Gi")))
                .withAccessModes("ReadWriteMany", "ReadWriteOnce").withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName("local").withVolumeMode("Filesystem")
                .withNewClaimRef().withNamespace("default").withName("data").endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();
        assertThat(cells(pv)).containsExactly("pv-1", "10Gi", "RWO,RWX", "Retain", "Bound",
                "default/data", "local", "<unset>", "", "<unknown>", "Filesystem");
        var pending = new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                .withAnnotations(Map.of("volume.beta.kubernetes.io/storage-class", "old")).endMetadata()
                .withNewSpec().withStorageClassName("standard").endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
        assertThat(cells(pending)).containsExactly("data", "Pending", "", "", "", "old", "<unset>",
                "<unknown>", "<unset>");
    }

    @Test
    void defaultStorageClassIsMarked() {
        var sc = new StorageClassBuilder().withNewMetadata().withName("local-path")
                .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true")).endMetadata()
                .withProvisioner("rancher.io/local-path").withVolumeBindingMode("WaitForFirstConsumer")
                .build();
        assertThat(cells(sc)).containsExactly("local-path (default)", "rancher.io/local-path", "Delete",
                "WaitForFirstConsumer", false, "<unknown>");
        var csi = new CSIDriverBuilder().withNewMetadata().withName("csi.example.com").endMetadata()
                .withNewSpec().endSpec().build();
        assertThat(cells(csi)).containsExactly("csi.example.com", true, false, false, "<unset>", false,
                "<none>", "<unknown>");
    }

    @Test
    void roleBindingListsSubjectsByKind() {
        var rb = new RoleBindingBuilder().withNewMetadata().withName("view").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName("view").endRoleRef()
                .addNewSubject().withKind("User").withName("alice").endSubject()
                .addNewSubject().withKind("User").withName("bob").endSubject()
                .addNewSubject().withKind("Group").withName("devs").endSubject()
                .addNewSubject().withKind("ServiceAccount").withNamespace("ci").withName("runner")
                .endSubject().build();
        assertThat(cells(rb)).containsExactly("view", "ClusterRole/view", "<unknown>", "alice, bob",
                "devs", "ci/runner");
    }

    @Test
    void eventsPrintAlikeInBothVersions() {
        var core = new EventBuilder().withNewMetadata().withName("web.17f").endMetadata()
                .withType("Warning").withReason("BackOff").withMessage("  Back-off restarting  \n")
                .withInvolvedObject(new ObjectReferenceBuilder().withKind("Pod").withName("web")
                        .withFieldPath("spec.containers{nginx}").build())
                .withNewSource().withComponent("kubelet").withHost("node-1").endSource()
                .withFirstTimestamp("2025-06-01T11:00:00Z").withLastTimestamp("2025-06-01T11:58:00Z")
                .withCount(7).build();
        List<Object> expected = List.of("2m", "Warning", "BackOff", "pod/web", "spec.containers{nginx}",
                "kubelet, node-1", "Back-off restarting", "60m", 7L, "web.17f");
        assertThat(cells(core)).containsExactlyElementsOf(expected);

        var v1 = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata()
                .withName("web.17f").endMetadata().withType("Warning").withReason("BackOff")
                .withNote("  Back-off restarting  \n")
                .withRegarding(new ObjectReferenceBuilder().withKind("Pod").withName("web")
                        .withFieldPath("spec.containers{nginx}").build())
                .withDeprecatedSource(new EventSourceBuilder().withComponent("kubelet").withHost("node-1").build())
                .withDeprecatedFirstTimestamp("2025-06-01T11:00:00Z")
                .withDeprecatedLastTimestamp("2025-06-01T11:58:00Z").withDeprecatedCount(7).build();
        assertThat(cells(v1)).containsExactlyElementsOf(expected);
    }

    @Test
    void newStyleEventUsesEventTimeSeriesAndReportingController() {
        var ev = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata()
                .withName("e").endMetadata().withType("Normal").withReason("Scheduled")
                .withEventTime(new MicroTime("2025-06-01T11:50:00.000000Z"))
                .withReportingController("default-scheduler").withReportingInstance("sched-1")
                .withNewRegarding().withKind("Pod").endRegarding()
                .withNewSeries().withCount(4).withLastObservedTime(new MicroTime("2025-06-01T11:59:00.000000Z"))
                .endSeries().build();
        assertThat(cells(ev)).containsExactly("60s", "Normal", "Scheduled", "pod", "",
                "default-scheduler, sched-1", "", "10m", 4L, "e");
        var single = new EventBuilder().withNewMetadata().withName("s").endMetadata()
                .withEventTime(new MicroTime("2025-06-01T11:59:30.000000Z")).build();
        assertThat(cells(single).get(0)).isEqualTo("30s");
        assertThat(cells(single).get(8)).isEqualTo(1L);
    }
}
