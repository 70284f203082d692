package io.j8s.api.selectors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Placeholder until the full grammar lands: equality requirements only. */
public final class FieldSelector {
    private final Map<String, String> equal;

    private FieldSelector(Map<String, String> equal) {
        this.equal = equal;
    }

    public static FieldSelector parse(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s != null && !s.isBlank()) {
            for (String part : s.split(",")) {
                String[] kv = part.split("==?", 2);
                m.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
            }
        }
        return new FieldSelector(m);
    }

    public Set<String> fields() {
        return equal.keySet();
    }

    public Optional<String> requiredValue(String field) {
        return Optional.ofNullable(equal.get(field));
    }

    public boolean matches(Function<String, String> value) {
        return equal.entrySet().stream().allMatch(e -> {
            String v = value.apply(e.getKey());
            return e.getValue().equals(v == null ? "" : v);
        });
    }
}
