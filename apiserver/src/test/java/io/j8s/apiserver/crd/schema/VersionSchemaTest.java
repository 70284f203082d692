package io.j8s.apiserver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static JSONSchemaProps schema(String yaml) throws Exception {
        return YAML.readValue(yaml, JSONSchemaProps.class);
    }

    static ObjectNode obj(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    static List<String> messages(List<StatusCause> causes) {
        return causes.stream().map(c -> c.getField() + ": " + c.getMessage() + " [" + c.getReason()
                + "]").toList();
    }

    private static final String WIDGET = """
            type: object
            properties:
              spec:
                type: object
                required: [name]
                x-kubernetes-validations:
                - rule: self.replicas <= self.maxReplicas
                  message: replicas must not exceed maxReplicas
                - rule: self.name == oldSelf.name
                  message: name is immutable
                  reason: FieldValueForbidden
                  fieldPath: .name
                properties:
                  name: {type: string, minLength: 3, maxLength: 8, pattern: '^[a-z]+$'}
                  replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
                  maxReplicas: {type: integer, default: 5}
                  color: {type: string, enum: [red, green]}
                  ip: {type: string, format: ipv4}
                  ratio: {type: number, nullable: true, multipleOf: 0.5}
                  port: {x-kubernetes-int-or-string: true}
                  tags: {type: array, maxItems: 2, minItems: 1, items: {type: string}, x-kubernetes-list-type: set}
                  labels: {type: object, maxProperties: 2, additionalProperties: {type: string}}
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [port]
                    items:
                      type: object
                      properties:
                        port: {type: integer}
                        protocol: {type: string, default: TCP}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties:
                      spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  choice:
                    type: object
                    properties:
                      a: {type: string}
                      b: {type: string}
                    oneOf:
                    - required: [a]
                    - required: [b]
              status:
                type: object
                x-kubernetes-preserve-unknown-fields: true
            """;

    @Test
    void defaultsFillAbsentFieldsNestedAndInListItems() throws Exception {
        VersionSchema s = VersionSchema.compile(schema(WIDGET));
        ObjectNode o = obj("{'spec':{'name':'abc','ports':[{'port':80}],'maxReplicas':null}}");
        s.applyDefaults(o);
        assertThat(o.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(o.at("/spec/maxReplicas").asInt()).isEqualTo(5);
        assertThat(o.at("/spec/ports/0/protocol").asText()).isEqualTo("TCP");
    }

    @Test
    void pruningDropsUnknownFieldsAndReportsTheirPaths() throws Exception {
        VersionSchema s = VersionSchema.compile(schema(WIDGET));
        ObjectNode o = obj("{'apiVersion':'x/v1','kind':'W','metadata':{'name':'w','x':1},"
                + "'spec':{'name':'abc','foo':1,'ports':[{'port':80,'bar':2}],"
                + "'template':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','junk':1},"
                + "'spec':{'anything':true},'extra':1}},'status':{'free':1},'top':1}");
        List<String> dropped = s.prune(o);
        assertThat(dropped).containsExactlyInAnyOrder(".spec.foo", ".spec.ports[0].bar",
                ".spec.template.metadata.junk", ".spec.template.extra", ".top");
        assertThat(o.at("/metadata/x").asInt()).isEqualTo(1);
        assertThat(o.at("/spec/template/spec/anything").asBoolean()).isTrue();
        assertThat(o.at("/spec/template/kind").asText()).isEqualTo("Pod");
        assertThat(o.at("/status/free").asInt()).isEqualTo(1);
    }

    @Test
    void openApiValidationWithUpstreamMessages() throws Exception {
        VersionSchema s = VersionSchema.compile(schema(WIDGET));
        ObjectNode o = obj("{'metadata':{'name':'w'},'spec':{'name':'AB','replicas':20,"
                + "'maxReplicas':'x','color':'blue','ip':'300.1.1.1','ratio':0.3,'port':true,"
                + "'tags':['a','a','b'],'labels':{'a':'1','b':'2','c':3},"
                + "'ports':[{'port':1},{'port':1}],'choice':{'a':'x','b':'y'}}}");
        assertThat(messages(s.validate(o, null))).contains(
                "spec.name: Invalid value: \"AB\": spec.name in body should be at least 3 chars long [FieldValueInvalid]",
                "spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$' [FieldValueInvalid]",
                "spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10 [FieldValueInvalid]",
                "spec.maxReplicas: Invalid value: \"string\": spec.maxReplicas in body must be of type integer: \"string\" [FieldValueInvalid]",
                "spec.color: Unsupported value: \"blue\": supported values: \"red\", \"green\" [FieldValueNotSupported]",
                "spec.ip: Invalid value: \"300.1.1.1\": spec.ip in body must be of type ipv4: \"300.1.1.1\" [FieldValueInvalid]",
                "spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.5 [FieldValueInvalid]",
                "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer or string: \"boolean\" [FieldValueInvalid]",
                "spec.tags: Too many: 3: must have at most 2 items [FieldValueTooMany]",
                "spec.tags[1]: Duplicate value: \"a\" [FieldValueDuplicate]",
                "spec.labels: Too many: 3: must have at most 2 items [FieldValueTooMany]",
                "spec.labels.c: Invalid value: \"integer\": spec.labels.c in body must be of type string: \"integer\" [FieldValueInvalid]",
                "spec.choice: Invalid value: \"object\": spec.choice in body must validate one and only one schema (oneOf) [FieldValueInvalid]");
        assertThat(messages(s.validate(obj("{'spec':{'ratio':null,'name':'abcdefghij','replicas':1,'maxReplicas':1}}"), null)))
                .containsExactly("spec.name: Too long: may not be more than 8 bytes [FieldValueTooLong]");
        assertThat(messages(s.validate(obj("{'spec':{'tags':[],'replicas':1,'maxReplicas':1}}"), null))).containsExactly(
                "spec.name: Required value [FieldValueRequired]",
                "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items [FieldValueInvalid]");
    }

    @Test
    void celRulesWithMessagesAndTransitionRules() throws Exception {
        VersionSchema s = VersionSchema.compile(schema(WIDGET));
        ObjectNode o = obj("{'spec':{'name':'abc','replicas':7,'maxReplicas':5}}");
        assertThat(messages(s.validate(o, null))).containsExactly(
                "spec: Invalid value: \"object\": replicas must not exceed maxReplicas [FieldValueInvalid]");
        ObjectNode ok = obj("{'spec':{'name':'abc','replicas':1,'maxReplicas':5}}");
        assertThat(s.validate(ok, null)).isEmpty();
        ObjectNode renamed = obj("{'spec':{'name':'xyz','replicas':1,'maxReplicas':5}}");
        assertThat(s.validate(renamed, null)).as("no oldSelf on create").isEmpty();
        assertThat(messages(s.validate(renamed, ok))).containsExactly(
                "spec.name: Forbidden: name is immutable [FieldValueForbidden]");
    }

    @Test
    void messageExpressionAndDefaultMessage() throws Exception {
        VersionSchema s = VersionSchema.compile(schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
                    x-kubernetes-validations:
                    - rule: self.size < 10
                      messageExpression: "'size ' + string(self.size) + ' is too big'"
                    - rule: self.size % 2 == 0
                """));
        assertThat(messages(s.validate(obj("{'spec':{'size':11}}"), null))).containsExactly(
                "spec: Invalid value: \"object\": size 11 is too big [FieldValueInvalid]",
                "spec: Invalid value: \"object\": failed rule: self.size % 2 == 0 [FieldValueInvalid]");
    }

    @Test
    void ruleOverListItemsRunsPerItemAndSeesOldItemsByMapKey() throws Exception {
        VersionSchema s = VersionSchema.compile(schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      ports:
                        type: array
                        maxItems: 10
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name]
                        items:
                          type: object
                          x-kubernetes-validations:
                          - {rule: "self.port == oldSelf.port", message: port is immutable}
                          properties:
                            name: {type: string, maxLength: 10}
                            port: {type: integer}
                """));
        ObjectNode old = obj("{'spec':{'ports':[{'name':'a','port':1},{'name':'b','port':2}]}}");
        ObjectNode now = obj("{'spec':{'ports':[{'name':'b','port':3},{'name':'a','port':1},"
                + "{'name':'c','port':9}]}}");
        assertThat(messages(s.validate(now, old))).containsExactly(
                "spec.ports[0]: Invalid value: \"object\": port is immutable [FieldValueInvalid]");
    }

    @Test
    void optionalOldSelfRunsOnCreateWithAnEmptyOldSelf() throws Exception {
        VersionSchema s = VersionSchema.compile(schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
                    x-kubernetes-validations:
                    - rule: "oldSelf.hasValue() ? self.size >= oldSelf.value().size : self.size < 5"
                      optionalOldSelf: true
                      message: size may only grow, and starts below 5
                """));
        String failed = "spec: Invalid value: \"object\": size may only grow, and starts below 5"
                + " [FieldValueInvalid]";
        assertThat(messages(s.validate(obj("{'spec':{'size':7}}"), null))).as("create")
                .containsExactly(failed);
        assertThat(s.validate(obj("{'spec':{'size':3}}"), null)).isEmpty();
        assertThat(s.validate(obj("{'spec':{'size':9}}"), obj("{'spec':{'size':3}}"))).isEmpty();
        assertThat(messages(s.validate(obj("{'spec':{'size':2}}"), obj("{'spec':{'size':3}}"))))
                .as("update").containsExactly(failed);
    }

    @Test
    void valuesHaveTheirSchemaTypesWhenRulesRun() throws Exception {
        VersionSchema s = VersionSchema.compile(schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      namespace: {type: string}
                      ratio: {type: number}
                      started: {type: string, format: date-time}
                      day: {type: string, format: date}
                      timeout: {type: string, format: duration}
                      data: {type: string, format: byte}
                    x-kubernetes-validations:
                    - rule: self.__namespace__ == 'prod'
                    - rule: self.ratio + 0.5 == 1.5
                    - rule: self.started > timestamp('2024-01-01T00:00:00Z')
                    - rule: self.day == timestamp('2024-03-01T00:00:00Z')
                    - rule: self.timeout == duration('90s')
                    - rule: self.data == b'hi'
                """));
        assertThat(s.validate(obj("{'spec':{'namespace':'prod','ratio':1,"
                + "'started':'2024-05-01T10:00:00Z','day':'2024-03-01','timeout':'1m30s',"
                + "'data':'aGk='}}"), null)).isEmpty();
        assertThat(messages(s.validate(obj("{'spec':{'namespace':'dev','ratio':1.5,"
                + "'started':'2023-05-01T10:00:00Z','day':'2024-03-02','timeout':'1m',"
                + "'data':'aGo='}}"), null))).hasSize(6);
    }
}
