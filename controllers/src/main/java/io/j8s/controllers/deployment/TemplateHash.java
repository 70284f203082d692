package io.j8s.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code pod-template-hash} of a Deployment's pod template, as upstream's ComputeHash: an
 * FNV-32a hash of the template (here of its canonical JSON: keys sorted, so the same template
 * always hashes the same, across restarts and versions of j8s) and of the collision count,
 * written as its decimal digits mapped onto upstream's safe alphabet (no vowels, no 0, 1, 3).
 */
final class TemplateHash {
    static final String LABEL = "pod-template-hash";
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {}

    static String of(PodTemplateSpec template, Integer collisionCount) {
        int hash = 0x811c9dc5;
        for (byte b : canonical(Serialization.jsonMapper().valueToTree(template))
                .getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                hash ^= (c >>> (8 * i)) & 0xff;
                hash *= 0x01000193;
            }
        }
        String digits = Long.toString(Integer.toUnsignedLong(hash));
        StringBuilder out = new StringBuilder(digits.length());
        for (char ch : digits.toCharArray()) {
            out.append(ALPHANUMS.charAt(ch % ALPHANUMS.length()));
        }
        return out.toString();
    }

    /** Whether two templates are the same but for their pod-template-hash label. */
    static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static JsonNode withoutHash(PodTemplateSpec template) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(template);
        if (tree instanceof ObjectNode o && o.get("metadata") instanceof ObjectNode meta) {
            if (meta.get("labels") instanceof ObjectNode labels) {
                labels.remove(LABEL);
                if (labels.isEmpty()) {
                    meta.remove("labels");
                }
            }
            if (meta.isEmpty()) {
                o.remove("metadata");
            }
        }
        return tree;
    }

    /** JSON with every object's keys sorted. */
    static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    names.add(e.getKey());
                }
            }
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(Serialization.asJson(names.get(i))).append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }
}
