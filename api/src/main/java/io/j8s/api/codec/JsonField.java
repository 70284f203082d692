package io.j8s.api.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One field of a message as its JSON shows it: the JSON name, whether a zero value is left out
 * (Go {@code omitempty} on a non-pointer scalar), whether it is an embedded struct whose fields
 * sit in the parent object ({@code inline}, then it has no name of its own).
 */
record JsonField(FieldDescriptor descriptor, String name, boolean omitsZero, boolean inline) {

    private static final Map<Descriptor, List<JsonField>> FIELDS = new ConcurrentHashMap<>();
    private static final Map<Descriptor, Map<String, JsonField>> BY_NAME = new ConcurrentHashMap<>();

    /** The fields of {@code message} in declaration order, which is the order Go writes them. */
    static List<JsonField> of(Descriptor message) {
        return FIELDS.computeIfAbsent(message, JsonField::shape);
    }

    /** The named (not inline) fields of {@code message} by JSON name. */
    static Map<String, JsonField> byName(Descriptor message) {
        return BY_NAME.computeIfAbsent(message, m -> {
            Map<String, JsonField> byName = new LinkedHashMap<>();
            for (JsonField f : of(m)) {
                if (!f.inline()) {
                    byName.put(f.name(), f);
                }
            }
            return Map.copyOf(byName);
        });
    }

    boolean isScalar() {
        return descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE;
    }

    private static List<JsonField> shape(Descriptor message) {
        GoJsonTags tags = GoJsonTags.get();
        String m = message.getFullName();
        List<JsonField> fields = new ArrayList<>();
        for (FieldDescriptor f : message.getFields()) {
            String proto = f.getName();
            boolean inline = tags.isInline(m, proto)
                    && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated();
            fields.add(new JsonField(f, inline ? null : tags.jsonName(m, proto),
                    tags.omitsZero(m, proto), inline));
        }
        return List.copyOf(fields);
    }
}
