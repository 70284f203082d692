package io.j8s.apiserver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaTypesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static SchemaNode schema(String yaml) throws Exception {
        return new SchemaNode(YAML.readTree(yaml));
    }

    private static CelType field(CelType struct, String name) {
        return ((StructType) struct).findField(name).map(StructType.Field::type).orElse(null);
    }

    @Test
    void structuralSchemaBecomesObjectListAndMapTypes() throws Exception {
        SchemaNode root = schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      replicas: {type: integer}
                      ratio: {type: number}
                      name: {type: string}
                      enabled: {type: boolean}
                      port: {x-kubernetes-int-or-string: true}
                      started: {type: string, format: date-time}
                      day: {type: string, format: date}
                      timeout: {type: string, format: duration}
                      data: {type: string, format: byte}
                      tags: {type: array, items: {type: string}}
                      labels: {type: object, additionalProperties: {type: string}}
                      namespace: {type: string}
                      app.kubernetes.io/name: {type: string}
                      "has space": {type: string}
                      anything: {x-kubernetes-preserve-unknown-fields: true}
                      template:
                        type: object
                        x-kubernetes-embedded-resource: true
                        properties:
                          spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
                """);
        SchemaTypes types = SchemaTypes.build(root);
        CelType self = types.typeOf(root);
        assertThat(self.kind()).isEqualTo(CelKind.STRUCT);
        assertThat(((StructType) self).fieldNames())
                .containsExactlyInAnyOrder("spec", "apiVersion", "kind", "metadata");
        assertThat(((StructType) field(self, "metadata")).fieldNames())
                .containsExactlyInAnyOrder("name", "generateName");
        CelType spec = field(self, "spec");
        assertThat(field(spec, "replicas")).isEqualTo(SimpleType.INT);
        assertThat(field(spec, "ratio")).isEqualTo(SimpleType.DOUBLE);
        assertThat(field(spec, "name")).isEqualTo(SimpleType.STRING);
        assertThat(field(spec, "enabled")).isEqualTo(SimpleType.BOOL);
        assertThat(field(spec, "port")).isEqualTo(SimpleType.DYN);
        assertThat(field(spec, "started")).isEqualTo(SimpleType.TIMESTAMP);
        assertThat(field(spec, "day")).isEqualTo(SimpleType.TIMESTAMP);
        assertThat(field(spec, "timeout")).isEqualTo(SimpleType.DURATION);
        assertThat(field(spec, "data")).isEqualTo(SimpleType.BYTES);
        assertThat(field(spec, "tags")).isEqualTo(ListType.create(SimpleType.STRING));
        assertThat(field(spec, "labels"))
                .isEqualTo(MapType.create(SimpleType.STRING, SimpleType.STRING));
        assertThat(field(spec, "__namespace__")).isEqualTo(SimpleType.STRING);
        assertThat(field(spec, "app__dot__kubernetes__dot__io__slash__name"))
                .isEqualTo(SimpleType.STRING);
        assertThat(((StructType) spec).fieldNames()).doesNotContain("namespace", "has space",
                "anything");
        CelType template = field(spec, "template");
        assertThat(((StructType) template).fieldNames())
                .containsExactlyInAnyOrder("spec", "apiVersion", "kind", "metadata");
        assertThat(((StructType) field(template, "spec")).fieldNames()).isEmpty();
        assertThat(types.structs()).contains((StructType) self, (StructType) spec,
                (StructType) template);
    }
}
