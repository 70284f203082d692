package io.j8s.apiserver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CrdValidationTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String VALID = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                additionalPrinterColumns:
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                selectableFields:
                - {jsonPath: .spec.color}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        x-kubernetes-validations:
                        - rule: self.replicas >= 0
                        properties:
                          replicas: {type: integer, default: 1}
                          color: {type: string}
            """;

    private static CustomResourceDefinition crd(Consumer<ObjectNode> change) {
        try {
            ObjectNode o = (ObjectNode) YAML.readTree(VALID);
            change.accept(o);
            return YAML.treeToValue(o, CustomResourceDefinition.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode v0(ObjectNode o) {
        return (ObjectNode) o.at("/spec/versions/0");
    }

    private static ObjectNode spec(ObjectNode o) {
        return (ObjectNode) o.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    }

    private static Consumer<ObjectNode> rule(String rule) {
        return o -> ((ObjectNode) spec(o).at("/x-kubernetes-validations/0")).put("rule", rule);
    }

    private static List<String> causes(CustomResourceDefinition crd) {
        return CrdValidation.validate(crd, null).stream()
                .map(c -> c.getField() + ": " + c.getMessage() + " [" + c.getReason() + "]")
                .toList();
    }

    @Test
    void aValidCrdHasNoCauses() {
        assertThat(causes(crd(o -> {}))).isEmpty();
    }

    static Stream<Arguments> invalid() {
        String s = "spec.validation.openAPIV3Schema";
        return Stream.of(
                Arguments.of("name not plural.group", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) o.get("metadata")).put("name", "widget.example.com"),
                        "metadata.name: Invalid value: \"widget.example.com\": must be spec.names.plural+\".\"+spec.group [FieldValueInvalid]"),
                Arguments.of("group without a dot", (Consumer<ObjectNode>) o -> {
                    ((ObjectNode) o.get("spec")).put("group", "example");
                    ((ObjectNode) o.get("metadata")).put("name", "widgets.example");
                }, "spec.group: Invalid value: \"example\": should be a domain with at least one dot [FieldValueInvalid]"),
                Arguments.of("bad scope", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) o.get("spec")).put("scope", "Global"),
                        "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\" [FieldValueNotSupported]"),
                Arguments.of("kind equals listKind", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) o.at("/spec/names")).put("listKind", "Widget"),
                        "spec.names.listKind: Invalid value: \"Widget\": kind and listKind may not be the same or parsing will fail [FieldValueInvalid]"),
                Arguments.of("two storage versions", (Consumer<ObjectNode>) o -> {
                    ObjectNode v2 = v0(o).deepCopy().put("name", "v2");
                    ((com.fasterxml.jackson.databind.node.ArrayNode) o.at("/spec/versions")).add(v2);
                }, "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:\"v1\", Served:true, Storage:true, ...}, apiextensions.CustomResourceDefinitionVersion{Name:\"v2\", Served:true, Storage:true, ...}}: must have exactly one version marked as storage version [FieldValueInvalid]"),
                Arguments.of("field without a type", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).get("properties").get("color")).remove("type"),
                        s + ".properties[spec].properties[color].type: Required value: must not be empty for specified object fields [FieldValueRequired]"),
                Arguments.of("additionalProperties beside properties", (Consumer<ObjectNode>) o ->
                        spec(o).putObject("additionalProperties").put("type", "string"),
                        s + ".properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive [FieldValueForbidden]"),
                Arguments.of("metadata with more than name", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) o.at("/spec/versions/0/schema/openAPIV3Schema/properties"))
                                .putObject("metadata").put("type", "object").putObject("properties")
                                .putObject("labels").put("type", "object"),
                        s + ".properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified [FieldValueForbidden]"),
                Arguments.of("default of the wrong type", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).at("/properties/replicas")).put("default", "one"),
                        s + ".properties[spec].properties[replicas].default: Invalid value: \"string\": " + s + ".properties[spec].properties[replicas].default in body must be of type integer: \"string\" [FieldValueInvalid]"),
                Arguments.of("list-map without keys", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).get("properties")).putObject("ports").put("type", "array")
                                .put("x-kubernetes-list-type", "map").putObject("items").put("type", "object")
                                .putObject("properties").putObject("port").put("type", "integer"),
                        s + ".properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map [FieldValueRequired]"),
                Arguments.of("a rule that does not compile", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).at("/x-kubernetes-validations/0")).put("rule", "self.replicas >"),
                        s + ".properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.replicas >\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:16: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | self.replicas >\n | ...............^ [FieldValueInvalid]"),
                Arguments.of("a rule calling a string function on an integer", rule("self.replicas.startsWith('a')"),
                        s + ".properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.replicas.startsWith('a')\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:25: found no matching overload for 'startsWith' applied to 'int.(string)'\n | self.replicas.startsWith('a')\n | ........................^ [FieldValueInvalid]"),
                Arguments.of("a rule naming a field the schema does not have", rule("self.nosuchfield > 1"),
                        s + ".properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.nosuchfield > 1\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field 'nosuchfield'\n | self.nosuchfield > 1\n | ....^ [FieldValueInvalid]"),
                Arguments.of("a rule adding an int to a string", rule("self.color + 1 == 'a'"),
                        s + ".properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.color + 1 == 'a'\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:12: found no matching overload for '_+_' applied to '(string, int)'\n | self.color + 1 == 'a'\n | ...........^ [FieldValueInvalid]"),
                Arguments.of("a rule of a type other than bool", rule("self.replicas"),
                        s + ".properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.replicas\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: cel expression must evaluate to a bool [FieldValueInvalid]"),
                Arguments.of("a messageExpression that is not a string", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).at("/x-kubernetes-validations/0")).put("messageExpression", "self.replicas"),
                        s + ".properties[spec].x-kubernetes-validations[0].messageExpression: Invalid value: apiextensions.ValidationRule{Rule:\"self.replicas >= 0\", Message:\"\", MessageExpression:\"self.replicas\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: messageExpression must evaluate to a string [FieldValueInvalid]"),
                Arguments.of("a messageExpression wrong for the schema", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).at("/x-kubernetes-validations/0")).put("messageExpression", "self.colour"),
                        s + ".properties[spec].x-kubernetes-validations[0].messageExpression: Invalid value: apiextensions.ValidationRule{Rule:\"self.replicas >= 0\", Message:\"\", MessageExpression:\"self.colour\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: messageExpression compilation failed: ERROR: <input>:1:5: undefined field 'colour'\n | self.colour\n | ....^ [FieldValueInvalid]"),
                Arguments.of("an unknown reason", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).at("/x-kubernetes-validations/0")).put("reason", "FieldValueWrong"),
                        s + ".properties[spec].x-kubernetes-validations[0].reason: Unsupported value: \"FieldValueWrong\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\" [FieldValueNotSupported]"),
                Arguments.of("a fieldPath outside the schema", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).at("/x-kubernetes-validations/0")).put("fieldPath", ".colour"),
                        s + ".properties[spec].x-kubernetes-validations[0].fieldPath: Invalid value: \".colour\": fieldPath must be a valid path: does not refer to a valid field [FieldValueInvalid]"),
                Arguments.of("optionalOldSelf on a rule without oldSelf", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) spec(o).at("/x-kubernetes-validations/0")).put("optionalOldSelf", true),
                        s + ".properties[spec].x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule [FieldValueInvalid]"),
                Arguments.of("a rule on a field with no type", (Consumer<ObjectNode>) o -> {
                    ObjectNode any = ((ObjectNode) spec(o).get("properties")).putObject("any");
                    any.put("x-kubernetes-preserve-unknown-fields", true);
                    any.putArray("x-kubernetes-validations").addObject().put("rule", "self == oldSelf");
                }, s + ".properties[spec].properties[any].x-kubernetes-validations: Internal error: internal error: failed to construct type information for x-kubernetes-validations rules: unable to convert structural schema to CEL declarations [InternalError]"),
                Arguments.of("a rule over its cost budget", (Consumer<ObjectNode>) o -> {
                    ((ObjectNode) spec(o).get("properties")).putObject("names").put("type", "array")
                            .putObject("items").put("type", "string");
                    ((ObjectNode) spec(o).at("/x-kubernetes-validations/0"))
                            .put("rule", "self.names.all(x, self.names.exists(y, x.matches(y)))");
                }, s + ".properties[spec].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared) [FieldValueForbidden]"),
                Arguments.of("webhook conversion without review versions", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) o.get("spec")).putObject("conversion").put("strategy", "Webhook")
                                .putObject("webhook").putObject("clientConfig").put("url", "https://x.example.com/convert"),
                        "spec.conversion.webhook.conversionReviewVersions: Required value: must include at least one of v1, v1beta1 [FieldValueRequired]"),
                Arguments.of("printer column of a bad type", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) v0(o).at("/additionalPrinterColumns/0")).put("type", "float"),
                        "spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: \"float\": supported values: \"integer\", \"number\", \"string\", \"boolean\", \"date\" [FieldValueNotSupported]"),
                Arguments.of("selectable field on an object", (Consumer<ObjectNode>) o ->
                        ((ObjectNode) v0(o).at("/selectableFields/0")).put("jsonPath", ".spec"),
                        "spec.versions[0].selectableFields[0].jsonPath: Invalid value: \".spec\": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed. [FieldValueInvalid]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidCrdsGiveUpstreamCauses(String name, Consumer<ObjectNode> change, String cause) {
        assertThat(causes(crd(change))).contains(cause);
    }

    @Test
    void aBoundedRuleFitsTheBudget() {
        assertThat(causes(crd(o -> {
            ((ObjectNode) spec(o).get("properties")).putObject("names").put("type", "array")
                    .put("maxItems", 10).putObject("items").put("type", "string").put("maxLength", 64);
            ((ObjectNode) spec(o).at("/x-kubernetes-validations/0"))
                    .put("rule", "self.names.all(x, self.names.exists(y, x.matches(y)))");
        }))).isEmpty();
    }

    @Test
    void rulesThatFitTheSchemaTypesCompile() {
        assertThat(causes(crd(o -> {
            ObjectNode props = (ObjectNode) spec(o).get("properties");
            props.putObject("namespace").put("type", "string");
            props.putObject("x-port").put("x-kubernetes-int-or-string", true);
            props.putObject("started").put("type", "string").put("format", "date-time");
            props.putObject("timeout").put("type", "string").put("format", "duration");
            props.putObject("ratio").put("type", "number");
            props.putObject("labels").put("type", "object").putObject("additionalProperties")
                    .put("type", "string");
            ObjectNode template = props.putObject("template").put("type", "object")
                    .put("x-kubernetes-embedded-resource", true);
            template.putObject("properties").putObject("spec").put("type", "object")
                    .put("x-kubernetes-preserve-unknown-fields", true);
            com.fasterxml.jackson.databind.node.ArrayNode rules =
                    (com.fasterxml.jackson.databind.node.ArrayNode) spec(o).get("x-kubernetes-validations");
            rules.addObject().put("rule", "self.__namespace__.startsWith('a')");
            rules.addObject().put("rule", "type(self.x__dash__port) == string ? self.x__dash__port.endsWith('%') : self.x__dash__port > 0");
            rules.addObject().put("rule", "self.started < timestamp('2030-01-01T00:00:00Z') && self.timeout > duration('1s')");
            rules.addObject().put("rule", "self.ratio + 0.5 < 2.0 && self.labels.all(k, self.labels[k].size() < 64)");
            rules.addObject().put("rule", "self.template.kind == 'Pod' && self.template.metadata.name.size() < 64");
            rules.addObject().put("rule", "!oldSelf.hasValue() || self.replicas >= oldSelf.value().replicas")
                    .put("optionalOldSelf", true);
            rules.addObject().put("rule", "self.replicas > 0").put("messageExpression",
                    "'replicas ' + string(self.replicas) + ' must be positive'")
                    .put("reason", "FieldValueForbidden").put("fieldPath", ".replicas");
        }))).isEmpty();
    }
}
