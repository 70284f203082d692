package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionChainTest {
    @TempDir
    Path dir;
    private RegistryFixture k;

    @BeforeEach
    void start() {
        k = new RegistryFixture(dir);
    }

    @AfterEach
    void stop() {
        k.close();
    }

    private ObjectNode pod(String name, String specExtra, String resources) {
        return k.create("", "v1", "pods", "default", "{'metadata':{'name':'" + name + "'},"
                + "'spec':{" + specExtra + "'containers':[{'name':'c','image':'nginx',"
                + "'resources':" + resources + "}]}}");
    }

    private StatusException refused(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).as("expected a refusal").isInstanceOf(StatusException.class);
        return (StatusException) t;
    }

    @Test
    void priorityComesFromThePriorityClass() {
        assertThat(k.registry("scheduling.k8s.io", "v1", "priorityclasses")
                .get(null, "system-node-critical").path("value").asLong()).isEqualTo(2000001000L);
        ObjectNode critical = pod("a", "'priorityClassName':'system-cluster-critical',", "{}");
        assertThat(critical.path("spec").path("priority").asLong()).isEqualTo(2000000000L);

        StatusException unknown = refused(() -> pod("b", "'priorityClassName':'gold',", "{}"));
        assertThat(unknown.code()).isEqualTo(403);
        assertThat(unknown.getMessage()).isEqualTo(
                "pods \"b\" is forbidden: no PriorityClass with name gold was found");

        assertThat(refused(() -> k.create("scheduling.k8s.io", "v1", "priorityclasses", null,
                "{'metadata':{'name':'system-mine'},'value':1}")).getMessage()).contains(
                "metadata.name: Forbidden: priority class names with 'system-' prefix are"
                        + " reserved for system use only. error: system-mine is not a known"
                        + " system priority class");
        k.create("scheduling.k8s.io", "v1", "priorityclasses", null,
                "{'metadata':{'name':'normal'},'value':1000,'globalDefault':true}");
        assertThat(refused(() -> k.create("scheduling.k8s.io", "v1", "priorityclasses", null,
                "{'metadata':{'name':'other'},'value':1,'globalDefault':true}")).getMessage())
                .contains("PriorityClass normal is already marked as default. Only one default"
                        + " can exist");
        ObjectNode defaulted = pod("c", "", "{}");
        assertThat(defaulted.path("spec").path("priorityClassName").asText()).isEqualTo("normal");
        assertThat(defaulted.path("spec").path("priority").asLong()).isEqualTo(1000);
        assertThat(refused(() -> pod("d", "'priority':5,", "{}")).getMessage()).contains(
                "the integer value of priority (5) must not be provided in pod spec; priority"
                        + " admission controller computed 1000 from the given PriorityClass name");
    }

    @Test
    void limitRangesDefaultAndBoundContainers() {
        k.create("", "v1", "limitranges", "default", "{'metadata':{'name':'lr'},'spec':"
                + "{'limits':[{'type':'Container','max':{'cpu':'2'},"
                + "'defaultRequest':{'cpu':'100m','memory':'64Mi'}}]}}");
        ObjectNode p = pod("a", "", "{}");
        var resources = p.path("spec").path("containers").get(0).path("resources");
        assertThat(resources.path("limits").path("cpu").asText()).isEqualTo("2");
        assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("100m");
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo("64Mi");
        assertThat(p.path("metadata").path("annotations").path("kubernetes.io/limit-ranger")
                .asText()).isEqualTo("LimitRanger plugin set: cpu, memory request for container"
                + " c; cpu limit for container c");
        assertThat(p.path("status").path("qosClass").asText()).isEqualTo("Burstable");
        StatusException big = refused(() -> pod("b", "", "{'limits':{'cpu':'3'}}"));
        assertThat(big.code()).isEqualTo(403);
        assertThat(big.getMessage()).isEqualTo("pods \"b\" is forbidden: maximum cpu usage per"
                + " Container is 2, but limit is 3");
    }

    @Test
    void resourceQuotaDeniesWhatExceedsItAndRecordsUsage() {
        k.create("", "v1", "resourcequotas", "default", "{'metadata':{'name':'q'},'spec':"
                + "{'hard':{'pods':'2','requests.cpu':'1','count/configmaps':'1'}}}");
        pod("a", "", "{'requests':{'cpu':'500m'}}");
        StatusException cpu = refused(() -> pod("b", "", "{'requests':{'cpu':'600m'}}"));
        assertThat(cpu.code()).isEqualTo(403);
        assertThat(cpu.getMessage()).isEqualTo("pods \"b\" is forbidden: exceeded quota: q,"
                + " requested: requests.cpu=600m, used: requests.cpu=500m, limited:"
                + " requests.cpu=1");
        assertThat(refused(() -> pod("c", "", "{}")).getMessage()).isEqualTo(
                "pods \"c\" is forbidden: failed quota: q: must specify requests.cpu for: c");
        pod("d", "", "{'requests':{'cpu':'500m'}}");
        assertThat(refused(() -> pod("e", "", "{'requests':{'cpu':'0'}}")).getMessage())
                .contains("exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
        ObjectNode q = k.registry("", "v1", "resourcequotas").get("default", "q");
        assertThat(q.path("status").path("used").toString()).contains("\"pods\":\"2\"")
                .contains("\"requests.cpu\":\"1\"").contains("\"count/configmaps\":\"0\"");
        assertThat(q.path("status").path("hard").path("pods").asText()).isEqualTo("2");
    }

    @Test
    void concurrentCreatesDoNotOverrunAQuota() throws Exception {
        k.create("", "v1", "resourcequotas", "default", "{'metadata':{'name':'q'},'spec':"
                + "{'hard':{'configmaps':'3'}}}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger created = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            all.add(pool.submit(() -> {
                try {
                    k.create("", "v1", "configmaps", "default",
                            "{'metadata':{'name':'cm-" + n + "'}}");
                    created.incrementAndGet();
                } catch (StatusException e) {
                    assertThat(e.code()).isEqualTo(403);
                }
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        assertThat(created.get()).isEqualTo(3);
    }

    @Test
    void deletesGiveBackAndARepairRecountsAQuotaLeftTooHigh() {
        k.create("", "v1", "resourcequotas", "default", "{'metadata':{'name':'q'},'spec':"
                + "{'hard':{'pods':'2'}}}");
        Registry quotas = k.registry("", "v1", "resourcequotas");
        assertThat(quotas.get("default", "q").path("status").path("used").path("pods")
                .asText()).isEqualTo("0");
        pod("a", "", "{}");
        pod("b", "", "{}");
        k.registry("", "v1", "pods").delete("default", "b", DeleteRequest.of(null),
                WriteOptions.DEFAULT);
        assertThat(quotas.get("default", "q").path("status").path("used").path("pods")
                .asText()).isEqualTo("1");

        // a server charged the quota for a pod and died before it stored the pod
        ObjectNode leaked = quotas.get("default", "q");
        leaked.with("status").with("used").put("pods", "2");
        quotas.update("default", "q", leaked, "status", WriteOptions.DEFAULT);
        assertThat(refused(() -> pod("c", "", "{}")).getMessage())
                .contains("exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");

        io.j8s.apiserver.admission.ResourceQuotaAdmission quota =
                new io.j8s.apiserver.admission.ResourceQuotaAdmission(
                        new RegistryObjects(k.registries));
        quota.repair(); // seen once: it may be a create in flight
        assertThat(refused(() -> pod("c", "", "{}")).getMessage()).contains("used: pods=2");
        quota.repair(); // unchanged since: recounted
        assertThat(quotas.get("default", "q").path("status").path("used").path("pods")
                .asText()).isEqualTo("1");
        pod("c", "", "{}");
    }
}
