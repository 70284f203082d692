package io.j8s.apiserver.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {
    static ObjectNode json(String s) {
        return Json.tree(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void objectFieldsAreKeyedAsUpstreamWritesThem() {
        ObjectNode pod = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p',"
                + "'labels':{'app':'web'},'finalizers':['a/b']},"
                + "'spec':{'containers':[{'name':'web',"
                + "'image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}],"
                + "'args':['x','y']}]}}");
        assertThat(ObjectFields.of(pod).toFieldsV1().toString()).isEqualTo(
                "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"a/b\\\"\":{}},"
                + "\"f:labels\":{\"f:app\":{}}},\"f:spec\":{\"f:containers\":{"
                + "\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{},\"f:args\":{},\"f:image\":{},"
                + "\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,"
                + "\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{},"
                + "\"f:protocol\":{}}}}}}}");
    }

    @Test
    void fieldsV1RoundTrips() {
        ObjectNode tree = json("{'f:data':{'.':{},'f:color':{}},'f:spec':{'f:containers':{"
                + "'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{}}}}}");
        FieldSet s = FieldSet.fromFieldsV1(tree);
        assertThat(s.paths()).contains(List.of("f:data"), List.of("f:data", "f:color"));
        assertThat(s.toFieldsV1()).isEqualTo(tree);
    }

    @Test
    void pathsPrintAsInConflicts() {
        assertThat(FieldSet.describe(List.of("f:spec", "f:containers", "k:{\"name\":\"web\"}",
                "f:image"))).isEqualTo(".spec.containers[name=\"web\"].image");
        assertThat(FieldSet.describe(List.of("f:data", "f:color"))).isEqualTo(".data.color");
    }

    @Test
    void malformedFieldsV1IsRefused() {
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{'x:y':{}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{'f:a':3}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
