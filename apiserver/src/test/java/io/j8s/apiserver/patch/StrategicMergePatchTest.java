package io.j8s.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.openapi.MergeSchema;
import org.junit.jupiter.api.Test;

/**
 * Strategic merge patches as upstream's server applies them, with the schema j8s publishes: each
 * list's strategy is the one of the type that holds it, and every directive.
 */
class StrategicMergePatchTest {
    private static JsonNode patch(String apiVersion, String kind, String original, String patch) {
        MergeSchema schema = MergeSchema.ofKind(apiVersion, kind);
        return StrategicMergePatch.apply(json(original), json(patch), schema);
    }

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void nodeTaintsAreReplacedWholeAsKubectlTaintExpects() {
        JsonNode out = patch("v1", "Node",
                "{'spec':{'taints':[{'key':'a','effect':'NoSchedule'},"
                        + "{'key':'b','effect':'NoSchedule'}]}}",
                "{'spec':{'taints':[{'key':'b','effect':'NoSchedule'}]}}");
        assertThat(out.at("/spec/taints")).isEqualTo(json("[{'key':'b','effect':'NoSchedule'}]"));
    }

    @Test
    void containerStatusesAreReplacedSoWaitingGivesWayToRunning() {
        JsonNode out = patch("v1", "Pod",
                "{'status':{'containerStatuses':[{'name':'c','ready':false,"
                        + "'state':{'waiting':{'reason':'ContainerCreating'}}}]}}",
                "{'status':{'containerStatuses':[{'name':'c','ready':true,"
                        + "'state':{'running':{'startedAt':'2026-01-01T00:00:00Z'}}}]}}");
        assertThat(out.at("/status/containerStatuses/0/state").has("waiting")).isFalse();
        assertThat(out.at("/status/containerStatuses/0/state/running")).isNotEmpty();
    }

    @Test
    void schedulingGatesMergeByName() {
        JsonNode out = patch("v1", "Pod",
                "{'spec':{'schedulingGates':[{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'schedulingGates':[{'$patch':'delete','name':'a'}]}}");
        assertThat(out.at("/spec/schedulingGates")).isEqualTo(json("[{'name':'b'}]"));
    }

    @Test
    void aNewContainerComesFirstAndAKnownOneMerges() {
        JsonNode out = patch("v1", "Pod",
                "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}",
                "{'spec':{'containers':[{'name':'c','image':'z'},{'name':'b','image':'w'}]}}");
        assertThat(out.at("/spec/containers").findValuesAsText("name"))
                .containsExactly("c", "a", "b");
        assertThat(out.at("/spec/containers/2/image").asText()).isEqualTo("w");
    }

    @Test
    void setElementOrderOrdersTheMergedList() {
        JsonNode out = patch("apps/v1", "Deployment",
                "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},"
                        + "{'name':'b','image':'2'},{'name':'c','image':'3'}]}}}}",
                "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c'},"
                        + "{'name':'a'},{'name':'b'}],'containers':[{'name':'a','image':'9'}]}}}}");
        assertThat(out.at("/spec/template/spec/containers").findValuesAsText("name"))
                .containsExactly("c", "a", "b");
        assertThat(out.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("9");
    }

    @Test
    void retainKeysClearsWhatTheListLeavesOut() {
        JsonNode out = patch("apps/v1", "Deployment",
                "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
        assertThat(out.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
        assertThatThrownBy(() -> patch("apps/v1", "Deployment",
                "{'spec':{'strategy':{'type':'Recreate'}}}",
                "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}"))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("invalid patch format of retainKeys");
                });
    }

    @Test
    void deleteFromPrimitiveListAndTheUnionOfFinalizers() {
        assertThat(patch("v1", "ConfigMap", "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}")
                .at("/metadata/finalizers")).isEqualTo(json("['a','c']"));
        assertThat(patch("v1", "ConfigMap", "{'metadata':{'finalizers':['a','b']}}",
                "{'metadata':{'finalizers':['b','d']}}").at("/metadata/finalizers"))
                .isEqualTo(json("['a','b','d']"));
        assertThat(patch("v1", "ConfigMap", "{'metadata':{'finalizers':['a','b']}}",
                "{'metadata':{'$setElementOrder/finalizers':['a','d','b'],'finalizers':['d']}}")
                .at("/metadata/finalizers")).isEqualTo(json("['a','d','b']"));
    }

    @Test
    void patchDirectivesOnObjectsAndLists() {
        JsonNode replaced = patch("v1", "Pod",
                "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'containers':[{'name':'x','image':'i'},{'$patch':'replace'}]}}");
        assertThat(replaced.at("/spec/containers")).isEqualTo(json("[{'name':'x','image':'i'}]"));
        JsonNode labels = patch("v1", "Pod", "{'metadata':{'labels':{'a':'1','b':'2'}}}",
                "{'metadata':{'labels':{'$patch':'replace','c':'3'}}}");
        assertThat(labels.at("/metadata/labels")).isEqualTo(json("{'c':'3'}"));
        JsonNode deleted = patch("v1", "Pod", "{'metadata':{'labels':{'a':'1'}}}",
                "{'metadata':{'labels':{'$patch':'delete'}}}");
        assertThat(deleted.at("/metadata/labels")).isEqualTo(json("{}"));
        assertThatThrownBy(() -> patch("v1", "Pod", "{'metadata':{'labels':{}}}",
                "{'metadata':{'labels':{'$patch':'merge'}}}"))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> patch("v1", "Pod", "{'spec':{'containers':[{'name':'a'}]}}",
                "{'spec':{'containers':[{'image':'x'}]}}"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage())
                        .contains("does not contain declared merge key: name"));
    }

    @Test
    void listsWithoutAStrategyAreReplacedAndNullRemoves() {
        JsonNode out = patch("v1", "Pod",
                "{'spec':{'tolerations':[{'key':'a'}],'containers':[{'name':'a',"
                        + "'args':['x','y'],'env':[{'name':'A','value':'1'}]}]}}",
                "{'spec':{'tolerations':[{'key':'b'}],'containers':[{'name':'a','args':['z'],"
                        + "'env':[{'name':'B','value':'2'},{'name':'A','value':null}]}]}}");
        assertThat(out.at("/spec/tolerations")).isEqualTo(json("[{'key':'b'}]"));
        assertThat(out.at("/spec/containers/0/args")).isEqualTo(json("['z']"));
        assertThat(out.at("/spec/containers/0/env"))
                .isEqualTo(json("[{'name':'B','value':'2'},{'name':'A'}]"));
    }
}
