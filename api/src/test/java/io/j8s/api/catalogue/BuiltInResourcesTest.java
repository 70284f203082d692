package io.j8s.api.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuiltInResourcesTest {
    private final ResourceCatalogue catalogue = ResourceCatalogue.builtIn();

    /** What {@code kubectl api-resources} prints on upstream 1.33: scope and short names. */
    private record Upstream(String apiVersion, boolean namespaced, List<String> shortNames) {}

    private static final Map<String, Upstream> UPSTREAM = Map.ofEntries(
            Map.entry("pods", new Upstream("v1", true, List.of("po"))),
            Map.entry("services", new Upstream("v1", true, List.of("svc"))),
            Map.entry("endpoints", new Upstream("v1", true, List.of("ep"))),
            Map.entry("namespaces", new Upstream("v1", false, List.of("ns"))),
            Map.entry("nodes", new Upstream("v1", false, List.of("no"))),
            Map.entry("configmaps", new Upstream("v1", true, List.of("cm"))),
            Map.entry("secrets", new Upstream("v1", true, List.of())),
            Map.entry("serviceaccounts", new Upstream("v1", true, List.of("sa"))),
            Map.entry("persistentvolumeclaims", new Upstream("v1", true, List.of("pvc"))),
            Map.entry("persistentvolumes", new Upstream("v1", false, List.of("pv"))),
            Map.entry("limitranges", new Upstream("v1", true, List.of("limits"))),
            Map.entry("resourcequotas", new Upstream("v1", true, List.of("quota"))),
            Map.entry("replicationcontrollers", new Upstream("v1", true, List.of("rc"))),
            Map.entry("podtemplates", new Upstream("v1", true, List.of())),
            Map.entry("deployments", new Upstream("apps/v1", true, List.of("deploy"))),
            Map.entry("replicasets", new Upstream("apps/v1", true, List.of("rs"))),
            Map.entry("statefulsets", new Upstream("apps/v1", true, List.of("sts"))),
            Map.entry("daemonsets", new Upstream("apps/v1", true, List.of("ds"))),
            Map.entry("controllerrevisions", new Upstream("apps/v1", true, List.of())),
            Map.entry("jobs", new Upstream("batch/v1", true, List.of())),
            Map.entry("cronjobs", new Upstream("batch/v1", true, List.of("cj"))),
            Map.entry("ingresses", new Upstream("networking.k8s.io/v1", true, List.of("ing"))),
            Map.entry("ingressclasses", new Upstream("networking.k8s.io/v1", false, List.of())),
            Map.entry("networkpolicies", new Upstream("networking.k8s.io/v1", true, List.of("netpol"))),
            Map.entry("poddisruptionbudgets", new Upstream("policy/v1", true, List.of("pdb"))),
            Map.entry("priorityclasses", new Upstream("scheduling.k8s.io/v1", false, List.of("pc"))),
            Map.entry("storageclasses", new Upstream("storage.k8s.io/v1", false, List.of("sc"))),
            Map.entry("csinodes", new Upstream("storage.k8s.io/v1", false, List.of())),
            Map.entry("csidrivers", new Upstream("storage.k8s.io/v1", false, List.of())),
            Map.entry("volumeattachments", new Upstream("storage.k8s.io/v1", false, List.of())),
            Map.entry("leases", new Upstream("coordination.k8s.io/v1", true, List.of())),
            Map.entry("endpointslices", new Upstream("discovery.k8s.io/v1", true, List.of())),
            Map.entry("roles", new Upstream("rbac.authorization.k8s.io/v1", true, List.of())),
            Map.entry("clusterroles", new Upstream("rbac.authorization.k8s.io/v1", false, List.of())),
            Map.entry("runtimeclasses", new Upstream("node.k8s.io/v1", false, List.of())),
            Map.entry("apiservices", new Upstream("apiregistration.k8s.io/v1", false, List.of())),
            Map.entry("certificatesigningrequests",
                    new Upstream("certificates.k8s.io/v1", false, List.of("csr"))),
            Map.entry("flowschemas", new Upstream("flowcontrol.apiserver.k8s.io/v1", false, List.of())),
            Map.entry("prioritylevelconfigurations",
                    new Upstream("flowcontrol.apiserver.k8s.io/v1", false, List.of())),
            Map.entry("customresourcedefinitions",
                    new Upstream("apiextensions.k8s.io/v1", false, List.of("crd", "crds"))));

    @Test
    void everyEntrysModelClassHasItsKindAndApiVersion() throws Exception {
        for (ResourceType t : catalogue.all()) {
            HasMetadata instance = t.type().getDeclaredConstructor().newInstance();
            assertThat(instance.getKind()).as(t.plural()).isEqualTo(t.kind());
            assertThat(instance.getApiVersion()).as(t.plural()).isEqualTo(t.apiVersion());
            assertThat(HasMetadata.getKind(t.type())).as(t.plural()).isEqualTo(t.kind());
            assertThat(HasMetadata.getApiVersion(t.type())).as(t.plural()).isEqualTo(t.apiVersion());
        }
    }

    @Test
    void noPluralIsServedTwiceInOneGroupVersion() {
        Set<String> seen = new HashSet<>();
        for (ResourceType t : catalogue.all()) {
            assertThat(seen.add(t.apiVersion() + "/" + t.plural())).as(t.plural()).isTrue();
        }
    }

    @Test
    void scopeAndShortNamesMatchUpstream() {
        UPSTREAM.forEach((plural, upstream) -> {
            String[] gv = upstream.apiVersion().contains("/") ? upstream.apiVersion().split("/")
                    : new String[] {"", upstream.apiVersion()};
            ResourceType t = catalogue.find(gv[0], gv[1], plural).orElseThrow(
                    () -> new AssertionError("missing " + upstream.apiVersion() + " " + plural));
            assertThat(t.namespaced()).as(plural).isEqualTo(upstream.namespaced());
            assertThat(t.shortNames()).as(plural).isEqualTo(upstream.shortNames());
        });
    }

    @Test
    void kubectlGetAllListsUpstreamsSet() {
        Set<String> all = catalogue.all().stream().filter(t -> t.categories().contains("all"))
                .map(ResourceType::plural).collect(Collectors.toSet());
        assertThat(all).containsExactlyInAnyOrder("pods", "services", "replicationcontrollers",
                "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs",
                "horizontalpodautoscalers");
    }

    @Test
    void groupsComeInUpstreamOrderWithPreferredVersionsFirst() {
        assertThat(catalogue.groupVersions().keySet()).containsExactly("",
                "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io",
                "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io",
                "networking.k8s.io", "policy", "rbac.authorization.k8s.io", "storage.k8s.io",
                "admissionregistration.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io",
                "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io",
                "flowcontrol.apiserver.k8s.io");
        assertThat(catalogue.groupVersions().get("autoscaling")).containsExactly("v2", "v1");
        assertThat(catalogue.preferredVersion("autoscaling")).contains("v2");
        assertThat(catalogue.preferredVersion("")).contains("v1");
        assertThat(catalogue.preferredVersion("flowcontrol.apiserver.k8s.io")).contains("v1");
        assertThat(catalogue.preferredVersion("resource.k8s.io")).isEmpty();
    }

    @Test
    void onlyMultiVersionResourcesShareAStoragePrefix() {
        Map<String, Set<String>> byPrefix = new HashMap<>();
        for (ResourceType t : catalogue.stored()) {
            byPrefix.computeIfAbsent(t.storagePrefix(), p -> new HashSet<>()).add(t.apiVersion());
        }
        byPrefix.values().removeIf(versions -> versions.size() == 1);
        assertThat(byPrefix).containsOnlyKeys("/registry/events/",
                "/registry/horizontalpodautoscalers/");
        ResourceType pods = catalogue.find("", "v1", "pods").orElseThrow();
        assertThat(pods.key("default", "web")).isEqualTo("/registry/pods/default/web");
        ResourceType nodes = catalogue.find("", "v1", "nodes").orElseThrow();
        assertThat(nodes.key(null, "n1")).isEqualTo("/registry/minions/n1");
    }

    @Test
    void namespacesAloneLackDeleteCollection() {
        assertThat(catalogue.stored()).filteredOn(t -> !t.verbs().contains("deletecollection"))
                .extracting(ResourceType::plural).containsExactly("namespaces");
    }

    @Test
    void bindingsAndReviewsAreCreateOnlyAndNeverStored() {
        assertThat(catalogue.all()).filteredOn(t -> !t.stored()).extracting(ResourceType::plural)
                .containsExactlyInAnyOrder("bindings", "selfsubjectreviews", "tokenreviews",
                        "localsubjectaccessreviews", "selfsubjectaccessreviews",
                        "selfsubjectrulesreviews", "subjectaccessreviews");
        assertThat(catalogue.all()).filteredOn(t -> !t.stored())
                .allSatisfy(t -> assertThat(t.verbs()).containsExactly("create"));
    }

    @Test
    void subresourcesSpeakUpstreamsKinds() {
        ResourceType deployments = catalogue.find("apps", "v1", "deployments").orElseThrow();
        assertThat(deployments.subresource("scale")).contains(new Subresource("scale",
                "autoscaling", "v1", "Scale", List.of("get", "patch", "update")));
        assertThat(deployments.subresource("exec")).isEmpty();
        ResourceType pods = catalogue.find("", "v1", "pods").orElseThrow();
        assertThat(pods.describedSubresources()).extracting(Subresource::name).containsExactly(
                "attach", "binding", "ephemeralcontainers", "eviction", "exec", "log",
                "portforward", "proxy", "resize", "status");
        assertThat(pods.subresource("eviction").orElseThrow().crossesGroupVersion(pods)).isTrue();
        assertThat(pods.subresource("exec").orElseThrow().kind()).isEqualTo("PodExecOptions");
        assertThat(pods.subresource("log").orElseThrow().verbs()).containsExactly("get");
        ResourceType sa = catalogue.find("", "v1", "serviceaccounts").orElseThrow();
        assertThat(sa.subresource("token").orElseThrow().group()).isEqualTo("authentication.k8s.io");
    }

    @Test
    void singularIsTheLowerCasedKind() {
        assertThat(catalogue.find("", "v1", "endpoints").orElseThrow().singular())
                .isEqualTo("endpoints");
        assertThat(catalogue.find("networking.k8s.io", "v1", "networkpolicies").orElseThrow()
                .singular()).isEqualTo("networkpolicy");
    }
}
