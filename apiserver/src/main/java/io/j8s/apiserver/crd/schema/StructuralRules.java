package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's structural schema rules: a type everywhere (unless int-or-string or
 * preserve-unknown-fields), object at the root, no additionalProperties beside properties,
 * metadata limited to name and generateName, consistent list types and map keys, defaults that
 * validate and survive pruning, and x-kubernetes-validations rules that compile within budget.
 */
final class StructuralRules {
    private static final List<String> LIST_TYPES = List.of("atomic", "set", "map");

    private final List<StatusCause> causes;

    private StructuralRules(List<StatusCause> causes) {
        this.causes = causes;
    }

    /** @return the estimated cost of all rules times their occurrences */
    static long validate(JSONSchemaProps schema, FieldPath p, List<StatusCause> causes) {
        SchemaNode root = SchemaNode.of(schema);
        StructuralRules rules = new StructuralRules(causes);
        if (root.type.isEmpty()) {
            causes.add(Causes.required(p.child("type"), "must not be empty at the root"));
        } else if (!root.type.equals("object")) {
            causes.add(Causes.invalid(p.child("type"), root.type, "must be object at the root"));
        }
        SchemaNode metadata = root.properties.get("metadata");
        if (metadata != null) {
            rules.metadata(metadata, p.child("properties[metadata]"));
        }
        rules.walk(root, p, "");
        CelRules cel = CelRules.compile(root);
        for (CelRules.Problem problem : cel.problems) {
            StatusCause c = problem.cause();
            causes.add(new StatusCause(p.value() + "." + problem.schemaPath(), c.getMessage(),
                    c.getReason()));
        }
        return cel.totalCost;
    }

    private void metadata(SchemaNode m, FieldPath p) {
        Set<String> allowed = Set.of("name", "generateName");
        boolean ok = m.type.equals("object") || m.type.isEmpty();
        for (Iterator<String> it = m.raw.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("type") && !f.equals("properties") && !f.equals("description")) {
                ok = false;
            }
        }
        for (String name : m.properties.keySet()) {
            ok &= allowed.contains(name);
        }
        if (!ok) {
            causes.add(Causes.forbidden(p, "must not specify anything other than name and"
                    + " generateName, but metadata is implicitly specified"));
        }
    }

    private void walk(SchemaNode s, FieldPath p, String role) {
        if (s.type.isEmpty() && !s.intOrString && !s.preserveUnknown && !role.isEmpty()) {
            causes.add(Causes.required(p.child("type"), "must not be empty for specified "
                    + role));
        }
        if (s.intOrString && !s.type.isEmpty()) {
            causes.add(Causes.invalid(p.child("type"), s.type,
                    "must be empty if x-kubernetes-int-or-string is true"));
        }
        if (!s.properties.isEmpty() && (s.additional != null || s.additionalAny)) {
            causes.add(Causes.forbidden(p.child("additionalProperties"),
                    "additionalProperties and properties are mutual exclusive"));
        }
        JsonNode preserve = s.get("x-kubernetes-preserve-unknown-fields");
        if (preserve.isBoolean() && !preserve.booleanValue()) {
            causes.add(Causes.invalid(p.child("x-kubernetes-preserve-unknown-fields"), false,
                    "must be true or undefined"));
        }
        listType(s, p);
        if (s.defaultValue() != null) {
            defaults(s, p.child("default"));
        }
        for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
            walk(e.getValue(), p.child("properties[" + e.getKey() + "]"), "object fields");
        }
        if (s.items != null) {
            walk(s.items, p.child("items"), "array items");
        } else if (s.type.equals("array")) {
            causes.add(Causes.required(p.child("items"), "must be specified"));
        }
        if (s.additional != null) {
            walk(s.additional, p.child("additionalProperties"), "additionalProperties");
        }
    }

    private void listType(SchemaNode s, FieldPath p) {
        String listType = s.listType();
        List<String> keys = s.mapKeys();
        if (!listType.isEmpty() && !LIST_TYPES.contains(listType)) {
            causes.add(Causes.notSupported(p.child("x-kubernetes-list-type"), listType,
                    LIST_TYPES));
            return;
        }
        if (!listType.isEmpty() && !s.type.equals("array")) {
            causes.add(Causes.invalid(p.child("x-kubernetes-list-type"), listType,
                    "must only be used on type array"));
        }
        if (!keys.isEmpty() && !listType.equals("map")) {
            causes.add(Causes.invalid(p.child("x-kubernetes-list-type"),
                    listType.isEmpty() ? null : listType,
                    "must be map if x-kubernetes-list-map-keys is non-empty"));
        }
        if (!listType.equals("map")) {
            return;
        }
        if (keys.isEmpty()) {
            causes.add(Causes.required(p.child("x-kubernetes-list-map-keys"),
                    "must not be empty if x-kubernetes-list-type is map"));
        }
        if (s.items == null || !s.items.type.equals("object")) {
            causes.add(Causes.invalid(p.child("items").child("type"),
                    s.items == null ? "" : s.items.type,
                    "must be object if parent array's x-kubernetes-list-type is map"));
            return;
        }
        for (int i = 0; i < keys.size(); i++) {
            SchemaNode key = s.items.properties.get(keys.get(i));
            if (key == null) {
                causes.add(Causes.invalid(p.child("x-kubernetes-list-map-keys").index(i),
                        keys.get(i), "entries must all be names of item properties"));
            } else if (!Set.of("string", "integer", "boolean").contains(key.type)
                    && !key.intOrString) {
                causes.add(Causes.invalid(p.child("items").child("properties[" + keys.get(i)
                        + "]").child("type"), key.type,
                        "must be a scalar type if parent array's x-kubernetes-list-type is map"));
            }
        }
    }

    private void defaults(SchemaNode s, FieldPath p) {
        JsonNode value = s.defaultValue();
        List<StatusCause> found = new ArrayList<>();
        new OpenApiValidator(found).validate(s, value, p);
        causes.addAll(found);
        if (value instanceof ObjectNode obj) {
            ObjectNode copy = obj.deepCopy();
            List<String> dropped = new ArrayList<>();
            StructuralSchema pruning = new StructuralSchema(s, false);
            dropped.addAll(pruning.pruneNested(copy));
            if (!dropped.isEmpty()) {
                causes.add(Causes.invalid(p, new Causes.GoValue(obj.toString()),
                        "must not have unknown fields: " + String.join(", ", dropped)));
            }
        }
    }
}
