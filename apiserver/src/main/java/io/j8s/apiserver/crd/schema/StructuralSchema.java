package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A compiled version schema: defaulting and pruning here, validation in its two parts. */
final class StructuralSchema implements VersionSchema {
    private static final Set<String> ROOT = Set.of("apiVersion", "kind", "metadata");
    private static final Set<String> META = Set.of("name", "generateName", "namespace",
            "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
            "ownerReferences", "finalizers", "managedFields");

    private final SchemaNode root;
    private final CelRules rules;

    StructuralSchema(SchemaNode root) {
        this(root, true);
    }

    StructuralSchema(SchemaNode root, boolean withRules) {
        this.root = root;
        this.rules = withRules ? CelRules.compile(root) : null;
    }

    /** Prunes a value that is not a whole object (a default): nothing kept by name. */
    List<String> pruneNested(ObjectNode o) {
        List<String> dropped = new ArrayList<>();
        pruneObject(root, o, "", false, dropped);
        return dropped;
    }

    @Override
    public void applyDefaults(ObjectNode o) {
        if (!root.raw.isMissingNode()) {
            defaults(root, o);
        }
    }

    private static void defaults(SchemaNode s, JsonNode value) {
        if (value instanceof ObjectNode obj) {
            for (Map.Entry<String, SchemaNode> p : s.properties.entrySet()) {
                SchemaNode ps = p.getValue();
                JsonNode v = obj.get(p.getKey());
                if (ps.defaultValue() != null
                        && (v == null || (v.isNull() && !ps.nullable))) {
                    obj.set(p.getKey(), ps.defaultValue().deepCopy());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                SchemaNode child = s.child(e.getKey());
                if (child != null) {
                    defaults(child, e.getValue());
                }
            }
        } else if (value instanceof ArrayNode arr && s.items != null) {
            for (int i = 0; i < arr.size(); i++) {
                if (arr.get(i).isNull() && !s.items.nullable && s.items.defaultValue() != null) {
                    arr.set(i, s.items.defaultValue().deepCopy());
                }
                defaults(s.items, arr.get(i));
            }
        }
    }

    @Override
    public List<String> prune(ObjectNode o) {
        List<String> dropped = new ArrayList<>();
        if (root.raw.isMissingNode()) {
            return dropped;
        }
        pruneObject(root, o, "", true, dropped);
        return dropped;
    }

    private static void prune(SchemaNode s, JsonNode value, String path, List<String> dropped) {
        if (value instanceof ObjectNode obj) {
            pruneObject(s, obj, path, false, dropped);
        } else if (value instanceof ArrayNode arr && s.items != null) {
            for (int i = 0; i < arr.size(); i++) {
                prune(s.items, arr.get(i), path + "[" + i + "]", dropped);
            }
        }
    }

    private static void pruneObject(SchemaNode s, ObjectNode obj, String path, boolean root,
            List<String> dropped) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String at = path + "." + name;
            if ((root || s.embedded) && ROOT.contains(name)) {
                if (s.embedded && name.equals("metadata") && e.getValue() instanceof ObjectNode m) {
                    pruneMeta(m, at, dropped);
                }
                continue;
            }
            SchemaNode child = s.properties.get(name);
            if (child == null) {
                child = s.additional;
            }
            if (child != null) {
                prune(child, e.getValue(), at, dropped);
            } else if (!s.preserveUnknown && !s.additionalAny) {
                it.remove();
                dropped.add(at);
            }
        }
    }

    private static void pruneMeta(ObjectNode meta, String path, List<String> dropped) {
        for (Iterator<String> it = meta.fieldNames(); it.hasNext();) {
            String n = it.next();
            if (!META.contains(n)) {
                it.remove();
                dropped.add(path + "." + n);
            }
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode o, ObjectNode oldOrNull) {
        List<StatusCause> causes = new ArrayList<>();
        if (root.raw.isMissingNode()) {
            return causes;
        }
        ObjectNode body = o.deepCopy();
        body.remove("metadata");
        new OpenApiValidator(causes).validate(root, body, null);
        rules.validate(root, o, oldOrNull, causes);
        return causes;
    }
}
