package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerStrategyTest {
    private static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'web'}},"
            + "'spec':{'containers':[{'name':'c','image':'nginx'}]}}";
    private static final String SELECTOR = "'selector':{'matchLabels':{'app':'web'}}";

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

    private ObjectNode create(String group, String plural, String spec) {
        return k.create(group, "v1", plural, "default",
                "{'metadata':{'name':'w'},'spec':" + spec + "}");
    }

    private String fails(String group, String plural, String spec) {
        Throwable t = catchThrowable(() -> create(group, plural, spec));
        assertThat(t).as("expected a refusal").isInstanceOf(StatusException.class);
        return RegistryFixture.message(t);
    }

    @Test
    void deploymentGetsUpstreamDefaultsIncludingItsTemplate() {
        ObjectNode d = create("apps", "deployments", "{" + SELECTOR + "," + TEMPLATE + "}");
        var spec = d.path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(1);
        assertThat(spec.path("strategy").toString()).isEqualTo("{\"type\":\"RollingUpdate\","
                + "\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}");
        assertThat(spec.path("revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(spec.path("progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(spec.path("template").path("spec").path("restartPolicy").asText())
                .isEqualTo("Always");
        assertThat(spec.path("template").path("spec").path("containers").get(0)
                .path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(d.path("metadata").path("generation").asInt()).isEqualTo(1);
    }

    @Test
    void statefulSetDaemonSetAndCronJobDefaults() {
        ObjectNode sts = create("apps", "statefulsets", "{" + SELECTOR + "," + TEMPLATE + "}");
        assertThat(sts.path("spec").path("podManagementPolicy").asText()).isEqualTo("OrderedReady");
        assertThat(sts.path("spec").path("updateStrategy").toString()).isEqualTo(
                "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}");
        assertThat(sts.path("spec").path("persistentVolumeClaimRetentionPolicy").toString())
                .isEqualTo("{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retain\"}");
        ObjectNode ds = create("apps", "daemonsets", "{" + SELECTOR + "," + TEMPLATE + "}");
        assertThat(ds.path("spec").path("updateStrategy").toString()).isEqualTo(
                "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,"
                        + "\"maxSurge\":0}}");
        ObjectNode cj = create("batch", "cronjobs", "{'schedule':'*/5 * * * *','jobTemplate':"
                + "{'spec':{'template':{'spec':{'restartPolicy':'OnFailure','containers':"
                + "[{'name':'c','image':'busybox'}]}}}}}");
        assertThat(cj.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Allow");
        assertThat(cj.path("spec").path("suspend").asBoolean(true)).isFalse();
        assertThat(cj.path("spec").path("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(cj.path("spec").path("failedJobsHistoryLimit").asInt()).isEqualTo(1);
    }

    @Test
    void jobGetsAGeneratedSelectorAndLabels() {
        ObjectNode job = create("batch", "jobs", "{'template':{'spec':{'restartPolicy':'Never',"
                + "'containers':[{'name':'c','image':'busybox'}]}}}");
        String uid = job.path("metadata").path("uid").asText();
        var spec = job.path("spec");
        assertThat(spec.path("parallelism").asInt()).isEqualTo(1);
        assertThat(spec.path("completions").asInt()).isEqualTo(1);
        assertThat(spec.path("backoffLimit").asInt()).isEqualTo(6);
        assertThat(spec.path("completionMode").asText()).isEqualTo("NonIndexed");
        assertThat(spec.path("suspend").asBoolean(true)).isFalse();
        assertThat(spec.path("podReplacementPolicy").asText()).isEqualTo("TerminatingOrFailed");
        assertThat(spec.path("selector").path("matchLabels")
                .path("batch.kubernetes.io/controller-uid").asText()).isEqualTo(uid);
        var labels = spec.path("template").path("metadata").path("labels");
        assertThat(labels.path("controller-uid").asText()).isEqualTo(uid);
        assertThat(labels.path("job-name").asText()).isEqualTo("w");
        assertThat(labels.path("batch.kubernetes.io/job-name").asText()).isEqualTo("w");
        assertThat(job.path("metadata").path("labels").path("job-name").asText()).isEqualTo("w");

        ObjectNode queue = k.create("batch", "v1", "jobs", "default", "{'metadata':{'name':'q'},"
                + "'spec':{'parallelism':3,'template':{'spec':{'restartPolicy':'Never',"
                + "'containers':[{'name':'c','image':'busybox'}]}}}}");
        assertThat(queue.path("spec").has("completions")).isFalse();
    }

    @Test
    void invalidControllersAreRefusedWithUpstreamMessages() {
        assertThat(fails("apps", "deployments", "{'selector':{'matchLabels':{'app':'db'}},"
                + TEMPLATE + "}")).contains("spec.template.metadata.labels: Invalid value:"
                + " map[string]string{\"app\":\"web\"}: `selector` does not match template"
                + " `labels`");
        assertThat(fails("apps", "deployments", "{" + SELECTOR + "," + TEMPLATE + ","
                + "'strategy':{'rollingUpdate':{'maxSurge':0,'maxUnavailable':'0%'}}}"))
                .contains("spec.strategy.rollingUpdate.maxUnavailable: Invalid value:"
                        + " intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0"
                        + " when `maxSurge` is 0");
        assertThat(fails("", "replicationcontrollers", "{'selector':{'app':'web'}}"))
                .isEqualTo("ReplicationController \"w\" is invalid: spec.template: Required value");
        ObjectNode rc = create("", "replicationcontrollers", "{" + TEMPLATE + "}");
        assertThat(rc.path("spec").path("selector").path("app").asText()).isEqualTo("web");
        assertThat(rc.path("metadata").path("labels").path("app").asText()).isEqualTo("web");
        assertThat(fails("apps", "deployments", "{" + TEMPLATE + "}"))
                .contains("spec.selector: Required value");
        assertThat(fails("apps", "replicasets", "{'replicas':-1," + SELECTOR + "," + TEMPLATE
                + "}")).contains("spec.replicas: Invalid value: -1: must be greater than or"
                + " equal to 0");
        assertThat(fails("apps", "deployments", "{" + SELECTOR + ",'template':{'metadata':"
                + "{'labels':{'app':'web'}},'spec':{'restartPolicy':'Never','containers':"
                + "[{'name':'c','image':'nginx','resources':{'requests':{'cpu':'2'},"
                + "'limits':{'cpu':'1'}}}]}}}"))
                .contains("spec.template.spec.restartPolicy: Unsupported value: \"Never\":"
                        + " supported values: \"Always\"")
                .contains("spec.template.spec.containers[0].resources.requests: Invalid value:"
                        + " \"2\": must be less than or equal to cpu limit of 1");
        assertThat(fails("batch", "jobs", "{'template':{'spec':{'containers':"
                + "[{'name':'c','image':'busybox'}]}}}")).contains(
                "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported"
                        + " values: \"OnFailure\", \"Never\"");
        assertThat(fails("batch", "cronjobs", "{'schedule':'* * *','jobTemplate':{'spec':"
                + "{'template':{'spec':{'restartPolicy':'Never','containers':"
                + "[{'name':'c','image':'b'}]}}}}}")).contains("spec.schedule: Invalid value:"
                + " \"* * *\": expected exactly 5 fields, found 3: [* * *]");
        assertThat(fails("batch", "cronjobs", "{'schedule':'61 * * * *','jobTemplate':{'spec':"
                + "{'template':{'spec':{'restartPolicy':'Never','containers':"
                + "[{'name':'c','image':'b'}]}}}}}")).contains(
                "end of range (61) above maximum (59): 61");
        assertThat(fails("batch", "jobs", "{'podFailurePolicy':{'rules':[{'action':'FailJob',"
                + "'onExitCodes':{'operator':'In','values':[42,0]}},{'action':'Retry',"
                + "'onPodConditions':[{'type':'DisruptionTarget','status':'True'}]},"
                + "{'action':'Ignore'}]},'template':{'spec':{'restartPolicy':'OnFailure',"
                + "'containers':[{'name':'c','image':'busybox'}]}}}"))
                .contains("spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only"
                        + " \"Never\" is supported when podFailurePolicy is specified")
                .contains("spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value:"
                        + " 0: must not be 0 for the In operator")
                .contains("spec.podFailurePolicy.rules[1].action: Unsupported value: \"Retry\":"
                        + " supported values: \"Count\", \"FailIndex\", \"FailJob\","
                        + " \"Ignore\"")
                .contains("spec.podFailurePolicy.rules[2]: Invalid value: specifying one of"
                        + " OnExitCodes and OnPodConditions is required");
        assertThat(fails("batch", "cronjobs", "{'schedule':'@daily','timeZone':'Mars/Olympus',"
                + "'jobTemplate':{'spec':{'template':{'spec':{'restartPolicy':'Never',"
                + "'containers':[{'name':'c','image':'b'}]}}}}}")).contains(
                "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone"
                        + " Mars/Olympus");
        create("batch", "cronjobs", "{'schedule':'@hourly','jobTemplate':{'spec':"
                + "{'template':{'spec':{'restartPolicy':'Never','containers':"
                + "[{'name':'c','image':'b'}]}}}}}");
    }

    @Test
    void selectorsAndJobTemplatesCannotChange() {
        create("apps", "deployments", "{" + SELECTOR + "," + TEMPLATE + "}");
        Registry deployments = k.registry("apps", "v1", "deployments");
        Throwable t = catchThrowable(() -> deployments.patch("default", "w", o -> {
            ((ObjectNode) o.path("spec").path("selector").path("matchLabels")).put("x", "y");
            ((ObjectNode) o.path("spec").path("template").path("metadata").path("labels"))
                    .put("x", "y");
            return o;
        }, "", WriteOptions.DEFAULT));
        assertThat(RegistryFixture.message(t)).contains("spec.selector: Invalid value:"
                + " v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"x\":\"y\"},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
        ObjectNode scaled = deployments.patch("default", "w", o -> {
            ((ObjectNode) o.path("spec")).put("replicas", 3);
            return o;
        }, "", WriteOptions.DEFAULT);
        assertThat(scaled.path("metadata").path("generation").asInt()).isEqualTo(2);

        create("apps", "statefulsets", "{" + SELECTOR + "," + TEMPLATE + "}");
        Registry statefulSets = k.registry("apps", "v1", "statefulsets");
        Throwable s = catchThrowable(() -> statefulSets.patch("default", "w", o -> {
            ((ObjectNode) o.path("spec")).put("serviceName", "other");
            return o;
        }, "", WriteOptions.DEFAULT));
        assertThat(RegistryFixture.message(s)).isEqualTo("StatefulSet \"w\" is invalid: spec:"
                + " Forbidden: updates to statefulset spec for fields other than 'replicas',"
                + " 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',"
                + " 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");

        create("batch", "jobs", "{'template':{'spec':{'restartPolicy':'Never',"
                + "'containers':[{'name':'c','image':'busybox'}]}}}");
        Throwable j = catchThrowable(() -> k.registry("batch", "v1", "jobs").patch("default",
                "w", o -> {
                    ((ObjectNode) o.path("spec").path("template").path("spec").path("containers")
                            .get(0)).put("image", "other");
                    return o;
                }, "", WriteOptions.DEFAULT));
        assertThat(RegistryFixture.message(j)).contains("spec.template: Invalid value:")
                .contains("field is immutable");
    }

    @Test
    void aSuspendedJobThatNeverStartedMayMoveItsPods() {
        k.create("batch", "v1", "jobs", "default", "{'metadata':{'name':'s'},'spec':"
                + "{'suspend':true,'template':{'spec':{'restartPolicy':'Never',"
                + "'containers':[{'name':'c','image':'busybox'}]}}}}");
        ObjectNode moved = k.registry("batch", "v1", "jobs").patch("default", "s", o -> {
            ((ObjectNode) o.path("spec").path("template").path("spec")).putObject("nodeSelector")
                    .put("zone", "a");
            return o;
        }, "", WriteOptions.DEFAULT);
        assertThat(moved.path("spec").path("template").path("spec").path("nodeSelector")
                .path("zone").asText()).isEqualTo("a");
    }
}
