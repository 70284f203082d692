package io.j8s.apiserver.fields;

import static io.j8s.apiserver.fields.FieldSetTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static JsonNode entry(ObjectNode o, String manager) {
        for (JsonNode e : o.path("metadata").path("managedFields")) {
            if (e.path("manager").asText().equals(manager)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void createRecordsAnUpdateEntryLikeUpstream() {
        ObjectNode cm = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a',"
                + "'uid':'u','labels':{'app':'x'}},'data':{'color':'blue'}}");
        ManagedFields.recordCreate(cm, "kubectl-create", "v1", Scope.ALL, T0);
        JsonNode e = entry(cm, "kubectl-create");
        assertThat(e.path("operation").asText()).isEqualTo("Update");
        assertThat(e.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(e.path("time").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(e.path("fieldsType").asText()).isEqualTo("FieldsV1");
        assertThat(e.path("fieldsV1")).isEqualTo(json("{'f:data':{'.':{},'f:color':{}},"
                + "'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}"));
    }

    @Test
    void anUpdateTakesChangedFieldsAndDropsEmptyEntries() {
        ObjectNode cm = json("{'metadata':{'name':'a'},'data':{'color':'blue'}}");
        ManagedFields.recordCreate(cm, "first", "v1", Scope.ALL, T0);
        ObjectNode next = cm.deepCopy();
        ((ObjectNode) next.get("data")).put("color", "red");
        ManagedFields.recordUpdate(cm, next, "second", "v1", "", Scope.ALL, T0.plusSeconds(5));
        assertThat(entry(next, "second").path("fieldsV1"))
                .isEqualTo(json("{'f:data':{'f:color':{}}}"));
        assertThat(entry(next, "first").path("fieldsV1")).isEqualTo(json("{'f:data':{}}"));

        ObjectNode third = next.deepCopy();
        third.remove("data");
        ManagedFields.recordUpdate(next, third, "second", "v1", "", Scope.ALL, T0.plusSeconds(9));
        assertThat(third.path("metadata").has("managedFields")).isFalse();
    }

    @Test
    void clientManagedFieldsAreKeptAnEmptyListResetsThemAndGarbageFallsBackToLive() {
        ObjectNode cm = json("{'metadata':{'name':'a'},'data':{'color':'blue'}}");
        ManagedFields.recordCreate(cm, "first", "v1", Scope.ALL, T0);
        ObjectNode reset = cm.deepCopy();
        reset.with("metadata").putArray("managedFields");
        ManagedFields.recordUpdate(cm, reset, "second", "v1", "", Scope.ALL, T0);
        assertThat(reset.path("metadata").has("managedFields")).isFalse();

        ObjectNode garbage = cm.deepCopy();
        garbage.with("metadata").putArray("managedFields").addObject().put("operation", "Nope");
        ManagedFields.recordUpdate(cm, garbage, "second", "v1", "", Scope.ALL, T0);
        assertThat(garbage.path("metadata").path("managedFields"))
                .isEqualTo(cm.path("metadata").path("managedFields"));
    }

    @Test
    void moreThanTenUpdatersFoldTheOldestIntoAncientChanges() {
        ObjectNode cm = json("{'metadata':{'name':'a'},'data':{}}");
        for (int i = 0; i < 12; i++) {
            ObjectNode next = cm.deepCopy();
            ((ObjectNode) next.get("data")).put("k" + i, "v");
            ManagedFields.recordUpdate(cm, next, "m" + i, "v1", "", Scope.ALL, T0.plusSeconds(i));
            cm = next;
        }
        JsonNode managed = cm.path("metadata").path("managedFields");
        assertThat(managed).hasSize(10);
        JsonNode ancient = entry(cm, "ancient-changes");
        assertThat(ancient.path("fieldsV1").path("f:data").size()).isEqualTo(3);
        assertThat(entry(cm, "m0")).isNull();
        assertThat(entry(cm, "m11")).isNotNull();
    }
}
