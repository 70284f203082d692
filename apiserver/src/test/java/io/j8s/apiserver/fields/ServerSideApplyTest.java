package io.j8s.apiserver.fields;

import static io.j8s.apiserver.fields.FieldSetTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ObjectNode apply(ObjectNode live, String config, String manager,
            boolean force) {
        return ServerSideApply.apply(live, json(config), manager, force, "v1", "", Scope.ALL, T0);
    }

    @Test
    void createsThenMergesAndPrunesWhatTheApplierDropped() {
        ObjectNode o = apply(null, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},"
                + "'data':{'color':'blue','size':'L'}}", "me", false);
        assertThat(o.path("metadata").path("managedFields").get(0).path("fieldsV1"))
                .isEqualTo(json("{'f:data':{'f:color':{},'f:size':{}}}"));
        o = apply(o, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},"
                + "'data':{'color':'green'}}", "me", false);
        assertThat(o.path("data")).isEqualTo(json("{'color':'green'}"));
    }

    @Test
    void associativeListsMergeByKeyAndAtomicListsAreReplaced() {
        String pod = "'apiVersion':'v1','kind':'Pod',";
        ObjectNode live = apply(null, "{" + pod + "'spec':{'containers':[{'name':'a','image':'x',"
                + "'args':['1','2']}]}}", "one", false);
        ObjectNode o = apply(live, "{" + pod + "'spec':{'containers':[{'name':'b',"
                + "'image':'y'}]}}", "two", false);
        assertThat(o.path("spec").path("containers")).hasSize(2);
        o = apply(o, "{" + pod + "'spec':{'containers':[{'name':'a','image':'x','args':['3']}]}}",
                "one", false);
        assertThat(o.path("spec").path("containers").get(0).path("args"))
                .isEqualTo(json("{'a':['3']}").get("a"));
    }

    @Test
    void aChangedFieldOwnedByAnotherManagerConflictsUnlessForced() {
        ObjectNode live = json("{'metadata':{'name':'a'},'data':{'color':'blue'}}");
        ManagedFields.recordCreate(live, "kubectl-client-side-apply", "v1", Scope.ALL, T0);
        String config = "{'metadata':{'name':'a'},'data':{'color':'red'}}";
        assertThatThrownBy(() -> apply(live, config, "other", false))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict"
                            + " with \"kubectl-client-side-apply\" using v1: .data.color");
                    assertThat(e.status().getDetails().getCauses().get(0).getReason())
                            .isEqualTo("FieldManagerConflict");
                    assertThat(e.status().getDetails().getCauses().get(0).getField())
                            .isEqualTo(".data.color");
                });
        // the same value is shared ownership, not a conflict
        ObjectNode same = apply(live, "{'metadata':{'name':'a'},'data':{'color':'blue'}}",
                "other", false);
        assertThat(same.path("metadata").path("managedFields")).hasSize(2);
        ObjectNode forced = apply(live, config, "other", true);
        assertThat(forced.path("data").path("color").asText()).isEqualTo("red");
        assertThat(forced.path("metadata").path("managedFields").toString())
                .doesNotContain("f:color\":{}},\"manager\":\"kubectl-client-side-apply");
    }

    @Test
    void aFieldSharedWithAnotherManagerSurvivesThePrune() {
        ObjectNode o = apply(null, "{'data':{'a':'1','b':'2'}}", "one", false);
        o = apply(o, "{'data':{'b':'2'}}", "two", false);
        o = apply(o, "{'data':{'a':'1'}}", "one", false);
        assertThat(o.path("data")).isEqualTo(json("{'a':'1','b':'2'}"));
    }

    @Test
    void droppingUnknownFieldsAlsoDropsTheirOwnership() {
        ObjectNode o = apply(null, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},"
                + "'data':{'a':'1'},'spec':{'x':1}}", "me", false);
        io.j8s.apiserver.fields.UnknownFields.removeFrom(o, io.fabric8.kubernetes.api.model
                .ConfigMap.class);
        ManagedFields.forgetMissing(o);
        assertThat(o.path("metadata").path("managedFields").get(0).path("fieldsV1"))
                .isEqualTo(json("{'f:data':{'f:a':{}}}"));
    }

    @Test
    void aPortWithoutProtocolIsTheDefaultedTcpPort() {
        ObjectNode live = apply(null, "{'spec':{'containers':[{'name':'a','ports':["
                + "{'containerPort':80}]}]}}", "me", false);
        ((ObjectNode) live.at("/spec/containers/0/ports/0")).put("protocol", "TCP");
        ObjectNode o = apply(live, "{'spec':{'containers':[{'name':'a','ports':["
                + "{'containerPort':80,'name':'http'}]}]}}", "me", false);
        assertThat(o.at("/spec/containers/0/ports")).hasSize(1);
        assertThat(o.at("/spec/containers/0/ports/0/name").asText()).isEqualTo("http");
    }

    @Test
    void kubectlKeepsTheClientSideAnnotationInStepAndANoOpKeepsTheTime() {
        ObjectNode live = json("{'metadata':{'name':'a','annotations':{"
                + "'kubectl.kubernetes.io/last-applied-configuration':'{}'}},'data':{'a':'1'}}");
        ManagedFields.recordCreate(live, "kubectl-client-side-apply", "v1", Scope.ALL, T0);
        ObjectNode o = ServerSideApply.apply(live, json("{'metadata':{'name':'a'},"
                + "'data':{'a':'2'}}"), "kubectl", true, "v1", "", Scope.ALL, T0.plusSeconds(60));
        assertThat(o.at("/metadata/annotations").path(
                "kubectl.kubernetes.io/last-applied-configuration").asText())
                .isEqualTo("{\"metadata\":{\"name\":\"a\"},\"data\":{\"a\":\"2\"}}");
        ObjectNode again = ServerSideApply.apply(o, json("{'metadata':{'name':'a'},"
                + "'data':{'a':'2'}}"), "kubectl", false, "v1", "", Scope.ALL, T0.plusSeconds(120));
        assertThat(again.at("/metadata/managedFields/0/manager").asText()).isEqualTo("kubectl");
        assertThat(again.at("/metadata/managedFields/0/time").asText())
                .isEqualTo("2026-01-01T00:01:00Z");
    }

    @Test
    void severalConflictsAreListedByManager() {
        ObjectNode live = json("{'metadata':{'name':'a'},'data':{'b':'1','a':'1'}}");
        ManagedFields.recordCreate(live, "zeta", "v1", Scope.ALL, T0);
        assertThatThrownBy(() -> apply(live, "{'metadata':{'name':'a'},'data':{'a':'2','b':'2'}}",
                "me", false)).hasMessage("Apply failed with 2 conflicts: conflicts with \"zeta\""
                        + " using v1:\n- .data.a\n- .data.b");
    }

    @Test
    void kubectlTakesWhatClientSideApplySetUnchangedButNotWhatOthersChanged() {
        ObjectNode live = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a',"
                + "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':"
                + "'{\\'apiVersion\\':\\'v1\\',\\'kind\\':\\'ConfigMap\\',"
                + "\\'metadata\\':{\\'name\\':\\'a\\'},"
                + "\\'data\\':{\\'color\\':\\'blue\\',\\'size\\':\\'L\\'}}'}},"
                + "'data':{'color':'blue','size':'M'}}");
        ManagedFields.recordCreate(live, "kubectl-client-side-apply", "v1", Scope.ALL, T0);
        String color = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},"
                + "'data':{'color':'red'}}";
        ObjectNode upgraded = apply(live, color, "kubectl", false);
        assertThat(upgraded.path("data").path("color").asText()).isEqualTo("red");
        // size no longer has the value client-side apply gave it: someone else set it
        String size = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},"
                + "'data':{'color':'blue','size':'S'}}";
        assertThatThrownBy(() -> apply(live, size, "kubectl", false))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Apply failed with 1 conflict: conflict with"
                                + " \"kubectl-client-side-apply\" using v1: .data.size"));
        // only kubectl's own applies upgrade
        assertThatThrownBy(() -> apply(live, color, "other", false))
                .isInstanceOf(StatusException.class);
    }
}
