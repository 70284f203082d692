package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.TableFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cells of the workload printers, as {@code kubectl get} would show them. */
class WorkloadCellsTest {
    private final PrinterRegistry printers = new PrinterRegistry();

    private List<Object> cells(HasMetadata o) {
        return printers.forType(o.getClass()).cells(o, NOW);
    }

    @Test
    void statefulSetShowsReadyOfDesired() {
        var sts = new StatefulSetBuilder().withNewMetadata().withName("db")
                .withCreationTimestamp("2025-06-01T11:59:30Z").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().withNewStatus().withReadyReplicas(1).endStatus()
                .build();
        assertThat(cells(sts)).containsExactly("db", "1/3", "30s", "", "");
    }

    @Test
    void replicaSetPrintsItsSelectorSortedByKey() {
        var rs = new ReplicaSetBuilder().withNewMetadata().withName("web-1").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "web"))
                .addNewMatchExpression().withKey("tier").withOperator("In")
                .withValues("front", "back").endMatchExpression()
                .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
                .endSelector().endSpec().build();
        assertThat(cells(rs)).containsExactly("web-1", 1L, 0L, 0L, "<unknown>", "", "",
                "app=web,!canary,tier in (back,front)");
    }

    @Test
    void daemonSetShowsNodeCountsAndNodeSelector() {
        var ds = new DaemonSetBuilder().withNewMetadata().withName("proxy").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec()
                .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
                .addNewContainer().withName("proxy").withImage("j8s/proxy").endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withDesiredNumberScheduled(2).withCurrentNumberScheduled(2)
                .withNumberReady(1).withUpdatedNumberScheduled(2).withNumberAvailable(1).endStatus()
                .build();
        assertThat(cells(ds)).containsExactly("proxy", 2L, 2L, 1L, 2L, 1L, "kubernetes.io/os=linux",
                "<unknown>", "proxy", "j8s/proxy", "<none>");
    }

    @Test
    void controllerRevisionNamesItsController() {
        var rev = new ControllerRevisionBuilder().withNewMetadata().withName("web-6d5f")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName("web").withController(true).endOwnerReference().endMetadata()
                .withRevision(3L).build();
        assertThat(cells(rev)).containsExactly("web-6d5f", "statefulset.apps/web", 3L, "<unknown>");
    }

    @Test
    void finishedJobShowsCompleteAndHowLongItRan() {
        var job = new JobBuilder().withNewMetadata().withName("pi")
                .withCreationTimestamp("2025-06-01T11:00:00Z").endMetadata()
                .withNewSpec().withCompletions(1).endSpec()
                .withNewStatus().withSucceeded(1).withStartTime("2025-06-01T11:00:00Z")
                .withCompletionTime("2025-06-01T11:00:42Z")
                .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus()
                .build();
        assertThat(cells(job).subList(0, 5)).containsExactly("pi", "Complete", "1/1", "42s", "60m");
    }

    @Test
    void runningParallelJobShowsItsWorkersAndTimeSoFar() {
        var job = new JobBuilder().withNewMetadata().withName("crunch").endMetadata()
                .withNewSpec().withParallelism(3).endSpec()
                .withNewStatus().withStartTime("2025-06-01T11:58:00Z").endStatus().build();
        assertThat(cells(job).subList(0, 4)).containsExactly("crunch", "Running", "0/1 of 3", "2m");
        var suspended = new JobBuilder(job).editStatus().withStartTime(null)
                .addNewCondition().withType("Suspended").withStatus("True").endCondition().endStatus()
                .build();
        assertThat(cells(suspended).subList(0, 4)).containsExactly("crunch", "Suspended", "0/1 of 3", "");
    }

    @Test
    void cronJobShowsScheduleAndLastRun() {
        var cj = new CronJobBuilder().withNewMetadata().withName("backup").endMetadata()
                .withNewSpec().withSchedule("*/5 * * * *").withSuspend(false).endSpec()
                .withNewStatus().addNewActive().withName("backup-1").endActive()
                .withLastScheduleTime("2025-06-01T11:55:00Z").endStatus().build();
        assertThat(cells(cj).subList(0, 7)).containsExactly("backup", "*/5 * * * *", "<none>",
                "False", 1L, "5m", "<unknown>");
    }

    @Test
    void podDisruptionBudgetShowsNotApplicableForTheUnsetBound() {
        var pdb = new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString("50%")).endSpec()
                .withNewStatus().withDisruptionsAllowed(1).endStatus().build();
        assertThat(cells(pdb)).containsExactly("web", "50%", "N/A", 1L, "<unknown>");
    }

    @Test
    void autoscalerTargetsShowCurrentOverTarget() {
        var cpu = new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(80).endTarget()
                .endResource().build();
        var memory = new MetricSpecBuilder().withType("Resource").withNewResource().withName("memory")
                .withNewTarget().withType("AverageValue").withAverageValue(new Quantity("200Mi"))
                .endTarget().endResource().build();
        var pods = new MetricSpecBuilder().withType("Pods").withNewPods().withNewMetric()
                .withName("rps").endMetric().withNewTarget().withType("AverageValue")
                .withAverageValue(new Quantity("10")).endTarget().endPods().build();
        var hpa = new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName("web").endScaleTargetRef().withMaxReplicas(10).withMetrics(cpu, memory)
                .endSpec()
                .withNewStatus().withCurrentReplicas(2).addNewCurrentMetric().withType("Resource")
                .withNewResource().withName("cpu").withNewCurrent().withAverageUtilization(40)
                .endCurrent().endResource().endCurrentMetric().endStatus().build();
        assertThat(cells(hpa)).containsExactly("web", "Deployment/web",
                "cpu: 40%/80%, memory: <unknown>/200Mi", "<unset>", 10L, 2L, "<unknown>");
        var three = new HorizontalPodAutoscalerBuilder(hpa).editSpec().addToMetrics(pods).endSpec().build();
        assertThat(cells(three).get(2)).isEqualTo("cpu: 40%/80%, memory: <unknown>/200Mi + 1 more...");
    }

    @Test
    void v1AutoscalerPrintsItsCpuTargetAsUpstreamConvertsIt() {
        var hpa = new io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNewScaleTargetRef().withKind("Deployment").withName("web")
                .endScaleTargetRef().withMinReplicas(1).withMaxReplicas(5)
                .withTargetCPUUtilizationPercentage(80).endSpec()
                .withNewStatus().withCurrentReplicas(1).endStatus().build();
        assertThat(cells(hpa)).containsExactly("web", "Deployment/web", "cpu: <unknown>/80%", "1", 5L,
                1L, "<unknown>");
    }
}
