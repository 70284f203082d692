package io.j8s.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.kubernetes.client.proto.Runtime;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every kind, every field: a message with all fields set goes to JSON that fabric8's model
 * (generated from the OpenAPI schema, so from the real JSON names) reads without a single
 * unknown key, and comes back from JSON as the same message.
 */
class ProtobufSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * Keys fabric8 does not model, each for a reason that is not ours: FieldsV1 is free-form
     * (fabric8 keeps its keys as additional properties by design); PodResourceClaim.source is
     * in client-java-proto's 1.30 messages but left Kubernetes in 1.31; the rest are fields
     * of deprecated versions that Kubernetes 1.33's Go types have and fabric8's old models lack.
     */
    private static final Pattern NOT_OURS = Pattern.compile(String.join("|",
            "\\.fieldsV1\\.",
            "\\.resourceClaims\\[]\\.source$",
            "^admissionregistration\\.k8s\\.io/v1beta1 .*\\.webhooks\\[]\\.matchConditions$",
            "^batch/v1beta1 .*\\.spec\\.timeZone$",
            "^certificates\\.k8s\\.io/v1beta1 .*\\.spec\\.expirationSeconds$",
            "^policy/v1beta1 .*\\.spec\\.unhealthyPodEvictionPolicy$",
            "^storage\\.k8s\\.io/v1beta1 .*\\.spec\\.seLinuxMount$"));

    @Test
    void everyKindRoundTripsThroughJson() throws Exception {
        List<String> broken = new ArrayList<>();
        int kinds = 0;
        for (var version : ProtobufKinds.builtIn().all().entrySet()) {
            for (var kind : version.getValue().entrySet()) {
                DynamicMessage full = FullMessages.of(kind.getValue());
                ObjectNode json = Protobuf.decode(ProtobufBodies.body(version.getKey(), kind.getKey(), full));
                byte[] again = Protobuf.encode(json);
                Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(again, 4, again.length));
                DynamicMessage back = DynamicMessage.parseFrom(kind.getValue(), unknown.getRaw());
                if (!back.equals(full)) {
                    broken.add(version.getKey() + " " + kind.getKey());
                }
                kinds++;
            }
        }
        assertThat(broken).isEmpty();
        assertThat(kinds).isGreaterThan(300);
    }

    @Test
    void fabric8ReadsEveryFieldByItsJsonName() throws Exception {
        Set<String> unknownKeys = new TreeSet<>();
        int checked = 0;
        for (var version : ProtobufKinds.builtIn().all().entrySet()) {
            for (var kind : version.getValue().entrySet()) {
                ObjectNode json = Protobuf.decode(ProtobufBodies.body(version.getKey(), kind.getKey(),
                        FullMessages.of(kind.getValue())));
                KubernetesResource typed;
                try {
                    typed = MAPPER.treeToValue(json, KubernetesResource.class);
                } catch (Exception e) {
                    unknownKeys.add(version.getKey() + " " + kind.getKey() + ": fabric8 cannot read it: "
                            + e.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                if (typed instanceof GenericKubernetesResource) {
                    continue; // a kind fabric8 has no model for
                }
                collectUnknownKeys(typed, version.getKey() + " " + kind.getKey(), unknownKeys,
                        new IdentityHashMap<>());
                checked++;
            }
        }
        unknownKeys.removeIf(key -> NOT_OURS.matcher(key).find());
        assertThat(unknownKeys).isEmpty();
        assertThat(checked).as("kinds fabric8 models").isGreaterThan(140);
    }

    @Test
    void goTagsNameFieldsTheMessagesHave() {
        GoJsonTags tags = GoJsonTags.get();
        List<String> missing = new ArrayList<>();
        for (Map<String, Descriptor> kinds : ProtobufKinds.builtIn().all().values()) {
            for (Descriptor kind : kinds.values()) {
                visit(kind, new TreeSet<>(), d -> {
                    for (String f : tags.inline().getOrDefault(d.getFullName(), Set.of())) {
                        if (d.findFieldByName(f) == null) {
                            missing.add("inline " + d.getFullName() + "." + f);
                        }
                    }
                    for (String f : tags.renamed().getOrDefault(d.getFullName(), Map.of()).keySet()) {
                        if (d.findFieldByName(f) == null) {
                            missing.add("renamed " + d.getFullName() + "." + f);
                        }
                    }
                });
            }
        }
        assertThat(missing).isEmpty();
    }

    private static void visit(Descriptor d, Set<String> seen, java.util.function.Consumer<Descriptor> action) {
        if (!seen.add(d.getFullName())) {
            return;
        }
        action.accept(d);
        for (FieldDescriptor f : d.getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                visit(f.getMessageType(), seen, action);
            }
        }
    }

    /** Every key fabric8 put into additionalProperties: a JSON name its model does not know. */
    private static void collectUnknownKeys(Object o, String path, Set<String> out, Map<Object, Boolean> seen)
            throws IllegalAccessException {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            for (Object e : c) {
                collectUnknownKeys(e, path + "[]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                collectUnknownKeys(e.getValue(), path + "{}", out, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(o);
                if (f.getName().equals("additionalProperties") && v instanceof Map<?, ?> extra) {
                    for (Object key : extra.keySet()) {
                        out.add(path + "." + key);
                    }
                } else {
                    collectUnknownKeys(v, path + "." + f.getName(), out, seen);
                }
            }
        }
    }
}
