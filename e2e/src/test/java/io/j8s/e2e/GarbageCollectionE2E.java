package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.Kubectl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller manager's garbage collector in {@code j8s server}, seen through the real
 * kubectl: {@code kubectl delete --cascade=orphan} and {@code --cascade=foreground} return (the
 * finalizers the API server adds are removed), an orphaned ReplicaSet stays without its
 * ownerReference, a foreground deletion takes the dependents first.
 */
class GarbageCollectionE2E {
    private static final String NS = "gc";
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static Kubectl k;

    @BeforeAll
    static void start() {
        k = server.kubectl(null);
        ok(k.run("create", "namespace", NS));
    }

    private static String deployment(String name) {
        ok(k.input("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: 0
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: c
                        image: busybox
                """.formatted(name, name, name), "-n", NS, "create", "-f", "-"));
        return ok(k.run("-n", NS, "get", "deployment", name, "-o", "jsonpath={.metadata.uid}"))
                .out();
    }

    /**
     * A ReplicaSet owned by the Deployment, as the deployment controller would make it (with the
     * Deployment's labels, so that the running deployment controller keeps it rather than
     * releasing it).
     */
    private static String replicaSet(String name, String owner, String ownerUid) {
        ok(k.input("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %s
                  labels: {app: %s}
                  ownerReferences:
                  - {apiVersion: apps/v1, kind: Deployment, name: %s, uid: %s, controller: true,
                     blockOwnerDeletion: true}
                spec:
                  replicas: 0
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: c
                        image: busybox
                """.formatted(name, owner, owner, ownerUid, owner, owner), "-n", NS, "create", "-f", "-"));
        return ok(k.run("-n", NS, "get", "replicaset", name, "-o", "jsonpath={.metadata.uid}"))
                .out();
    }

    @Test
    void deleteWithCascadeOrphanReturnsAndTheReplicaSetStaysWithoutItsOwner() {
        String uid = deployment("orphaner");
        replicaSet("orphaner-abc", "orphaner", uid);
        ok(k.run("-n", NS, "delete", "deployment", "orphaner", "--cascade=orphan",
                "--timeout=60s"));
        assertThat(k.run("-n", NS, "get", "deployment", "orphaner").err()).contains("NotFound");
        assertThat(ok(k.run("-n", NS, "get", "replicaset", "orphaner-abc", "-o",
                "jsonpath={.metadata.ownerReferences}")).out()).isEmpty();
    }

    @Test
    void deleteWithCascadeForegroundReturnsAfterTheDependents() {
        String uid = deployment("fg");
        String rsUid = replicaSet("fg-abc", "fg", uid);
        ok(k.input("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: fg-abc-pod
                  labels: {app: fg}
                  ownerReferences:
                  - {apiVersion: apps/v1, kind: ReplicaSet, name: fg-abc, uid: %s,
                     controller: true, blockOwnerDeletion: true}
                spec:
                  containers:
                  - name: c
                    image: busybox
                """.formatted(rsUid), "-n", NS, "create", "-f", "-"));
        ok(k.run("-n", NS, "delete", "deployment", "fg", "--cascade=foreground",
                "--timeout=60s"));
        assertThat(k.run("-n", NS, "get", "deployment", "fg").err()).contains("NotFound");
        assertThat(k.run("-n", NS, "get", "replicaset", "fg-abc").err()).contains("NotFound");
        assertThat(k.run("-n", NS, "get", "pod", "fg-abc-pod").err()).contains("NotFound");
    }

    @Test
    void backgroundDeletionCollectsTheDependents() {
        String uid = deployment("bg");
        replicaSet("bg-abc", "bg", uid);
        ok(k.run("-n", NS, "delete", "deployment", "bg"));
        ok(k.run("-n", NS, "wait", "--for=delete", "replicaset/bg-abc", "--timeout=60s"));
    }
}
