package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.j8s.testkit.Kubectl.ok;

import io.j8s.testkit.Kubectl;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in resource a user meets, one minimal valid manifest each, through what kubectl
 * does most: {@code apply -f} (twice: the second is unchanged), {@code get kind/name} (the
 * server's Table), {@code get -o yaml}, {@code get} of the list, {@code apply --server-side}
 * and {@code delete}. kubectl 1.33 runs all of
 * them, and so does the installed kubectl with the kubeconfig the server wrote; 1.27 and 1.30 a
 * few of the different kinds (core, workload, cluster-scoped, custom).
 */
class ResourceSweepE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    /**
     * One resource: how kubectl names it ({@code plural} or {@code plural.version.group}), whether
     * it lives in a namespace, and the body of its manifest below {@code metadata.name}.
     */
    record Case(String resource, String apiVersion, String kind, boolean namespaced, String body) {
        String manifest(String name) {
            return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: " + name
                    + "\n" + body;
        }

        @Override
        public String toString() {
            return resource;
        }
    }

    private static final String CONTAINERS =
            "    containers:\n    - name: c\n      image: busybox:1\n";
    private static final String POD_TEMPLATE =
            "  template:\n    metadata:\n      labels: {app: sweep}\n"
            + "    spec:\n      containers:\n      - name: c\n        image: busybox:1\n";
    private static final String SELECTOR = "  selector:\n    matchLabels: {app: sweep}\n";

    static List<Case> cases() {
        return List.of(
                new Case("namespaces", "v1", "Namespace", false, ""),
                new Case("pods", "v1", "Pod", true,
                        "spec:\n  containers:\n  - name: c\n    image: busybox:1\n"),
                new Case("services", "v1", "Service", true,
                        "spec:\n  selector: {app: sweep}\n  ports:\n  - port: 80\n"),
                new Case("endpoints", "v1", "Endpoints", true, "subsets:\n- addresses:\n"
                        + "  - ip: 10.0.0.1\n  ports:\n  - port: 80\n"),
                new Case("nodes", "v1", "Node", false, "spec: {}\n"),
                new Case("configmaps", "v1", "ConfigMap", true, "data:\n  a: b\n"),
                // data, not stringData: the server folds stringData into data and never stores
                // it, so a second apply of stringData is "configured", as upstream
                new Case("secrets", "v1", "Secret", true, "type: Opaque\ndata:\n  a: Yg==\n"),
                new Case("serviceaccounts", "v1", "ServiceAccount", true, ""),
                new Case("events", "v1", "Event", true, "involvedObject:\n  kind: Pod\n"
                        + "  name: web\n  apiVersion: v1\nreason: Tested\nmessage: hello\n"
                        + "type: Normal\n"),
                new Case("persistentvolumes", "v1", "PersistentVolume", false, "spec:\n"
                        + "  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n"
                        + "  hostPath: {path: /tmp/sweep}\n"),
                new Case("persistentvolumeclaims", "v1", "PersistentVolumeClaim", true, "spec:\n"
                        + "  accessModes: [ReadWriteOnce]\n"
                        + "  resources:\n    requests: {storage: 1Gi}\n"),
                // defaultRequest spelled out: the server defaults it after the merge, so in this
                // atomic list an apply without it changes the list and conflicts with the
                // client-side apply's ownership, as upstream (structured-merge-diff) does.
                new Case("limitranges", "v1", "LimitRange", true, "spec:\n  limits:\n"
                        + "  - type: Container\n    default: {cpu: 100m}\n"
                        + "    defaultRequest: {cpu: 100m}\n"),
                new Case("resourcequotas", "v1", "ResourceQuota", true,
                        "spec:\n  hard: {pods: \"100\"}\n"),
                new Case("replicationcontrollers", "v1", "ReplicationController", true,
                        "spec:\n  replicas: 1\n  selector: {app: sweep}\n" + POD_TEMPLATE),
                new Case("podtemplates", "v1", "PodTemplate", true, "template:\n"
                        + "  metadata:\n    labels: {app: sweep}\n  spec:\n" + CONTAINERS),
                new Case("deployments.v1.apps", "apps/v1", "Deployment", true,
                        "spec:\n" + SELECTOR + POD_TEMPLATE),
                new Case("replicasets.v1.apps", "apps/v1", "ReplicaSet", true,
                        "spec:\n" + SELECTOR + POD_TEMPLATE),
                new Case("statefulsets.v1.apps", "apps/v1", "StatefulSet", true,
                        "spec:\n  serviceName: sweep\n" + SELECTOR + POD_TEMPLATE),
                new Case("daemonsets.v1.apps", "apps/v1", "DaemonSet", true,
                        "spec:\n" + SELECTOR + POD_TEMPLATE),
                new Case("controllerrevisions.v1.apps", "apps/v1", "ControllerRevision", true,
                        "revision: 1\ndata: {}\n"),
                new Case("jobs.v1.batch", "batch/v1", "Job", true, "spec:\n  template:\n"
                        + "    spec:\n      restartPolicy: Never\n      containers:\n"
                        + "      - name: c\n        image: busybox:1\n"),
                new Case("cronjobs.v1.batch", "batch/v1", "CronJob", true, "spec:\n"
                        + "  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n"
                        + "      template:\n        spec:\n          restartPolicy: Never\n"
                        + "          containers:\n          - name: c\n"
                        + "            image: busybox:1\n"),
                new Case("horizontalpodautoscalers.v1.autoscaling", "autoscaling/v1",
                        "HorizontalPodAutoscaler", true, "spec:\n  scaleTargetRef:\n"
                        + "    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n"
                        + "  maxReplicas: 3\n"),
                new Case("horizontalpodautoscalers.v2.autoscaling", "autoscaling/v2",
                        "HorizontalPodAutoscaler", true, "spec:\n  scaleTargetRef:\n"
                        + "    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n"
                        + "  minReplicas: 1\n  maxReplicas: 3\n"),
                new Case("leases.v1.coordination.k8s.io", "coordination.k8s.io/v1", "Lease", true,
                        "spec:\n  holderIdentity: sweeper\n  leaseDurationSeconds: 15\n"),
                new Case("endpointslices.v1.discovery.k8s.io", "discovery.k8s.io/v1",
                        // conditions: the empty struct upstream writes back; endpoints is an
                        // atomic list, so without it every apply would be "configured"
                        "EndpointSlice", true, "addressType: IPv4\nendpoints:\n"
                        + "- addresses: [10.0.0.1]\n  conditions: {}\nports:\n- port: 80\n"
                        + "  protocol: TCP\n"),
                new Case("events.v1.events.k8s.io", "events.k8s.io/v1", "Event", true,
                        "eventTime: \"2024-01-01T00:00:00.000000Z\"\nreportingController:"
                        + " example.com/sweeper\nreportingInstance: sweeper-1\naction: Test\n"
                        + "reason: Tested\ntype: Normal\nnote: hello\nregarding:\n  kind: Pod\n"
                        + "  name: web\n  apiVersion: v1\n"),
                new Case("networkpolicies.v1.networking.k8s.io", "networking.k8s.io/v1",
                        "NetworkPolicy", true, "spec:\n  podSelector: {}\n"),
                new Case("ingresses.v1.networking.k8s.io", "networking.k8s.io/v1", "Ingress", true,
                        "spec:\n  defaultBackend:\n    service:\n      name: web\n"
                        + "      port: {number: 80}\n"),
                new Case("ingressclasses.v1.networking.k8s.io", "networking.k8s.io/v1",
                        "IngressClass", false, "spec:\n  controller: example.com/ingress\n"),
                new Case("poddisruptionbudgets.v1.policy", "policy/v1", "PodDisruptionBudget", true,
                        "spec:\n  minAvailable: 1\n" + SELECTOR),
                new Case("roles.v1.rbac.authorization.k8s.io", "rbac.authorization.k8s.io/v1",
                        "Role", true, "rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n"
                        + "  verbs: [get]\n"),
                new Case("rolebindings.v1.rbac.authorization.k8s.io",
                        "rbac.authorization.k8s.io/v1",
                        "RoleBinding", true, "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
                        + "  kind: ClusterRole\n  name: view\nsubjects:\n- kind: User\n"
                        + "  name: alice\n  apiGroup: rbac.authorization.k8s.io\n"),
                new Case("clusterroles.v1.rbac.authorization.k8s.io",
                        "rbac.authorization.k8s.io/v1",
                        "ClusterRole", false, "rules:\n- apiGroups: [\"\"]\n"
                        + "  resources: [pods]\n  verbs: [get, list]\n"),
                new Case("clusterrolebindings.v1.rbac.authorization.k8s.io",
                        "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false,
                        "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n"
                        + "  name: view\nsubjects:\n- kind: User\n  name: alice\n"
                        + "  apiGroup: rbac.authorization.k8s.io\n"),
                new Case("priorityclasses.v1.scheduling.k8s.io", "scheduling.k8s.io/v1",
                        "PriorityClass", false, "value: 1000\ndescription: sweep\n"),
                new Case("storageclasses.v1.storage.k8s.io", "storage.k8s.io/v1", "StorageClass",
                        false, "provisioner: example.com/sweep\n"),
                new Case("csidrivers.v1.storage.k8s.io", "storage.k8s.io/v1", "CSIDriver", false,
                        "spec:\n  attachRequired: false\n"),
                new Case("csinodes.v1.storage.k8s.io", "storage.k8s.io/v1", "CSINode", false,
                        "spec:\n  drivers: []\n"),
                new Case("volumeattachments.v1.storage.k8s.io", "storage.k8s.io/v1",
                        "VolumeAttachment", false, "spec:\n  attacher: example.com/sweep\n"
                        + "  nodeName: node-1\n  source:\n    persistentVolumeName: pv-1\n"),
                new Case("runtimeclasses.v1.node.k8s.io", "node.k8s.io/v1", "RuntimeClass", false,
                        "handler: runc\n"),
                new Case("validatingwebhookconfigurations.v1.admissionregistration.k8s.io",
                        "admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", false,
                        "webhooks: []\n"),
                new Case("mutatingwebhookconfigurations.v1.admissionregistration.k8s.io",
                        "admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", false,
                        "webhooks: []\n"),
                new Case("validatingadmissionpolicies.v1.admissionregistration.k8s.io",
                        "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", false,
                        "spec:\n  matchConstraints:\n    resourceRules:\n"
                        + "    - apiGroups: [\"sweep.example.com\"]\n      apiVersions: [v1]\n"
                        + "      operations: [CREATE]\n      resources: [gadgets]\n"
                        + "  validations:\n  - expression: \"true\"\n"),
                new Case("customresourcedefinitions.v1.apiextensions.k8s.io",
                        "apiextensions.k8s.io/v1", "CustomResourceDefinition", false, ""));
    }

    /** The kubectl on the PATH (/usr/bin/kubectl), whatever its version. */
    private static final String INSTALLED = "installed";

    /** kubectl 1.27 and 1.30 run these; 1.33 and the installed one run every case. */
    private static final Set<String> CHEAP = Set.of("configmaps", "pods", "services", "secrets",
            "deployments.v1.apps", "cronjobs.v1.batch", "horizontalpodautoscalers.v2.autoscaling",
            "ingresses.v1.networking.k8s.io", "clusterroles.v1.rbac.authorization.k8s.io",
            "customresourcedefinitions.v1.apiextensions.k8s.io");

    static Stream<Arguments> sweep() {
        List<Arguments> all = new ArrayList<>();
        for (String version : List.of("1.27", "1.30", "1.33", INSTALLED)) {
            for (Case c : cases()) {
                if (!version.equals("1.27") && !version.equals("1.30")
                        || CHEAP.contains(c.resource())) {
                    all.add(Arguments.of(version, c));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "kubectl {0} {1}")
    @MethodSource("sweep")
    void applyGetListServerSideApplyDelete(String version, Case c) {
        Kubectl k = server.kubectl(version.equals(INSTALLED) ? null : version);
        String v = version.replace(".", "");
        String ns = "sweep-" + v;
        if (c.namespaced()) {
            k.run("create", "namespace", ns); // once per version; "already exists" afterwards
            k = k.with("-n", ns);
        }
        String name;
        String manifest;
        if (c.kind().equals("CustomResourceDefinition")) {
            String group = "sweep" + v + ".example.com";
            name = "widgets." + group;
            manifest = c.manifest(name) + "spec:\n  group: " + group + "\n  names:\n"
                    + "    plural: widgets\n    singular: widget\n    kind: Widget\n"
                    + "  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n"
                    + "    storage: true\n    schema:\n      openAPIV3Schema:\n"
                    + "        type: object\n        x-kubernetes-preserve-unknown-fields: true\n";
        } else {
            // core and events.k8s.io events, autoscaling v1 and v2, share storage: one name each
            name = "sweep-" + v + "-" + c.kind().toLowerCase() + "-" + cases().indexOf(c);
            manifest = c.manifest(name);
        }
        String ref = c.resource() + "/" + name;

        Kubectl.Result applied = ok(k.input(manifest, "apply", "-f", "-"));
        assertThat(applied.out()).contains("created");
        assertThat(ok(k.input(manifest, "apply", "-f", "-")).out()).as("a second apply")
                .contains("unchanged");

        String table = ok(k.run("get", ref)).out();
        assertTable(c, name, table);

        String yaml = ok(k.run("get", ref, "-o", "yaml")).out();
        assertThat(yaml).contains("kind: " + c.kind()).contains("apiVersion: " + c.apiVersion())
                .contains("  name: " + name).contains("resourceVersion:").contains("uid:");

        String list = ok(k.run("get", c.resource())).out();
        assertTable(c, name, list);

        Kubectl.Result ssa = ok(k.input(manifest, "apply", "--server-side", "-f", "-"));
        assertThat(ssa.out()).contains("serverside-applied");
        assertThat(ok(k.run("get", ref, "-o", "jsonpath={.metadata.managedFields[*].manager}"))
                .out()).contains("kubectl");

        List<String> delete = new ArrayList<>(List.of("delete", ref));
        if (c.kind().equals("Namespace")) {
            delete.add("--wait=false"); // no namespace controller runs here to finalize it
        }
        assertThat(ok(k.run(delete.toArray(String[]::new))).out()).contains("deleted");
        if (!c.kind().equals("Namespace")) {
            Kubectl.Result gone = k.run("get", ref);
            assertThat(gone.ok()).as(gone.toString()).isFalse();
            assertThat(gone.err()).contains("NotFound");
        }
    }

    /** The server's Table: upstream's columns, a row for the object. */
    private static void assertTable(Case c, String name, String table) {
        String header = table.lines().findFirst().orElseThrow();
        if (c.kind().equals("Event")) {
            // upstream prints events without a NAME column
            assertThat(header).as(table)
                    .matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
            assertThat(table).containsPattern("(?m)^\\S+\\s+Normal\\s+Tested\\s+pod/web\\s+hello");
            return;
        }
        assertThat(header).as(table).startsWith("NAME");
        assertThat(table).containsPattern("(?m)^" + java.util.regex.Pattern.quote(name) + "\\s");
    }

}
